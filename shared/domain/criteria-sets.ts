import set2016 from '../data/criteria-sets/ntm-2016-2020.json' with { type: 'json' };
import set2021 from '../data/criteria-sets/ntm-2021-2025.json' with { type: 'json' };
import type { CriteriaSet } from './criteria-set.js';
import type { PeriodId } from './ids.js';
import { periodYear } from './period.js';

/**
 * Every NTM criteria set the product knows, oldest first. A set is data: adding the set after 2025
 * is one JSON file in `shared/data/criteria-sets/` and one line here (see the README there).
 */
export const CRITERIA_SETS: readonly CriteriaSet[] = [set2016, set2021];

export class UnknownCriteriaSetError extends Error {
  constructor(readonly period: PeriodId) {
    super(`No NTM criteria set covers period ${period}`);
    this.name = 'UnknownCriteriaSetError';
  }
}

/**
 * The criteria set in force for a period; the newest set wins where two overlap. Undefined when no
 * set covers the period: that is a finding for the NTM programme, not a reason to stop a run.
 */
export function criteriaSetForPeriod(period: PeriodId): CriteriaSet | undefined {
  const year = periodYear(period);
  const candidates = CRITERIA_SETS.filter((s) => year >= s.validFrom && year <= s.validTo);
  return candidates[candidates.length - 1];
}

/** For callers that only run on periods known to have a set (fixtures, the synthetic benchmark). */
export function requireCriteriaSet(period: PeriodId): CriteriaSet {
  const set = criteriaSetForPeriod(period);
  if (set === undefined) throw new UnknownCriteriaSetError(period);
  return set;
}
