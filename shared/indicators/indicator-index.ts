import type { IndicatorId } from '../domain/ids.js';
import type { Scope } from '../domain/unit.js';
import type { IndicatorValue } from './indicator.js';

/** Lookup key of one scope's indicator: `${scope}|${indicator}` (`|` appears in neither). */
export function indicatorKey(scope: Scope, indicator: IndicatorId | string): string {
  return `${scope}|${indicator}`;
}

/** Indexes values by indicatorKey; a later value for the same key replaces an earlier one. */
export function indexIndicators(values: readonly IndicatorValue[]): Map<string, IndicatorValue> {
  const out = new Map<string, IndicatorValue>();
  for (const v of values) out.set(indicatorKey(v.unit, v.indicator), v);
  return out;
}
