import type { Hierarchy } from '../../domain/hierarchy.js';
import type { IndicatorId, UnitCode } from '../../domain/ids.js';
import { groupScope, type Scope } from '../../domain/unit.js';
import type { IndicatorValue } from '../../indicators/indicator.js';
import { groupMembers, orderedUnits, outermostMembers } from '../../indicators/scope-walk.js';
import { dttsCodeKey } from './dtts-catalogue.js';
import { dttsIndicatorId } from './dtts-ids.js';
import type { DttsPlans } from './dtts-plans.js';
import type { DttsRow } from './dtts-row.js';

/** One code's figures summed over a subtree. */
interface Sum {
  rows: number;
  achieved: number;
  /** Sum of `Tổng số` over the rows that gave one. */
  total: number;
  /** Rows without a `Tổng số`: a share is only taken when every row gave its whole. */
  rowsWithoutTotal: number;
}

const empty = (): Sum => ({ rows: 0, achieved: 0, total: 0, rowsWithoutTotal: 0 });

function add(into: Sum, from: Sum): void {
  into.rows += from.rows;
  into.achieved += from.achieved;
  into.total += from.total;
  into.rowsWithoutTotal += from.rowsWithoutTotal;
}

/** The running sum of a code in `sums`, created empty on first use. */
function sumFor(sums: Map<string, Sum>, code: string): Sum {
  let s = sums.get(code);
  if (!s) {
    s = empty();
    sums.set(code, s);
  }
  return s;
}

function emit(out: IndicatorValue[], scope: Scope, code: string, s: Sum, plan: number | undefined): void {
  const push = (indicator: IndicatorId, value: number, numerator?: number, denominator?: number): void => {
    out.push(
      numerator === undefined
        ? { programme: 'dtts', unit: scope, indicator, value }
        : { programme: 'dtts', unit: scope, indicator, value, numerator, denominator },
    );
  };
  push(dttsIndicatorId(code), s.achieved);
  if (s.rowsWithoutTotal === 0) {
    push(dttsIndicatorId(code, 'total'), s.total);
    // A whole of 0 has no share: leave the percentage out rather than publish NaN.
    if (s.total > 0) push(dttsIndicatorId(code, 'pct'), (s.achieved / s.total) * 100, s.achieved, s.total);
  }
  if (plan !== undefined && plan > 0) push(dttsIndicatorId(code, 'plan_pct'), (s.achieved / plan) * 100, s.achieved, plan);
}

/**
 * DTTS indicators for every unit and `nhóm:<tag>` group with at least one row below it (product.md,
 * "Indicators"): `dtts.<code>` is the achieved value summed up the hierarchy (a unit's own row plus
 * its children's sums: each row is the reporting unit's own work); `.total` and `.pct` (achieved /
 * Tổng số) only where every row counted gave its Tổng số, the sums divided; `.plan_pct` where the
 * scope has a plan above zero (see resolveDttsPlans). A group sums its outermost members.
 */
export function computeDttsIndicators(h: Hierarchy, rows: readonly DttsRow[], plans: DttsPlans): IndicatorValue[] {
  const own = new Map<UnitCode, Map<string, Sum>>();
  const codes: string[] = [];
  for (const r of rows) {
    const code = dttsCodeKey(r.code);
    if (!codes.includes(code)) codes.push(code);
    let byCode = own.get(r.unit);
    if (!byCode) {
      byCode = new Map();
      own.set(r.unit, byCode);
    }
    const s = sumFor(byCode, code);
    s.rows++;
    s.achieved += r.achieved;
    if (r.total === undefined) s.rowsWithoutTotal++;
    else s.total += r.total;
  }

  const sums = new Map<UnitCode, Map<string, Sum>>();
  for (const u of orderedUnits(h)) {
    const mine = new Map<string, Sum>();
    for (const [code, s] of own.get(u.code) ?? []) add(sumFor(mine, code), s);
    for (const ch of h.children(u.code)) for (const [code, s] of sums.get(ch.code) ?? []) add(sumFor(mine, code), s);
    sums.set(u.code, mine);
  }

  const out: IndicatorValue[] = [];
  for (const u of h.byCode.values()) {
    const mine = sums.get(u.code);
    for (const code of codes) {
      const s = mine?.get(code);
      if (s && s.rows > 0) emit(out, u.code, code, s, plans.get(u.code)?.get(code)?.value);
    }
  }
  for (const [tag, members] of groupMembers(h)) {
    const scope = groupScope(tag);
    const outer = outermostMembers(h, members);
    for (const code of codes) {
      const s = empty();
      for (const m of outer) {
        const ms = sums.get(m.code)?.get(code);
        if (ms) add(s, ms);
      }
      if (s.rows > 0) emit(out, scope, code, s, plans.get(scope)?.get(code)?.value);
    }
  }
  return out;
}
