import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import { GROUP_PREFIX, groupScope, type Scope, type Unit } from '../domain/unit.js';

/** A unit with its depth in the tree (0 for a root) and the number of communes in its subtree. */
export interface TreeEntry {
  unit: Unit;
  depth: number;
  communes: number;
}

/**
 * Every unit once in reading order: each root, then its children depth-first, in the order of the
 * `Đơn vị` tab. Iterative (a 10,000-commune province must not hit the call-stack limit) and
 * cycle-safe (a unit already placed is not visited again).
 */
export function treeOrder(hierarchy: Hierarchy): TreeEntry[] {
  const out: TreeEntry[] = [];
  const parentIndex: number[] = [];
  const seen = new Set<UnitCode>();
  const stack: { unit: Unit; depth: number; parent: number }[] = [];
  // Roots pushed in reverse so the first root is popped first.
  for (let i = hierarchy.roots.length - 1; i >= 0; i--) {
    const root = hierarchy.roots[i];
    if (root) stack.push({ unit: root, depth: 0, parent: -1 });
  }
  while (stack.length > 0) {
    const top = stack.pop() as { unit: Unit; depth: number; parent: number }; // length checked above
    if (seen.has(top.unit.code)) continue;
    seen.add(top.unit.code);
    const index = out.length;
    out.push({ unit: top.unit, depth: top.depth, communes: top.unit.level === 'xa' ? 1 : 0 });
    parentIndex.push(top.parent);
    const kids = hierarchy.children(top.unit.code);
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i];
      if (kid && !seen.has(kid.code)) stack.push({ unit: kid, depth: top.depth + 1, parent: index });
    }
  }
  // Children come after their parent, so one backward pass adds every subtree up.
  for (let i = out.length - 1; i >= 0; i--) {
    const p = parentIndex[i] ?? -1;
    const child = out[i];
    const parent = out[p];
    if (child && parent) parent.communes += child.communes;
  }
  return out;
}

/** Number of distinct communes under the units carrying each group tag, in first-seen tag order. */
export function groupCommuneCounts(hierarchy: Hierarchy): Map<string, number> {
  const out = new Map<string, number>();
  for (const tag of hierarchy.groupTags()) {
    const communes = new Set<UnitCode>();
    for (const member of hierarchy.inGroup(tag)) for (const c of hierarchy.communesUnder(member.code)) communes.add(c.code);
    out.set(tag, communes.size);
  }
  return out;
}

/** The tag of a `nhóm:<tag>` scope. */
export const groupTag = (scope: Scope): string => scope.slice(GROUP_PREFIX.length);

/** How a scope is named to people: the unit's name, `Nhóm: <tag>`, or the code when unknown. */
/** One naming rule for messages and sheets alike. */
export { scopeName } from '../indicators/scope-name.js';

/**
 * A rank for sorting scopes: units in tree order, then groups in tag order, then anything unknown
 * (ties are left to a stable sort).
 */
export function scopeRanker(hierarchy: Hierarchy): (scope: Scope) => number {
  const rank = new Map<Scope, number>();
  for (const entry of treeOrder(hierarchy)) rank.set(entry.unit.code, rank.size);
  for (const tag of hierarchy.groupTags()) rank.set(groupScope(tag), rank.size);
  const unknown = rank.size;
  return (scope) => rank.get(scope) ?? unknown;
}
