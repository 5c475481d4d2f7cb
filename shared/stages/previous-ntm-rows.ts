import type { Target } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import { previousPeriod } from '../domain/previous-period.js';
import type { NtmRow } from '../domain/rows.js';
import { offersProgressIndicators } from '../indicators/ntm-level-catalogue.js';
import { atLeastNamed, type NtmLevelInputs } from '../indicators/ntm-level-indicators.js';
import type { Store } from '../ports/store.js';
import { communeRows } from './commune-rows.js';

/**
 * The commune rows accepted for the previous period, as its last run left them in the store
 * (`ntm.avg_gain` compares with them). Undefined when that period has no NTM rows stored, or the
 * period's set has no such indicator: the store is then not read at all.
 */
export async function previousNtmRows(store: Pick<Store, 'loadSubmissions'>, hierarchy: Hierarchy, period: PeriodId, set: CriteriaSet): Promise<Map<UnitCode, NtmRow> | undefined> {
  if (!offersProgressIndicators(set)) return undefined;
  const records = await store.loadSubmissions(previousPeriod(period));
  const rows = communeRows(hierarchy, records.values()).ntm;
  return rows.size === 0 ? undefined : rows;
}

/** What the from-2021 NTM indicators need beyond this period's rows: the targeted n, the previous period. */
export async function ntmLevelInputs(
  store: Pick<Store, 'loadSubmissions'>,
  hierarchy: Hierarchy,
  targets: readonly Target[],
  period: PeriodId,
  set: CriteriaSet,
): Promise<NtmLevelInputs> {
  const previous = await previousNtmRows(store, hierarchy, period, set);
  const atLeast = atLeastNamed(targets.filter((t) => t.period === period).map((t) => t.indicator));
  return previous === undefined ? { atLeast } : { atLeast, previous };
}
