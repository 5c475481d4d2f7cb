import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { unitCode, type UnitCode } from '../../shared/domain/ids.js';
import type { NtmRow } from '../../shared/domain/rows.js';
import type { Unit } from '../../shared/domain/unit.js';
import type { IndicatorValue } from '../../shared/indicators/indicator.js';
import { indexIndicators, indicatorKey } from '../../shared/indicators/indicator-index.js';
import { computeNtmIndicators } from '../../shared/programmes/ntm/ntm-indicators.js';
import { decimalsOf, langSonHierarchy, langSonRows, LS, LS_BORDER, LS_DIFFICULT, LS_PROVINCE, set2018, unit } from './fixtures/plans.js';

function lookup(values: readonly IndicatorValue[]) {
  const index = indexIndicators(values);
  return (scope: string, indicator: string): IndicatorValue => {
    const v = index.get(indicatorKey(scope, indicator));
    if (!v) throw new Error(`no ${indicator} for ${scope}`);
    return v;
  };
}

const allMet = (n = 19): boolean[] => new Array<boolean>(n).fill(true);
const metFirst = (k: number): boolean[] => Array.from({ length: 19 }, (_, i) => i < k);
const row = (code: string, criteria: boolean[], recognisedYear?: number): NtmRow => ({
  commune: unitCode(code),
  name: code,
  criteria,
  ...(recognisedYear === undefined ? {} : { recognisedYear }),
});

describe('computeNtmIndicators on Lạng Sơn 2018 (207 communes built from the plan counts)', () => {
  const { h, communes } = langSonHierarchy();
  const values = computeNtmIndicators(h, langSonRows(communes), set2018);
  const get = lookup(values);

  it('counts 48 standard communes out of 207 and shows 23,2 % at the printed precision', () => {
    expect(get(LS_PROVINCE, 'ntm.communes').value).toBe(207);
    expect(get(LS_PROVINCE, 'ntm.standard').value).toBe(48);
    const pct = get(LS_PROVINCE, 'ntm.standard.pct');
    expect(pct.numerator).toBe(48);
    expect(pct.denominator).toBe(207);
    expect(pct.value).toBeCloseTo(23.1884, 4);
    expect(pct.value.toFixed(1)).toBe('23.2');
  });

  it('reproduces every printed bucket count and percentage', () => {
    for (const b of LS.bucketTargets) {
      expect(get(LS_PROVINCE, `ntm.bucket.${b.bucket}`).value).toBe(b.communes);
      const pct = get(LS_PROVINCE, `ntm.bucket.${b.bucket}.pct`);
      expect(pct.value).toBeCloseTo((b.communes / 207) * 100, 10);
      if (b.statedPct !== undefined) expect(pct.value.toFixed(decimalsOf(b.statedPct))).toBe(b.statedPct.toFixed(decimalsOf(b.statedPct)));
    }
    const bucketSum = set2018.buckets.reduce((s, b) => s + get(LS_PROVINCE, `ntm.bucket.${b.id}`).value, 0);
    expect(bucketSum).toBe(207);
  });

  it('reproduces every printed criterion count and percentage (criterion 19: 186 -> 89,86 -> 90)', () => {
    for (const c of LS.criterionTargets) {
      expect(get(LS_PROVINCE, `ntm.criterion.${c.no}`).value).toBe(c.communes);
      const pct = get(LS_PROVINCE, `ntm.criterion.${c.no}.pct`);
      expect(pct.numerator).toBe(c.communes);
      expect(pct.denominator).toBe(207);
      expect(pct.value.toFixed(decimalsOf(c.statedPct))).toBe(c.statedPct.toFixed(decimalsOf(c.statedPct)));
    }
    expect(get(LS_PROVINCE, 'ntm.criterion.19.pct').value).toBeCloseTo(89.855, 3);
  });

  it('averages the criteria met per commune with numerator and denominator', () => {
    const avg = get(LS_PROVINCE, 'ntm.avg_criteria');
    expect(avg.numerator).toBe(2069);
    expect(avg.denominator).toBe(207);
    expect(avg.value).toBeCloseTo(9.9952, 4);
    expect(get(LS_PROVINCE, 'ntm.recognised').value).toBe(30);
  });

  it('gives each district the sum of its communes and the province the sum of its districts', () => {
    const districts = h.children(LS_PROVINCE);
    expect(districts).toHaveLength(11);
    for (const id of ['ntm.communes', 'ntm.standard', 'ntm.criterion.5', 'ntm.bucket.5_9']) {
      const sum = districts.reduce((s, d) => s + get(d.code, id).value, 0);
      expect(sum).toBe(get(LS_PROVINCE, id).value);
    }
    const last = districts[10] as Unit;
    expect(get(last.code, 'ntm.communes').value).toBe(17);
  });

  it('gives each commune its own values (0 or 100 %)', () => {
    const first = communes[0] as UnitCode;
    expect(get(first, 'ntm.communes').value).toBe(1);
    expect(get(first, 'ntm.standard').value).toBe(1);
    expect(get(first, 'ntm.standard.pct').value).toBe(100);
    expect(get(first, 'ntm.avg_criteria').value).toBe(19);
    const last = communes[206] as UnitCode;
    expect(get(last, 'ntm.standard.pct').value).toBe(0);
  });

  it('computes groups over their communes (border and "difficult" communes overlap)', () => {
    expect(get(`nhóm:${LS_BORDER}`, 'ntm.communes').value).toBe(21);
    expect(get(`nhóm:${LS_DIFFICULT}`, 'ntm.communes').value).toBe(6);
    const border = communes.filter((_, i) => i % 10 === 3);
    const rows = langSonRows(communes);
    const met = border.reduce((s, c) => s + (rows.get(c)?.criteria.filter(Boolean).length ?? 0), 0);
    expect(get(`nhóm:${LS_BORDER}`, 'ntm.avg_criteria').numerator).toBe(met);
  });

  it('emits every contract indicator for a scope with data, in a fixed count', () => {
    const forProvince = values.filter((v) => v.unit === LS_PROVINCE);
    // communes, standard, standard.pct, avg, recognised + 5 buckets x2 + 19 criteria x2
    expect(forProvince).toHaveLength(5 + 10 + 38);
    expect(forProvince.every((v) => v.programme === 'ntm')).toBe(true);
  });
});

describe('computeNtmIndicators edge cases', () => {
  const h = new Hierarchy([
    unit('P', 'Tỉnh', 'tinh'),
    unit('D1', 'Huyện 1', 'huyen', 'P', { groups: ['g'] }),
    unit('D2', 'Huyện 2', 'huyen', 'P'),
    unit('X1', 'Xã 1', 'xa', 'D1', { groups: ['g'] }),
    unit('X2', 'Xã 2', 'xa', 'D1'),
    unit('X3', 'Xã 3', 'xa', 'D2', { groups: ['empty'] }),
  ]);

  it('skips incomplete rows, rows of unknown communes and scopes without data', () => {
    const rows = new Map<UnitCode, NtmRow>([
      [unitCode('X1'), row('X1', allMet(), 2016)],
      [unitCode('X2'), row('X2', metFirst(12))],
      [unitCode('X3'), row('X3', allMet(18))], // a row of another set's size is not counted
      [unitCode('ZZ'), row('ZZ', allMet())],
    ]);
    const values = computeNtmIndicators(h, rows, set2018);
    const get = lookup(values);
    expect(get('P', 'ntm.communes').value).toBe(2);
    expect(get('P', 'ntm.standard').value).toBe(1);
    expect(get('P', 'ntm.avg_criteria').value).toBe(15.5);
    expect(get('P', 'ntm.recognised').value).toBe(1);
    expect(get('P', 'ntm.bucket.19').value).toBe(1);
    expect(get('P', 'ntm.bucket.10_14').value).toBe(1);
    expect(get('P', 'ntm.bucket.10_14.pct').value).toBe(50);
    expect(get('P', 'ntm.criterion.13').value).toBe(1);
    expect(get('P', 'ntm.criterion.12').value).toBe(2);
    expect(values.some((v) => v.unit === 'D2' || v.unit === 'X3' || v.unit === 'ZZ' || v.unit === 'nhóm:empty')).toBe(false);
  });

  it('counts a commune once in a group that lists it and its district', () => {
    const rows = new Map<UnitCode, NtmRow>([
      [unitCode('X1'), row('X1', allMet())],
      [unitCode('X2'), row('X2', metFirst(4))],
    ]);
    const get = lookup(computeNtmIndicators(h, rows, set2018));
    expect(get('nhóm:g', 'ntm.communes').value).toBe(2);
    expect(get('nhóm:g', 'ntm.bucket.lt5').value).toBe(1);
    expect(get('nhóm:g', 'ntm.bucket.lt5.pct').value).toBe(50);
  });

  it('survives a cycle in the unit tree', () => {
    const cyclic = new Hierarchy([unit('A', 'A', 'huyen', 'B'), unit('B', 'B', 'huyen', 'A'), unit('X', 'X', 'xa', 'A')]);
    const get = lookup(computeNtmIndicators(cyclic, new Map([[unitCode('X'), row('X', allMet())]]), set2018));
    expect(get('A', 'ntm.communes').value).toBe(1);
  });
});

describe('computeNtmIndicators at national scale', () => {
  // Speed is measured by `npm run bench`, not asserted here: this checks the totals at scale.
  it('aggregates 10,000 communes under 700 units and overlapping groups', () => {
    const units: Unit[] = [unit('P', 'Tỉnh', 'tinh')];
    const rows = new Map<UnitCode, NtmRow>();
    for (let d = 0; d < 699; d++) units.push(unit(`D${d}`, `Huyện ${d}`, 'huyen', 'P', { groups: d % 7 === 0 ? ['g7'] : [] }));
    for (let c = 0; c < 10_000; c++) {
      const code = `X${c}`;
      units.push(unit(code, `Xã ${c}`, 'xa', `D${c % 699}`, { groups: c % 13 === 0 ? ['g13'] : [] }));
      rows.set(
        unitCode(code),
        row(
          code,
          Array.from({ length: 19 }, (_, i) => (c * 7 + i * 3) % 5 !== 0),
        ),
      );
    }
    const get = lookup(computeNtmIndicators(new Hierarchy(units), rows, set2018));
    expect(get('P', 'ntm.communes').value).toBe(10_000);
    expect(get('nhóm:g13', 'ntm.communes').value).toBe(770);
    expect(get('nhóm:g7', 'ntm.communes').value).toBe([...Array(10_000).keys()].filter((c) => (c % 699) % 7 === 0).length);
  });
});
