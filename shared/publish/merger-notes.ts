import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import type { MergerIndex } from '../domain/mergers.js';

/**
 * The note on a merged unit's name in the per-unit tables: `Sáp nhập từ: Xã A (001), Xã B (002)`,
 * so a reader comparing with last year's tables finds where the old communes went. An old unit is
 * named from `Tên đơn vị cũ`, else from `Đơn vị` if it is still listed there, else by its code.
 */
export function mergerNotes(hierarchy: Hierarchy, mergers: MergerIndex): Map<UnitCode, string> {
  const nameOf = new Map<UnitCode, string>();
  for (const m of mergers.mergers) if (m.fromName !== undefined && !nameOf.has(m.from)) nameOf.set(m.from, m.fromName);
  const out = new Map<UnitCode, string>();
  for (const successor of mergers.successors()) {
    if (hierarchy.get(successor) === undefined) continue;
    const parts = mergers.predecessorsOf(successor).map((code) => {
      const name = nameOf.get(code) ?? hierarchy.get(code)?.name;
      return name === undefined ? code : `${name} (${code})`;
    });
    out.set(successor, `Sáp nhập từ: ${parts.join(', ')}`);
  }
  return out;
}
