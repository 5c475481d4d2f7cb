import { describe, expect, it } from 'vitest';
import { unitCode, type UnitCode } from '../../shared/domain/ids.js';
import type { NtmRow } from '../../shared/domain/rows.js';
import type { Regression } from '../../shared/alerts/regressions.js';
import type { CriteriaSet } from '../../shared/domain/criteria-set.js';
import type { Scope } from '../../shared/domain/unit.js';
import { criteriaRegressions } from '../../shared/programmes/ntm/ntm-regressions.js';
import { povertyRegressions } from '../../shared/programmes/giam_ngheo/poverty-regressions.js';
import type { IndicatorValue } from '../../shared/indicators/indicator.js';
import { indexIndicators } from '../../shared/indicators/indicator-index.js';
import { set2018 } from '../indicators/fixtures/plans.js';

const ntm = (...rows: [string, string, number[]][]): Map<UnitCode, NtmRow> =>
  new Map(
    rows.map(([code, name, unmet]) => [
      unitCode(code),
      { commune: unitCode(code), name, criteria: Array.from({ length: 19 }, (_, i) => !unmet.includes(i + 1)) },
    ]),
  );
const rate = (unit: string, indicator: string, value: number): IndicatorValue => ({ programme: 'giam_ngheo', unit, indicator, value }) as IndicatorValue;
const none = new Map<string, IndicatorValue>();

interface Side {
  ntm: Map<UnitCode, NtmRow>;
  indicators: ReadonlyMap<string, IndicatorValue>;
}
/** What consolidate finds through the two modules' regression hooks, NTM first. */
const detectRegressions = (previous: Side, current: Side, set: CriteriaSet, nameOf: (s: Scope) => string = (s) => s): Regression[] => [
  ...criteriaRegressions(previous.ntm, current.ntm, set, nameOf),
  ...povertyRegressions({
    previous: new Map(),
    current: new Map(),
    previousIndicators: previous.indicators,
    currentIndicators: current.indicators,
    set,
    nameOf,
  }),
];

describe('detectRegressions', () => {
  it('reports one regression per commune that lost criteria, under its first lost criterion', () => {
    const before = ntm(['X1', 'Xã Tân Tri', [5, 17]], ['X2', 'Xã Vũ Lễ', []], ['X3', 'Xã Mới', []]);
    const after = ntm(['X1', 'Xã Tân Tri', [2, 6, 17]], ['X2', 'Xã Vũ Lễ', []], ['X4', 'Xã Khác', [1]]);
    const found = detectRegressions({ ntm: before, indicators: none }, { ntm: after, indicators: none }, set2018);
    expect(found).toEqual([
      {
        scope: 'X1',
        indicator: 'ntm.criterion.2',
        message: 'Xã Tân Tri: không còn đạt tiêu chí 2 (Giao thông), 6 (Cơ sở vật chất văn hóa); số tiêu chí đạt từ 17 còn 16.',
        before: 17,
        after: 16,
      },
    ]);
  });

  it('reports rising poverty rates of scopes present in both runs, ignoring rises under 0,005 points', () => {
    const before = indexIndicators([
      rate('06', 'poverty.rate', 26.61),
      rate('0604', 'poverty.multidim_rate', 50),
      rate('0605', 'poverty.near_poor_rate', 10),
      rate('0606', 'poverty.rate', 20),
      rate('nhóm:biên giới', 'poverty.near_poor_rate', 5),
      rate('06', 'poverty.households', 100),
    ]);
    const after = indexIndicators([
      rate('06', 'poverty.rate', 26.614),
      rate('0604', 'poverty.multidim_rate', 50.2),
      rate('0605', 'poverty.near_poor_rate', 9),
      rate('0607', 'poverty.rate', 30),
      rate('nhóm:biên giới', 'poverty.near_poor_rate', 5.5),
      rate('06', 'poverty.households', 200),
    ]);
    const names: Record<string, string> = { '0604': 'Huyện Pác Nặm' };
    const found = detectRegressions({ ntm: new Map(), indicators: before }, { ntm: new Map(), indicators: after }, set2018, (s) => names[s] ?? s);
    expect(found.map((r) => [r.scope, r.indicator, r.before, r.after])).toEqual([
      ['0604', 'poverty.multidim_rate', 50, 50.2],
      ['nhóm:biên giới', 'poverty.near_poor_rate', 5, 5.5],
    ]);
    expect(found[0]?.message).toBe('Huyện Pác Nặm: tỷ lệ hộ nghèo đa chiều tăng từ 50% lên 50,2%.');
  });

  it('reports a rise of exactly 0,01 points and nothing when nothing changed', () => {
    const before = indexIndicators([rate('06', 'poverty.rate', 26.61)]);
    const after = indexIndicators([rate('06', 'poverty.rate', 26.62)]);
    expect(detectRegressions({ ntm: new Map(), indicators: before }, { ntm: new Map(), indicators: after }, set2018)).toHaveLength(1);
    expect(detectRegressions({ ntm: new Map(), indicators: before }, { ntm: new Map(), indicators: before }, set2018)).toEqual([]);
  });
});
