import set2016 from '../data/ntm-criteria-2016-2025.json' with { type: 'json' };
import type { CriteriaSet } from './criteria-set.js';
import type { PeriodId } from './ids.js';
import { periodYear } from './period.js';

const SETS: readonly CriteriaSet[] = [set2016];

export class UnknownCriteriaSetError extends Error {
  constructor(readonly period: PeriodId) {
    super(`No NTM criteria set covers period ${period}`);
    this.name = 'UnknownCriteriaSetError';
  }
}

/** The criteria set in force for a period; the newest set wins where two overlap. */
export function criteriaSetForPeriod(period: PeriodId): CriteriaSet {
  const year = periodYear(period);
  const candidates = SETS.filter((s) => year >= s.validFrom && year <= s.validTo);
  const set = candidates[candidates.length - 1];
  if (!set) throw new UnknownCriteriaSetError(period);
  return set;
}
