import type { CriteriaSet } from '../domain/criteria-set.js';
import { indicatorId, type IndicatorId, type UnitCode } from '../domain/ids.js';
import type { NtmRow } from '../domain/rows.js';
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

export interface RegressionSide {
  ntm: ReadonlyMap<UnitCode, NtmRow>;
  /** Indexed by indicatorKey (see indexIndicators). */
  indicators: ReadonlyMap<string, IndicatorValue>;
}

/** Rates where a rise is a regression, with how they are named in messages. */
const WATCHED_RATES: ReadonlyMap<string, string> = new Map([
  ['poverty.rate', 'tỷ lệ hộ nghèo'],
  ['poverty.near_poor_rate', 'tỷ lệ hộ cận nghèo'],
  ['poverty.multidim_rate', 'tỷ lệ hộ nghèo đa chiều'],
]);

/** Rises below this (in percentage points) are rounding noise from re-typed figures, not news. */
const MIN_RATE_RISE_PP = 0.005;

/**
 * Regressions between the previous and the current run: a commune that lost criteria it had met
 * (one regression per commune, filed under its first lost criterion) and poverty rates that rose for
 * a scope present in both runs. `nameOf` names scopes that are not communes in messages (defaults to
 * the scope itself); communes are named from their row.
 */
export function detectRegressions(
  previous: RegressionSide,
  current: RegressionSide,
  set: CriteriaSet,
  nameOf: (scope: Scope) => string = (s) => s,
): Regression[] {
  const out: Regression[] = [];

  for (const [code, now] of current.ntm) {
    const before = previous.ntm.get(code);
    if (!before) continue;
    const lost = set.criteria.filter((c) => before.criteria[c.no - 1] === true && now.criteria[c.no - 1] === false);
    const first = lost[0];
    if (!first) continue;
    const metCount = (r: NtmRow): number => set.criteria.filter((c) => r.criteria[c.no - 1] === true).length;
    const b = metCount(before);
    const a = metCount(now);
    const list = lost.map((c) => `${c.no} (${c.vi})`).join(', ');
    out.push({
      scope: code,
      indicator: indicatorId(`ntm.criterion.${first.no}`),
      message: `${now.name || nameOf(code)}: không còn đạt tiêu chí ${list}; số tiêu chí đạt từ ${b} còn ${a}.`,
      before: b,
      after: a,
    });
  }

  for (const [key, now] of current.indicators) {
    const label = WATCHED_RATES.get(now.indicator);
    if (label === undefined) continue;
    const before = previous.indicators.get(key);
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
