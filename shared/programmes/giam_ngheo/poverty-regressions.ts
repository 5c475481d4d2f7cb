import { rateRegressions, type Regression } from '../../alerts/regressions.js';
import type { PovertyRow } from '../../domain/rows.js';
import type { RegressionInput } from '../programme-module.js';

/** Rates where a rise is a regression, with how they are named in messages. */
export const POVERTY_WATCHED_RATES: ReadonlyMap<string, string> = new Map([
  ['poverty.rate', 'tỷ lệ hộ nghèo'],
  ['poverty.near_poor_rate', 'tỷ lệ hộ cận nghèo'],
  ['poverty.multidim_rate', 'tỷ lệ hộ nghèo đa chiều'],
]);

/** Poverty rates that rose for a scope present in both runs. */
export function povertyRegressions(input: RegressionInput<PovertyRow>): Regression[] {
  return rateRegressions(input.previousIndicators, input.currentIndicators, POVERTY_WATCHED_RATES, input.nameOf);
}
