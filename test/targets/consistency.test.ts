import { describe, expect, it } from 'vitest';
import type { Target } from '../../shared/domain/config.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import { checkTargetConsistency } from '../../shared/targets/consistency.js';
import {
  BK_PROVINCE,
  bacKanBaselines,
  bacKanHierarchy,
  bacKanTargets,
  bkDistrictCode,
  langSonHierarchy,
  LS,
  LS_BORDER,
  LS_PROVINCE,
  set2018,
  target,
  unit,
} from '../indicators/fixtures/plans.js';

describe('checkTargetConsistency on the Bắc Kạn 2017 table', () => {
  const found = checkTargetConsistency(bacKanTargets(), bacKanHierarchy(), set2018, bacKanBaselines());

  it('reports the districts adding up to 1.947 against the province 1.955', () => {
    const sums = found.filter((f) => f.kind === 'children_sum');
    expect(sums).toHaveLength(1);
    const [sum] = sums;
    expect(sum?.scope).toBe(BK_PROVINCE);
    expect(sum?.indicator).toBe('poverty.poor_reduction');
    expect(sum?.programme).toBe('giam_ngheo');
    expect(sum?.period).toBe('2017');
    expect(sum?.message).toBe(
      "Tỉnh Bắc Kạn: chỉ tiêu 'Số hộ nghèo giảm so với đầu kỳ' là 1.955 nhưng tổng chỉ tiêu của 8 đơn vị trực thuộc là 1.947 (lệch -8).",
    );
    expect(sum?.sources).toHaveLength(9);
  });

  it('reports Pác Nặm: 288/6.850 = 4,20 against the printed 4,21', () => {
    const pcts = found.filter((f) => f.kind === 'count_pct');
    expect(pcts).toHaveLength(1);
    const [pct] = pcts;
    expect(pct?.scope).toBe(bkDistrictCode(4));
    expect(pct?.indicator).toBe('poverty.rate_reduction_pp');
    expect(pct?.message).toContain('Huyện Pác Nặm');
    expect(pct?.message).toContain('ghi 4,21');
    expect(pct?.message).toContain('288 trên 6.850 hộ đầu kỳ, tức 4,20 (4,2044)');
    expect(pct?.sources).toHaveLength(2);
  });

  it('reports nothing else (Chợ Đồn 238/12.830 = 1,8550 passes at 2 decimals, the province 1.955/78.200 = 2,50)', () => {
    expect(found).toHaveLength(2);
    expect(found.some((f) => f.scope === bkDistrictCode(7))).toBe(false);
    expect((238 / 12830) * 100).toBeCloseTo(1.855, 4);
  });

  it('uses a stricter printed rounding when the target has more decimals', () => {
    const targets = bacKanTargets().map((t) =>
      t.scope === bkDistrictCode(7) && t.indicator === 'poverty.rate_reduction_pp' ? { ...t, target: 1.86, decimals: 3 } : t,
    );
    const more = checkTargetConsistency(targets, bacKanHierarchy(), set2018, bacKanBaselines());
    expect(more.filter((f) => f.kind === 'count_pct').map((f) => f.scope)).toEqual([bkDistrictCode(4), bkDistrictCode(7)]);
  });

  it('skips the percentage check where no baseline covers the scope, and baselines of other periods', () => {
    const baselines = bacKanBaselines().filter((b) => b.unit !== bkDistrictCode(4));
    const noPacNam = checkTargetConsistency(bacKanTargets(), bacKanHierarchy(), set2018, baselines);
    expect(noPacNam.map((f) => f.kind)).toEqual(['children_sum']);
    const otherPeriod = bacKanBaselines().map((b) => ({ ...b, period: periodId('2016') }));
    expect(checkTargetConsistency(bacKanTargets(), bacKanHierarchy(), set2018, otherPeriod).map((f) => f.kind)).toEqual(['children_sum']);
  });

  it('skips the sum when a child has no target', () => {
    const targets = bacKanTargets().filter((t) => !(t.scope === bkDistrictCode(1) && t.indicator === 'poverty.poor_reduction'));
    const found2 = checkTargetConsistency(targets, bacKanHierarchy(), set2018, bacKanBaselines());
    expect(found2.some((f) => f.kind === 'children_sum')).toBe(false);
  });
});

describe('checkTargetConsistency on Lạng Sơn 2018 (207 communes)', () => {
  function langSonTargets(): Target[] {
    const out: Target[] = [];
    for (const b of LS.bucketTargets) {
      out.push(target('ntm', '2018', LS_PROVINCE, `ntm.bucket.${b.bucket}`, b.communes));
      if (b.statedPct !== undefined) out.push(target('ntm', '2018', LS_PROVINCE, `ntm.bucket.${b.bucket}.pct`, b.statedPct));
    }
    for (const c of LS.criterionTargets) {
      out.push(target('ntm', '2018', LS_PROVINCE, `ntm.criterion.${c.no}`, c.communes));
      out.push(target('ntm', '2018', LS_PROVINCE, `ntm.criterion.${c.no}.pct`, c.statedPct));
    }
    out.push(target('ntm', '2018', LS_PROVINCE, 'ntm.standard', LS.standardCommunesTotal));
    out.push(target('ntm', '2018', LS_PROVINCE, 'ntm.standard.pct', 23.2));
    out.push(target('ntm', '2018', LS_PROVINCE, 'ntm.avg_criteria', 9.5));
    out.push(target('ntm', '2018', `nhóm:${LS_BORDER}`, 'ntm.avg_criteria', 9.35));
    return out;
  }
  const { h } = langSonHierarchy();

  it('finds no contradiction in the printed plan (criterion 19: 186/207 = 89,86 vs 90 passes)', () => {
    const targets = langSonTargets();
    expect(LS.bucketTargets.reduce((s, b) => s + b.communes, 0)).toBe(207);
    expect(targets.filter((t) => t.indicator === 'ntm.criterion.19.pct')[0]?.decimals).toBe(0);
    expect(checkTargetConsistency(targets, h, set2018, [])).toEqual([]);
  });

  it('reports a bucket target that breaks the sum and the percentage it no longer matches', () => {
    const targets = langSonTargets().map((t) => (t.indicator === 'ntm.bucket.5_9' ? { ...t, target: 127 } : t));
    const found = checkTargetConsistency(targets, h, set2018, []);
    expect(found.map((f) => [f.kind, f.indicator])).toEqual([
      ['count_pct', 'ntm.bucket.5_9.pct'],
      ['bucket_sum', 'ntm.bucket.19'],
    ]);
    expect(found[1]?.message).toContain('là 206 nhưng Tỉnh Lạng Sơn có 207 xã');
    expect(found[1]?.sources).toHaveLength(5);
  });

  it('reports a criterion percentage that disagrees beyond its printed rounding', () => {
    const targets = langSonTargets().map((t) => (t.indicator === 'ntm.criterion.3.pct' ? { ...t, target: 73 } : t));
    const found = checkTargetConsistency(targets, h, set2018, []);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain("ghi 73,0 nhưng chỉ tiêu 'Số xã đạt tiêu chí 3 (Thủy lợi)' là 151 trên 207 xã, tức 72,9");
  });

  it("falls back on the plan's own commune count when the communes are not listed", () => {
    const districtsOnly = new Hierarchy([unit('20', 'Tỉnh Lạng Sơn', 'tinh'), unit('2001', 'Thành phố', 'huyen', '20')]);
    const targets = langSonTargets();
    expect(checkTargetConsistency(targets, districtsOnly, set2018, [])).toEqual([]);
    const withCount = [...targets, target('ntm', '2018', LS_PROVINCE, 'ntm.communes', 200)];
    const found = checkTargetConsistency(withCount, districtsOnly, set2018, []);
    expect(found.filter((f) => f.kind === 'bucket_sum')).toHaveLength(1);
    expect(found.filter((f) => f.kind === 'count_pct').length).toBeGreaterThan(0);
  });
});

describe('checkTargetConsistency on groups and NTM children', () => {
  const h = new Hierarchy([
    unit('P', 'Tỉnh', 'tinh'),
    unit('D1', 'Huyện 1', 'huyen', 'P', { groups: ['g'] }),
    unit('D2', 'Huyện 2', 'huyen', 'P'),
    unit('X1', 'Xã 1', 'xa', 'D1', { groups: ['g'] }),
    unit('X2', 'Xã 2', 'xa', 'D1'),
    unit('X3', 'Xã 3', 'xa', 'D2'),
    unit('X4', 'Xã 4', 'xa', 'D2'),
  ]);

  it('checks NTM count sums and group percentages over the de-duplicated communes', () => {
    const targets = [
      target('ntm', '2018', 'P', 'ntm.standard', 3),
      target('ntm', '2018', 'D1', 'ntm.standard', 1),
      target('ntm', '2018', 'D2', 'ntm.standard', 1),
      // A group of D1 and X1 has 2 communes: 1 of 2 is 50 %.
      target('ntm', '2018', 'nhóm:g', 'ntm.standard', 1),
      target('ntm', '2018', 'nhóm:g', 'ntm.standard.pct', 50),
      // Averages and percentages never add up.
      target('ntm', '2018', 'P', 'ntm.avg_criteria', 10),
      target('ntm', '2018', 'D1', 'ntm.avg_criteria', 10),
      target('ntm', '2018', 'D2', 'ntm.avg_criteria', 10),
    ];
    const found = checkTargetConsistency(targets, h, set2018, []);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind).toBe('children_sum');
    expect(found[0]?.scope).toBe('P');
    const wrongGroup = targets.map((t) => (t.scope === 'nhóm:g' && t.indicator === 'ntm.standard.pct' ? { ...t, target: 33.3 } : t));
    expect(checkTargetConsistency(wrongGroup, h, set2018, []).map((f) => f.scope)).toEqual(['P', 'nhóm:g']);
  });

  it('checks a group reduction in points against its members summed baselines', () => {
    const baselines = [
      { unit: unitCode('D1'), period: periodId('2018'), households: 400, poor: 100 },
      { unit: unitCode('X1'), period: periodId('2018'), households: 200, poor: 50 },
    ];
    const ok = [target('giam_ngheo', '2018', 'nhóm:g', 'poverty.poor_reduction', 10), target('giam_ngheo', '2018', 'nhóm:g', 'poverty.rate_reduction_pp', 2.5)];
    expect(checkTargetConsistency(ok, h, set2018, baselines)).toEqual([]);
    const bad = [ok[0] as Target, { ...(ok[1] as Target), target: 2.6 }];
    expect(checkTargetConsistency(bad, h, set2018, baselines).map((f) => f.kind)).toEqual(['count_pct']);
  });
});
