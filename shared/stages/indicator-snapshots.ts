import type { Hierarchy } from '../domain/hierarchy.js';
import type { IndicatorId } from '../domain/ids.js';
import { groupScope, type Scope } from '../domain/unit.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import type { IndicatorSnapshot } from '../ports/store.js';

/**
 * Snapshots are kept for aggregate scopes (province, districts, groups). A commune's indicators are a
 * direct function of its accepted row, which is stored with its unit's submission, so storing them
 * again would multiply store writes by ~15 for no new information. A set: one lookup per
 * indicator value at national scale.
 */
export function storedScopes(hierarchy: Hierarchy): Set<Scope> {
  const out = new Set<Scope>();
  for (const u of hierarchy.byCode.values()) if (u.level !== 'xa') out.add(u.code);
  for (const tag of hierarchy.groupTags()) out.add(groupScope(tag));
  return out;
}

/** Snapshots whose values differ from the stored ones; `first` keeps the period's first value. */
export function changedSnapshots(
  hierarchy: Hierarchy,
  indicators: readonly IndicatorValue[],
  previous: ReadonlyMap<Scope, IndicatorSnapshot>,
  runId: string,
  nowIso: string,
): IndicatorSnapshot[] {
  const byScope = new Map<Scope, IndicatorSnapshot['values']>();
  const stored = storedScopes(hierarchy);
  for (const iv of indicators) {
    if (!stored.has(iv.unit)) continue;
    let values = byScope.get(iv.unit);
    if (!values) {
      values = {};
      byScope.set(iv.unit, values);
    }
    const entry: { v: number; n?: number; d?: number } = { v: iv.value };
    if (iv.numerator !== undefined) entry.n = iv.numerator;
    if (iv.denominator !== undefined) entry.d = iv.denominator;
    values[iv.indicator] = entry;
  }
  const out: IndicatorSnapshot[] = [];
  for (const [scope, values] of byScope) {
    const prev = previous.get(scope);
    if (prev && canonical(prev.values) === canonical(values)) continue;
    const first = { ...(prev?.first ?? {}) } as Record<IndicatorId, number>;
    for (const [id, e] of Object.entries(values) as [IndicatorId, { v: number }][]) if (first[id] === undefined) first[id] = e.v;
    out.push({ scope, values, first, runId, updatedAt: nowIso });
  }
  return out;
}

function canonical(values: IndicatorSnapshot['values']): string {
  return JSON.stringify(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k as IndicatorId]]),
  );
}
