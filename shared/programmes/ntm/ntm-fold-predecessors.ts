import type { UnitCode } from '../../domain/ids.js';
import type { NtmRow } from '../../domain/rows.js';

/**
 * A merged commune's previous NTM row: a criterion counts as met before only when every part met
 * it, so the merger itself never reads as a lost criterion, while a criterion all of them had and
 * the merged commune lacks still does.
 */
export function foldNtmPredecessors(commune: UnitCode, own: NtmRow | undefined, predecessors: readonly NtmRow[]): NtmRow {
  const parts = own === undefined ? predecessors : [own, ...predecessors];
  const size = Math.max(...parts.map((p) => p.criteria.length));
  const criteria = Array.from({ length: size }, (_, i) => parts.every((p) => p.criteria[i] === true));
  return { commune, name: own?.name ?? '', criteria };
}
