import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import type { NtmRow, PovertyRow } from '../domain/rows.js';
import type { SubmissionRecord } from '../ports/store.js';

export interface CommuneRows {
  ntm: Map<UnitCode, NtmRow>;
  poverty: Map<UnitCode, PovertyRow>;
}

/**
 * Accepted commune rows of every stored submission. A commune can be reported by its district and
 * by itself (a unit reports for itself and the communes below it): the deepest reporting unit wins,
 * because it is closest to the source.
 */
export function communeRows(hierarchy: Hierarchy, records: Iterable<SubmissionRecord>): CommuneRows {
  const depth = (code: UnitCode): number => hierarchy.ancestors(code).length;
  const ordered = [...records].filter((r) => hierarchy.get(r.unit) !== undefined).sort((a, b) => depth(a.unit) - depth(b.unit) || a.unit.localeCompare(b.unit));
  const ntm = new Map<UnitCode, NtmRow>();
  const poverty = new Map<UnitCode, PovertyRow>();
  for (const record of ordered) {
    for (const row of record.data.ntm ?? []) if (hierarchy.get(row.commune)) ntm.set(row.commune, row);
    for (const row of record.data.poverty ?? []) if (hierarchy.get(row.commune)) poverty.set(row.commune, row);
  }
  return { ntm, poverty };
}
