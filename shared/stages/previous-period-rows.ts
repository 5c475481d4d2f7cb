import type { Hierarchy } from '../domain/hierarchy.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import { previousPeriod } from '../domain/previous-period.js';
import type { Programme } from '../domain/programme.js';
import type { ProgrammeModules } from '../programmes/registry.js';
import type { Store } from '../ports/store.js';
import { communeRows } from './commune-rows.js';

/**
 * The commune rows accepted for the previous period, as its last run left them in the store, for
 * the modules whose indicators compare with it (`ntm.avg_gain`). The store is read only when one
 * does; a programme with no row stored for that period gets none.
 */
export async function previousPeriodRows(
  store: Pick<Store, 'loadSubmissions'>,
  hierarchy: Hierarchy,
  period: PeriodId,
  set: CriteriaSet,
  modules: ProgrammeModules,
): Promise<ReadonlyMap<Programme, ReadonlyMap<UnitCode, object>>> {
  const wanting = modules.filter((m) => m.usesPreviousPeriod?.(set) === true);
  if (wanting.length === 0) return new Map();
  const records = await store.loadSubmissions(previousPeriod(period));
  const out = new Map<Programme, ReadonlyMap<UnitCode, object>>();
  for (const [programme, accepted] of communeRows(hierarchy, records.values(), wanting)) if (accepted.byUnit.size > 0) out.set(programme, accepted.byUnit);
  return out;
}
