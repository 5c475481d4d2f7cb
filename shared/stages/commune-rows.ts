import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { rowsOf } from '../programmes/submission-rows.js';
import type { SubmissionRecord } from '../ports/store.js';

/** One programme's accepted rows: by the unit each is about (deepest reporting unit wins), and all of them. */
export interface AcceptedRows {
  byUnit: ReadonlyMap<UnitCode, object>;
  all: readonly object[];
}

/** Accepted rows by programme. */
export type CommuneRows = ReadonlyMap<Programme, AcceptedRows>;

/**
 * Accepted rows of every stored submission, for each programme of the registry, about units of
 * the hierarchy. A commune can be reported by its district and by itself (a unit reports for
 * itself and the communes below it): in `byUnit` the deepest reporting unit wins, because it is
 * closest to the source. `all` keeps every row, for programmes whose rows are each reporting
 * unit's own figures (DTTS).
 */
export function communeRows(hierarchy: Hierarchy, records: Iterable<SubmissionRecord>, modules: ProgrammeModules = PROGRAMME_MODULES): CommuneRows {
  const depth = (code: UnitCode): number => hierarchy.ancestors(code).length;
  const ordered = [...records].filter((r) => hierarchy.get(r.unit) !== undefined).sort((a, b) => depth(a.unit) - depth(b.unit) || a.unit.localeCompare(b.unit));
  const out = new Map<Programme, AcceptedRows>();
  for (const m of modules) {
    const byUnit = new Map<UnitCode, object>();
    const all: object[] = [];
    for (const record of ordered) {
      for (const row of rowsOf(record.data, m.id) ?? []) {
        const unit = m.rowUnit(row);
        if (!hierarchy.get(unit)) continue;
        byUnit.set(unit, row);
        all.push(row);
      }
    }
    out.set(m.id, { byUnit, all });
  }
  return out;
}
