import type { CriteriaSet } from './criteria-set.js';
import { criteriaSetForPeriod } from './criteria-sets.js';
import type { PeriodId } from './ids.js';

/**
 * Stands in for the criteria set of a period no set covers. The stages keep one shape (a set is
 * always there) while the NTM programme is left out of the period: no tab is read against it, no
 * NTM indicator is computed, and the run carries one finding saying so (see criteria-set-issue.ts).
 */
export const NO_CRITERIA_SET: CriteriaSet = { id: 'none', title: '', legalBasis: '', validFrom: 0, validTo: 0, criteria: [], buckets: [] };

export function criteriaSetOrNone(period: PeriodId): CriteriaSet {
  return criteriaSetForPeriod(period) ?? NO_CRITERIA_SET;
}

/** False for the stand-in: the period has no NTM criteria set. */
export function hasCriteriaSet(set: CriteriaSet): boolean {
  return set.id !== NO_CRITERIA_SET.id;
}
