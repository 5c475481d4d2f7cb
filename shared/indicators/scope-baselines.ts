import type { Baseline } from '../domain/config.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import { orderedUnits, outermostMembers } from './scope-walk.js';

/** Start-of-period poverty figures of one scope, own or summed from below. */
export interface BaselineTotals {
  households: number;
  poor: number;
}

/**
 * The baseline of every unit that has one: its own `Số liệu đầu kỳ` row, else the sum of its
 * children's baselines when every child that `counts` has one (and at least one child counts).
 * `counts` says which children must be covered: in indicators, those with poverty data below them
 * (a child without data adds nothing to the current figures, so its baseline must not either); in
 * plan checks, every child. The first row of a unit wins over later duplicates.
 */
export function resolveUnitBaselines(h: Hierarchy, baselines: readonly Baseline[], counts: (code: UnitCode) => boolean): Map<UnitCode, BaselineTotals> {
  const own = new Map<UnitCode, BaselineTotals>();
  for (const b of baselines) if (!own.has(b.unit)) own.set(b.unit, { households: b.households, poor: b.poor });

  const out = new Map<UnitCode, BaselineTotals>();
  for (const u of orderedUnits(h)) {
    const mine = own.get(u.code);
    if (mine) {
      out.set(u.code, mine);
      continue;
    }
    const kids = h.children(u.code).filter((c) => counts(c.code));
    if (kids.length === 0) continue;
    const sum = sumBaselines(kids, out);
    if (sum) out.set(u.code, sum);
  }
  return out;
}

/**
 * A group's baseline: the sum over its members that `counts`, when each has one. Members under
 * another member are skipped so no commune is counted twice.
 */
export function groupBaseline(
  h: Hierarchy,
  members: readonly Unit[],
  resolved: ReadonlyMap<UnitCode, BaselineTotals>,
  counts: (code: UnitCode) => boolean,
): BaselineTotals | undefined {
  const considered = outermostMembers(h, members).filter((m) => counts(m.code));
  if (considered.length === 0) return undefined;
  return sumBaselines(considered, resolved);
}

function sumBaselines(units: readonly Unit[], resolved: ReadonlyMap<UnitCode, BaselineTotals>): BaselineTotals | undefined {
  let households = 0;
  let poor = 0;
  for (const u of units) {
    const b = resolved.get(u.code);
    if (!b) return undefined;
    households += b.households;
    poor += b.poor;
  }
  return { households, poor };
}
