import { describe, expect, it } from 'vitest';
import { indexIndicators, indicatorKey } from '../../../shared/indicators/indicator-index.js';
import type { IndicatorValue } from '../../../shared/indicators/indicator.js';
import { computeDttsIndicators } from '../../../shared/programmes/dtts/dtts-indicators.js';
import { dttsIndicatorId } from '../../../shared/programmes/dtts/dtts-ids.js';
import { resolveDttsPlans } from '../../../shared/programmes/dtts/dtts-plans.js';
import { Hierarchy } from '../../../shared/domain/hierarchy.js';
import { unitCode } from '../../../shared/domain/ids.js';
import {
  DISTRICTS,
  districtCode,
  districtSplit,
  langSonHierarchy,
  langSonRows,
  langSonTargets,
  langSonUnits,
  PERIOD,
  PLAN,
  PROVINCE,
  target,
  THON,
  XA,
} from './fixtures.js';

function lookup(values: readonly IndicatorValue[]) {
  const index = indexIndicators(values);
  const find = (scope: string, code: string, measure?: 'plan_pct' | 'pct' | 'total'): IndicatorValue | undefined =>
    index.get(indicatorKey(scope, dttsIndicatorId(code, measure)));
  return {
    find,
    get: (scope: string, code: string, measure?: 'plan_pct' | 'pct' | 'total'): IndicatorValue => {
      const v = find(scope, code, measure);
      if (!v) throw new Error(`no ${dttsIndicatorId(code, measure)} for ${scope}`);
      return v;
    },
  };
}

describe('computeDttsIndicators on the Lạng Sơn 2023 plan', () => {
  const h = langSonHierarchy();
  const plans = resolveDttsPlans(h, langSonTargets(), PERIOD);
  const values = computeDttsIndicators(h, langSonRows(), plans);
  const { get, find } = lookup(values);

  it('sums the 14 printed indicators up to the province figures of the plan', () => {
    expect(PLAN.provincePlans).toHaveLength(14);
    for (const p of PLAN.provincePlans) {
      const v = get(PROVINCE, p.code);
      expect(v.programme).toBe('dtts');
      expect(v.indicator).toBe(`dtts.${p.code.toLowerCase()}`);
      expect(v.value).toBe(p.target);
      DISTRICTS.forEach((d, i) => expect(get(d.code, p.code).value).toBe(districtSplit(p.target)[i]));
    }
    expect(get(PROVINCE, 'DA1.nha_o').value).toBe(640);
    expect(get(PROVINCE, 'DA3.bv_rung_giao').value).toBe(73670);
  });

  it('puts each achieved value against its plan: 100 % where a district did exactly its share', () => {
    for (const p of PLAN.provincePlans) {
      const pp = get(PROVINCE, p.code, 'plan_pct');
      expect(pp.numerator).toBe(p.target);
      expect(pp.denominator).toBe(p.target);
      expect(pp.value).toBe(100);
    }
  });

  it('divides the summed Tổng số: 174/181 xã = 96,13 % and 1.108/1.478 thôn = 74,97 % for the province', () => {
    const xa = get(PROVINCE, 'DA4.duong_xa', 'pct');
    expect([xa.numerator, xa.denominator]).toEqual([174, 181]);
    expect(xa.value.toFixed(2)).toBe('96.13');
    expect(get(PROVINCE, 'DA4.duong_xa', 'total').value).toBe(181);
    const thon = get(PROVINCE, 'DA4.duong_thon', 'pct');
    expect([thon.numerator, thon.denominator]).toEqual([1108, 1478]);
    expect(thon.value.toFixed(2)).toBe('74.97');
    // Indicators without a Tổng số have no share.
    expect(find(PROVINCE, 'DA1.nha_o', 'pct')).toBeUndefined();
    expect(find(PROVINCE, 'DA1.nha_o', 'total')).toBeUndefined();
  });

  it('reproduces the communes (5) and villages (24) leaving extreme difficulty, by district', () => {
    expect(get(PROVINCE, XA).value).toBe(5);
    expect(get(PROVINCE, THON).value).toBe(24);
    for (const [short, n] of Object.entries(PLAN.communesLeavingExtremeDifficulty.byDistrict)) {
      expect(get(districtCode(short), XA).value).toBe(n);
      expect(get(districtCode(short), XA, 'plan_pct').value).toBe(100);
    }
    expect(get(districtCode('Chi Lăng'), THON).value).toBe(10);
    // Chi Lăng has no commune to take out of extreme difficulty: a plan of 0 has no completion rate.
    expect(get(districtCode('Chi Lăng'), XA).value).toBe(0);
    expect(find(districtCode('Chi Lăng'), XA, 'plan_pct')).toBeUndefined();
    expect(get(PROVINCE, XA, 'plan_pct').value).toBe(100);
  });

  it('uses the children’s plans for a province without its own, only when every district has one', () => {
    const withoutProvince = langSonTargets().filter((t) => t.scope !== PROVINCE);
    const summed = resolveDttsPlans(h, withoutProvince, PERIOD);
    expect(summed.get(PROVINCE)?.get('ct.thon_thoat_dbkk')).toEqual({ value: 24, from: 'children' });
    const halfDone = langSonRows().map((r) => (r.code === THON && r.unit === districtCode('Chi Lăng') ? { ...r, achieved: 4 } : r));
    const v = lookup(computeDttsIndicators(h, halfDone, summed)).get(PROVINCE, THON, 'plan_pct');
    expect([v.numerator, v.denominator]).toEqual([18, 24]);
    expect(v.value).toBe(75);

    const oneMissing = withoutProvince.filter((t) => !(t.scope === districtCode('Đình Lập') && t.indicator === dttsIndicatorId(THON)));
    const partial = resolveDttsPlans(h, oneMissing, PERIOD);
    expect(partial.get(PROVINCE)?.get('ct.thon_thoat_dbkk')).toBeUndefined();
    expect(lookup(computeDttsIndicators(h, langSonRows(), partial)).find(PROVINCE, THON, 'plan_pct')).toBeUndefined();
  });

  it('counts a unit’s own row with its children’s, and takes no share when one row lacks its Tổng số', () => {
    const rows = [...langSonRows(), { unit: PROVINCE, code: 'DA4.duong_xa', achieved: 0 }];
    const { get: g, find: f } = lookup(computeDttsIndicators(h, rows, plans));
    expect(g(PROVINCE, 'DA4.duong_xa').value).toBe(174);
    expect(f(PROVINCE, 'DA4.duong_xa', 'pct')).toBeUndefined();
    // Tràng Định is second in the split: 16 of 174 communes paved, of its 17 of 181.
    expect(g(districtCode('Tràng Định'), 'DA4.duong_xa', 'pct').value).toBeCloseTo((16 / 17) * 100, 10);
    const extra = [...langSonRows(), { unit: PROVINCE, code: 'DA10.truyen_thong', achieved: 12 }];
    expect(lookup(computeDttsIndicators(h, extra, plans)).get(PROVINCE, 'DA10.truyen_thong').value).toBe(12);
  });

  it('emits nothing for a unit without rows below it, and sums a group over its outermost members', () => {
    const units = langSonUnits().map((u) =>
      u.code === districtCode('Bắc Sơn') || u.code === districtCode('Đình Lập') ? { ...u, groups: ['huyện nghèo'] } : u,
    );
    const gh = new Hierarchy(units);
    const rows = langSonRows().filter((r) => r.unit !== districtCode('Cao Lộc'));
    const targets = [...langSonTargets(), target('nhóm:huyện nghèo', dttsIndicatorId(XA), 4)];
    const { get: g, find: f } = lookup(computeDttsIndicators(gh, rows, resolveDttsPlans(gh, targets, PERIOD)));
    expect(f(districtCode('Cao Lộc'), 'DA1.nha_o')).toBeUndefined();
    expect(g('nhóm:huyện nghèo', XA).value).toBe(2);
    expect(g('nhóm:huyện nghèo', XA, 'plan_pct').value).toBe(50);
    expect(g('nhóm:huyện nghèo', THON).value).toBe(10);
    expect(unitCode('nhóm:huyện nghèo')).toBe('nhóm:huyện nghèo');
  });
});
