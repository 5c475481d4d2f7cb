import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../shared/domain/config.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode, type UnitCode } from '../../shared/domain/ids.js';
import type { PovertyRow } from '../../shared/domain/rows.js';
import type { IndicatorValue } from '../../shared/indicators/indicator.js';
import { indexIndicators, indicatorKey } from '../../shared/indicators/indicator-index.js';
import { computePovertyIndicators } from '../../shared/programmes/giam_ngheo/poverty-indicators.js';
import { BK, BK_PROVINCE, bacKanBaselines, bacKanHierarchy, bacKanRows, bkCommuneCode, bkDistrictCode, unit } from './fixtures/plans.js';

function lookup(values: readonly IndicatorValue[]) {
  const index = indexIndicators(values);
  return {
    get: (scope: string, indicator: string): IndicatorValue => {
      const v = index.get(indicatorKey(scope, indicator));
      if (!v) throw new Error(`no ${indicator} for ${scope}`);
      return v;
    },
    has: (scope: string, indicator: string): boolean => index.has(indicatorKey(scope, indicator)),
  };
}

const prow = (code: string, households: number, poor: number, nearPoor: number): PovertyRow => ({
  commune: unitCode(code),
  name: code,
  households,
  poor,
  nearPoor,
});
const baseline = (u: string, households: number, poor: number): Baseline => ({ unit: unitCode(u), period: periodId('2017'), households, poor });

describe('computePovertyIndicators on Bắc Kạn 2017', () => {
  const h = bacKanHierarchy();

  it('reproduces the printed rates from the counts: 26,61 % for the province and each district', () => {
    const { get } = lookup(computePovertyIndicators(h, bacKanRows(), []));
    const province = get(BK_PROVINCE, 'poverty.rate');
    expect(province.numerator).toBe(20809);
    expect(province.denominator).toBe(78200);
    expect(province.value.toFixed(2)).toBe('26.61');
    expect(get(BK_PROVINCE, 'poverty.households').value).toBe(78200);
    expect(get(BK_PROVINCE, 'poverty.poor').value).toBe(20809);
    for (const r of BK.rows) {
      const rate = get(bkDistrictCode(r.no), 'poverty.rate');
      expect(rate.numerator).toBe(r.poor);
      expect(rate.denominator).toBe(r.households);
      expect(rate.value.toFixed(2)).toBe(r.statedRatePct.toFixed(2));
    }
  });

  it('computes the reductions against the district baselines, summing them for the province', () => {
    const rows = bacKanRows((r) => r.targetPoorReduction);
    const { get } = lookup(computePovertyIndicators(h, rows, bacKanBaselines()));
    for (const r of BK.rows) {
      const code = bkDistrictCode(r.no);
      expect(get(code, 'poverty.poor_reduction').value).toBe(r.targetPoorReduction);
      // Households did not change, so the points of reduction are reduction / households.
      expect(get(code, 'poverty.rate_reduction_pp').value).toBeCloseTo((r.targetPoorReduction / r.households) * 100, 10);
    }
    expect(get(BK_PROVINCE, 'poverty.poor_reduction').value).toBe(1947);
    expect(get(BK_PROVINCE, 'poverty.rate_reduction_pp').value).toBeCloseTo((1947 / 78200) * 100, 10);
    // Communes have no baseline row of their own.
    expect(lookup(computePovertyIndicators(h, rows, bacKanBaselines())).has(bkCommuneCode(1, 1), 'poverty.poor_reduction')).toBe(false);
  });

  it("prefers a scope's own baseline row over its children's", () => {
    const baselines = [...bacKanBaselines(), { ...baseline(BK_PROVINCE, 80000, 21000) }];
    const { get } = lookup(computePovertyIndicators(h, bacKanRows(), baselines));
    expect(get(BK_PROVINCE, 'poverty.poor_reduction').value).toBe(21000 - 20809);
    expect(get(BK_PROVINCE, 'poverty.rate_reduction_pp').value).toBeCloseTo(26.25 - (20809 / 78200) * 100, 10);
  });

  it('gives the province no reduction when a district with data has no baseline', () => {
    const baselines = bacKanBaselines().slice(1);
    const { get, has } = lookup(computePovertyIndicators(h, bacKanRows(), baselines));
    expect(has(BK_PROVINCE, 'poverty.poor_reduction')).toBe(false);
    expect(has(BK_PROVINCE, 'poverty.rate_reduction_pp')).toBe(false);
    expect(get(bkDistrictCode(2), 'poverty.poor_reduction').value).toBe(0);
  });

  it('ignores a district without data (and without baseline) when summing children baselines', () => {
    const rows = bacKanRows();
    for (let i = 1; i <= 3; i++) rows.delete(bkCommuneCode(1, i));
    const { get, has } = lookup(computePovertyIndicators(h, rows, bacKanBaselines().slice(1)));
    expect(has(bkDistrictCode(1), 'poverty.households')).toBe(false);
    expect(get(BK_PROVINCE, 'poverty.poor_reduction').value).toBe(0);
    expect(get(BK_PROVINCE, 'poverty.households').value).toBe(78200 - 11125);
  });
});

describe('computePovertyIndicators rates, groups and empty scopes', () => {
  const h = new Hierarchy([
    unit('P', 'Tỉnh', 'tinh'),
    unit('D1', 'Huyện 1', 'huyen', 'P', { groups: ['nghèo'] }),
    unit('D2', 'Huyện 2', 'huyen', 'P', { groups: ['nghèo'] }),
    unit('D3', 'Huyện 3', 'huyen', 'P'),
    unit('X1', 'Xã 1', 'xa', 'D1', { groups: ['nghèo', 'biên giới'] }),
    unit('X2', 'Xã 2', 'xa', 'D2'),
    unit('X3', 'Xã 3', 'xa', 'D3', { groups: ['trống'] }),
    unit('X4', 'Xã 4', 'xa', 'D3'),
  ]);
  const rows = new Map<UnitCode, PovertyRow>([
    [unitCode('X1'), prow('X1', 1000, 300, 100)],
    [unitCode('X2'), prow('X2', 500, 50, 50)],
    [unitCode('X4'), prow('X4', 0, 0, 0)],
  ]);

  it('computes near-poor and multidimensional rates with numerators', () => {
    const { get } = lookup(computePovertyIndicators(h, rows, []));
    expect(get('P', 'poverty.near_poor').value).toBe(150);
    expect(get('P', 'poverty.rate').value).toBeCloseTo(23.3333, 4);
    expect(get('P', 'poverty.near_poor_rate').value).toBe(10);
    const multi = get('P', 'poverty.multidim_rate');
    expect(multi.numerator).toBe(500);
    expect(multi.denominator).toBe(1500);
    expect(multi.value).toBeCloseTo(33.3333, 4);
  });

  it('reports counts but no rates for a scope with zero households, and nothing for scopes without rows', () => {
    const values = computePovertyIndicators(h, rows, []);
    const { get, has } = lookup(values);
    expect(get('D3', 'poverty.households').value).toBe(0);
    expect(has('D3', 'poverty.rate')).toBe(false);
    expect(values.some((v) => v.unit === 'X3' || v.unit === 'nhóm:trống')).toBe(false);
    expect(values.every((v) => Number.isFinite(v.value) && v.programme === 'giam_ngheo')).toBe(true);
  });

  it('counts a group member once when the group lists a district and its commune, and sums member baselines', () => {
    const baselines = [baseline('D1', 1000, 350), baseline('D2', 500, 60), baseline('X1', 999, 999)];
    const { get } = lookup(computePovertyIndicators(h, rows, baselines));
    expect(get('nhóm:nghèo', 'poverty.households').value).toBe(1500);
    expect(get('nhóm:nghèo', 'poverty.poor').value).toBe(350);
    // X1 lies under D1: only D1 and D2 baselines count.
    expect(get('nhóm:nghèo', 'poverty.poor_reduction').value).toBe(410 - 350);
    expect(get('nhóm:nghèo', 'poverty.rate_reduction_pp').value).toBeCloseTo((410 / 1500) * 100 - (350 / 1500) * 100, 10);
    expect(get('nhóm:biên giới', 'poverty.poor_reduction').value).toBe(999 - 300);
  });

  it('gives a group no reduction when a member with data lacks a baseline', () => {
    const { has } = lookup(computePovertyIndicators(h, rows, [baseline('D1', 1000, 350)]));
    expect(has('nhóm:nghèo', 'poverty.poor_reduction')).toBe(false);
    expect(has('D1', 'poverty.poor_reduction')).toBe(true);
  });
});
