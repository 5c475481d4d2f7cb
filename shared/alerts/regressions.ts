import type { IndicatorId } from '../domain/ids.js';
import type { Scope } from '../domain/unit.js';
import { formatViPercent } from '../format/vi-number.js';
import type { IndicatorValue } from '../indicators/indicator.js';

/** Something that got worse between two runs of the same period. */
export interface Regression {
  scope: Scope;
  indicator: IndicatorId;
  /** Vietnamese, self-contained. */
  message: string;
  /** Rates: the rate in percent. A commune losing criteria: its number of criteria met. */
  before: number;
  after: number;
}

/** Rises below this (in percentage points) are rounding noise from re-typed figures, not news. */
const MIN_RATE_RISE_PP = 0.005;

/** Rates (`watched`: id -> how messages name it) where a rise is a regression, for scopes in both runs. */
export function rateRegressions(
  previous: ReadonlyMap<string, IndicatorValue>,
  current: ReadonlyMap<string, IndicatorValue>,
  watched: ReadonlyMap<string, string>,
  nameOf: (scope: Scope) => string,
): Regression[] {
  const out: Regression[] = [];
  for (const [key, now] of current) {
    const label = watched.get(now.indicator);
    if (label === undefined) continue;
    const before = previous.get(key);
    if (!before || !Number.isFinite(before.value) || !Number.isFinite(now.value)) continue;
    if (now.value - before.value < MIN_RATE_RISE_PP) continue;
    out.push({
      scope: now.unit,
      indicator: now.indicator,
      message: `${nameOf(now.unit)}: ${label} tăng từ ${formatViPercent(before.value)} lên ${formatViPercent(now.value)}.`,
      before: before.value,
      after: now.value,
    });
  }
  return out;
}
