import { describe, expect, it } from 'vitest';
import { requireCriteriaSet } from '../../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../../shared/domain/hierarchy.js';
import { periodId, unitCode, type UnitCode } from '../../../shared/domain/ids.js';
import { previousPeriod } from '../../../shared/domain/previous-period.js';
import type { NtmRow } from '../../../shared/domain/rows.js';
import type { Unit } from '../../../shared/domain/unit.js';
import { indicatorCatalogue } from '../../../shared/programmes/indicator-catalogue.js';
import { atLeastNamed, computeNtmLevelIndicators } from '../../../shared/programmes/ntm/ntm-level-indicators.js';

const set2025 = requireCriteriaSet(periodId('2025'));
const set2018 = requireCriteriaSet(periodId('2018'));
const u = (code: string, level: Unit['level'], parent?: string, groups: string[] = []): Unit => ({
  code: unitCode(code),
  name: code,
  level,
  groups,
  emails: [],
  ...(parent === undefined ? {} : { parent: unitCode(parent) }),
});
// Province > commune, as after the 2025 reform; two communes in a group.
const h = new Hierarchy([u('62', 'tinh'), u('1', 'xa', '62', ['g']), u('2', 'xa', '62', ['g']), u('3', 'xa', '62'), u('4', 'xa', '62')]);
const row = (code: string, met: number, level?: string): NtmRow => ({
  commune: unitCode(code),
  name: code,
  criteria: Array.from({ length: 19 }, (_, i) => i < met),
  ...(level === undefined ? {} : { level }),
});
const rows = new Map<UnitCode, NtmRow>([row('1', 19, 'kieu_mau'), row('2', 19, 'nang_cao'), row('3', 19, 'ntm'), row('4', 14)].map((r) => [r.commune, r]));
const value = (values: ReturnType<typeof computeNtmLevelIndicators>, unit: string, id: string) =>
  values.find((v) => v.unit === unit && v.indicator === id)?.value;

describe('NTM indicators from 2021', () => {
  it('counts advanced (nâng cao or kiểu mẫu) and model communes, with their shares', () => {
    const v = computeNtmLevelIndicators(h, rows, set2025, { atLeast: [] });
    expect([value(v, '62', 'ntm.advanced'), value(v, '62', 'ntm.advanced.pct'), value(v, '62', 'ntm.model'), value(v, '62', 'ntm.model.pct')]).toEqual([
      2, 50, 1, 25,
    ]);
    expect(value(v, 'nhóm:g', 'ntm.advanced')).toBe(2);
    expect(value(v, '3', 'ntm.advanced')).toBe(0);
  });

  it('counts communes meeting at least n criteria for the n asked for', () => {
    const v = computeNtmLevelIndicators(h, rows, set2025, { atLeast: [15, 10, 15, 40] });
    expect([value(v, '62', 'ntm.at_least.15'), value(v, '62', 'ntm.at_least.15.pct'), value(v, '62', 'ntm.at_least.10.pct')]).toEqual([3, 75, 100]);
    expect(v.some((x) => x.indicator === 'ntm.at_least.40')).toBe(false);
    expect(atLeastNamed(['ntm.at_least.15.pct', 'ntm.at_least.9', 'ntm.standard'])).toEqual([15, 9]);
  });

  it('averages the gain of the communes present in both periods, and is absent without the previous period', () => {
    const previous = new Map<UnitCode, NtmRow>([row('1', 17), row('2', 18), row('4', 14)].map((r) => [r.commune, r]));
    const v = computeNtmLevelIndicators(h, rows, set2025, { atLeast: [], previous });
    // Communes 1, 2, 4: +2, +1, +0; commune 3 has no previous row and is left out.
    expect(v.find((x) => x.unit === '62' && x.indicator === 'ntm.avg_gain')).toMatchObject({ value: 1, numerator: 3, denominator: 3 });
    expect(value(v, '3', 'ntm.avg_gain')).toBeUndefined();
    expect(computeNtmLevelIndicators(h, rows, set2025, { atLeast: [] }).some((x) => x.indicator === 'ntm.avg_gain')).toBe(false);
  });

  it('are not computed, nor targetable, for the 2016-2020 set', () => {
    expect(computeNtmLevelIndicators(h, rows, set2018, { atLeast: [15] })).toEqual([]);
    const ids2018 = indicatorCatalogue(set2018).map((i) => i.id);
    expect(ids2018.filter((id) => id.startsWith('ntm.at_least') || id === 'ntm.avg_gain' || id.startsWith('ntm.advanced'))).toEqual([]);
    const ids2025 = indicatorCatalogue(set2025).map((i) => i.id);
    for (const id of ['ntm.advanced', 'ntm.advanced.pct', 'ntm.model.pct', 'ntm.at_least.1', 'ntm.at_least.19.pct', 'ntm.avg_gain'])
      expect(ids2025).toContain(id);
    expect(ids2025).not.toContain('ntm.at_least.20');
  });

  it('the previous period is the one just before, of the same kind', () => {
    expect(['2025', '2025-Q1', '2025-Q3', '2025-H1', '2025-H2', '2025-01', '2025-10'].map((p) => previousPeriod(periodId(p)))).toEqual([
      '2024',
      '2024-Q4',
      '2025-Q2',
      '2024-H2',
      '2025-H1',
      '2024-12',
      '2025-09',
    ]);
  });
});
