import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';

/**
 * Every unit once, children before their parent, so totals can be built bottom-up in one pass.
 * Iterative (a 10,000-commune tree must not hit the call-stack limit) and cycle-safe: a child that
 * is still being visited is skipped, so a malformed `Đơn vị` tab cannot loop forever.
 */
export function orderedUnits(h: Hierarchy): Unit[] {
  const out: Unit[] = [];
  const state = new Map<UnitCode, 'open' | 'done'>();
  for (const start of h.byCode.values()) {
    if (state.has(start.code)) continue;
    const stack: { unit: Unit; next: number }[] = [{ unit: start, next: 0 }];
    state.set(start.code, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { unit: Unit; next: number }; // length checked above
      const kids = h.children(top.unit.code);
      const child = kids[top.next];
      if (child !== undefined) {
        top.next++;
        if (!state.has(child.code)) {
          state.set(child.code, 'open');
          stack.push({ unit: child, next: 0 });
        }
        continue;
      }
      stack.pop();
      state.set(top.unit.code, 'done');
      out.push(top.unit);
    }
  }
  return out;
}

/** Units carrying each group tag, in the hierarchy's order; one scan for all tags. */
export function groupMembers(h: Hierarchy): Map<string, Unit[]> {
  const out = new Map<string, Unit[]>();
  for (const tag of h.groupTags()) out.set(tag, []);
  for (const u of h.byCode.values()) for (const tag of u.groups) out.get(tag)?.push(u);
  return out;
}

/**
 * Each group's communes: the union of the communes under its members, de-duplicated (a group may
 * list a district and one of its communes).
 */
export function groupCommunes(h: Hierarchy): Map<string, UnitCode[]> {
  const out = new Map<string, UnitCode[]>();
  for (const [tag, members] of groupMembers(h)) {
    const seen = new Set<UnitCode>();
    for (const m of members) for (const c of h.communesUnder(m.code)) seen.add(c.code);
    out.set(tag, [...seen]);
  }
  return out;
}

/**
 * Members of a group that do not lie under another member: summing figures kept per unit (such as
 * baselines) over these counts every commune once.
 */
export function outermostMembers(h: Hierarchy, members: readonly Unit[]): Unit[] {
  const codes = new Set(members.map((m) => m.code));
  return members.filter((m) => !h.ancestors(m.code).some((a) => codes.has(a.code)));
}
