import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { CommuneRow } from '../programmes/programme-module.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { rowsOf } from '../programmes/submission-rows.js';
import type { SubmissionRecord } from '../ports/store.js';

/** Accepted commune rows by programme, then commune. */
export type CommuneRows = ReadonlyMap<Programme, ReadonlyMap<UnitCode, CommuneRow>>;

/**
 * Accepted commune rows of every stored submission, for each programme of the registry. A commune
 * can be reported by its district and by itself (a unit reports for itself and the communes below
 * it): the deepest reporting unit wins, because it is closest to the source.
 */
export function communeRows(hierarchy: Hierarchy, records: Iterable<SubmissionRecord>, modules: ProgrammeModules = PROGRAMME_MODULES): CommuneRows {
  const depth = (code: UnitCode): number => hierarchy.ancestors(code).length;
  const ordered = [...records].filter((r) => hierarchy.get(r.unit) !== undefined).sort((a, b) => depth(a.unit) - depth(b.unit) || a.unit.localeCompare(b.unit));
  const out = new Map<Programme, Map<UnitCode, CommuneRow>>();
  for (const m of modules) {
    const rows = new Map<UnitCode, CommuneRow>();
    for (const record of ordered) for (const row of rowsOf(record.data, m.id) ?? []) if (hierarchy.get(row.commune)) rows.set(row.commune, row);
    out.set(m.id, rows);
  }
  return out;
}
