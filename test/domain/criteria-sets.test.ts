import { describe, expect, it } from 'vitest';
import { CRITERIA_SETS, criteriaSetForPeriod, requireCriteriaSet, UnknownCriteriaSetError } from '../../shared/domain/criteria-sets.js';
import { periodId } from '../../shared/domain/ids.js';

describe('criteria sets by period', () => {
  it('picks the 2016-2020 set up to 2020 and the 2021-2025 set from 2021', () => {
    expect(['2016', '2018', '2020-Q4'].map((p) => criteriaSetForPeriod(periodId(p))?.id)).toEqual(['ntm-2016-2020', 'ntm-2016-2020', 'ntm-2016-2020']);
    expect(['2021', '2024-H2', '2025-12'].map((p) => criteriaSetForPeriod(periodId(p))?.id)).toEqual(['ntm-2021-2025', 'ntm-2021-2025', 'ntm-2021-2025']);
  });

  it('has no set before 2016 or after 2025, without throwing', () => {
    expect(criteriaSetForPeriod(periodId('2015'))).toBeUndefined();
    expect(criteriaSetForPeriod(periodId('2030'))).toBeUndefined();
    expect(() => requireCriteriaSet(periodId('2030'))).toThrow(UnknownCriteriaSetError);
  });

  it('the 2021-2025 set renames criteria of the 2016-2020 set and adds levels', () => {
    const old = requireCriteriaSet(periodId('2018'));
    const now = requireCriteriaSet(periodId('2024'));
    expect(now.criteria.find((c) => c.no === 11)?.vi).toBe('Nghèo đa chiều');
    expect(old.criteria.find((c) => c.no === 11)?.vi).toBe('Hộ nghèo');
    expect(old.levels).toBeUndefined();
    expect(now.levels?.map((l) => l.id)).toEqual(['ntm', 'nang_cao', 'kieu_mau']);
  });

  it.each(CRITERIA_SETS.map((s) => [s.id, s] as const))('%s is well formed', (_id, set) => {
    expect(set.criteria.map((c) => c.no)).toEqual(set.criteria.map((_, i) => i + 1));
    for (const c of set.criteria) expect(c.vi.trim()).not.toBe('');
    // Every count of criteria met (0..n) falls in exactly one bucket.
    for (let met = 0; met <= set.criteria.length; met++) expect(set.buckets.filter((b) => met >= b.min && met <= b.max)).toHaveLength(1);
    expect(set.validFrom).toBeLessThanOrEqual(set.validTo);
  });

  it('sets are listed oldest first and their years do not overlap', () => {
    for (let i = 1; i < CRITERIA_SETS.length; i++) {
      const prev = CRITERIA_SETS[i - 1];
      const cur = CRITERIA_SETS[i];
      expect(cur && prev && cur.validFrom > prev.validTo).toBe(true);
    }
  });
});
