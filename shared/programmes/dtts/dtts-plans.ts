import type { Hierarchy } from '../../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../../domain/ids.js';
import type { Programme } from '../../domain/programme.js';
import { groupScope, type Scope } from '../../domain/unit.js';
import { groupMembers, orderedUnits, outermostMembers } from '../../indicators/scope-walk.js';
import { parseDttsIndicatorId } from './dtts-ids.js';

/** The fields of a `Chỉ tiêu` row a DTTS plan needs (a Target fits). */
export interface DttsPlanTarget {
  programme: Programme;
  period: PeriodId;
  scope: Scope;
  indicator: string;
  target: number;
}

/** A scope's plan for one code: its own `Chỉ tiêu` row, or the sum of its children's plans. */
export interface DttsPlan {
  value: number;
  from: 'own' | 'children';
}

/** Plans by scope, then by code key (dttsCodeKey). */
export type DttsPlans = ReadonlyMap<Scope, ReadonlyMap<string, DttsPlan>>;

/**
 * The period's own DTTS plans: `Chỉ tiêu` rows of programme `dtts` on `dtts.<code>` (the achieved
 * count, not its percentages). The first row of a scope and code wins, as when targets are evaluated.
 */
export function ownDttsPlans(targets: readonly DttsPlanTarget[], period: PeriodId): Map<Scope, Map<string, number>> {
  const out = new Map<Scope, Map<string, number>>();
  for (const t of targets) {
    if (t.programme !== 'dtts' || t.period !== period) continue;
    const id = parseDttsIndicatorId(t.indicator);
    if (id === undefined || id.measure !== 'achieved') continue;
    let byCode = out.get(t.scope);
    if (!byCode) {
      byCode = new Map();
      out.set(t.scope, byCode);
    }
    if (!byCode.has(id.codeKey)) byCode.set(id.codeKey, t.target);
  }
  return out;
}

function sumOf(scopes: readonly Scope[], code: string, resolved: ReadonlyMap<Scope, ReadonlyMap<string, DttsPlan>>): number | undefined {
  let sum = 0;
  for (const s of scopes) {
    const p = resolved.get(s)?.get(code);
    if (p === undefined) return undefined;
    sum += p.value;
  }
  return sum;
}

/**
 * Every scope's plan per code. A unit without its own row gets the sum of its children's plans
 * when every child has one (own or summed): a province that only splits its plan over its
 * districts still has a plan, while a district missing from the split leaves the province without
 * one rather than with a plan too small. A group without its own row gets the sum over its
 * outermost members on the same rule.
 */
export function resolveDttsPlans(h: Hierarchy, targets: readonly DttsPlanTarget[], period: PeriodId): Map<Scope, Map<string, DttsPlan>> {
  const own = ownDttsPlans(targets, period);
  const codes = new Set<string>();
  for (const byCode of own.values()) for (const c of byCode.keys()) codes.add(c);

  const out = new Map<Scope, Map<string, DttsPlan>>();
  const set = (scope: Scope, code: string, plan: DttsPlan): void => {
    let byCode = out.get(scope);
    if (!byCode) {
      byCode = new Map();
      out.set(scope, byCode);
    }
    byCode.set(code, plan);
  };
  for (const u of orderedUnits(h)) {
    const mine = own.get(u.code);
    const kids = h.children(u.code).map((c) => c.code);
    for (const code of codes) {
      const value = mine?.get(code);
      if (value !== undefined) {
        set(u.code, code, { value, from: 'own' });
        continue;
      }
      if (kids.length === 0) continue;
      const sum = sumOf(kids, code, out);
      if (sum !== undefined) set(u.code, code, { value: sum, from: 'children' });
    }
  }
  for (const [tag, members] of groupMembers(h)) {
    const scope = groupScope(tag);
    const mine = own.get(scope);
    const outer = outermostMembers(h, members).map((m) => m.code);
    for (const code of codes) {
      const value = mine?.get(code);
      if (value !== undefined) {
        set(scope, code, { value, from: 'own' });
        continue;
      }
      if (outer.length === 0) continue;
      const sum = sumOf(outer, code, out);
      if (sum !== undefined) set(scope, code, { value: sum, from: 'children' });
    }
  }
  return out;
}

/** One unit's plans by code key, as the `DTTS` tab parser and template take them. */
export function unitDttsPlans(plans: DttsPlans, unit: UnitCode): Map<string, number> {
  const out = new Map<string, number>();
  for (const [code, p] of plans.get(unit) ?? []) out.set(code, p.value);
  return out;
}
