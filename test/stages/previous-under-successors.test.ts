import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { indicatorId, periodId, unitCode, type IndicatorId } from '../../shared/domain/ids.js';
import { mergerIndex, NO_MERGERS } from '../../shared/domain/mergers.js';
import type { NtmRow } from '../../shared/domain/rows.js';
import type { Unit } from '../../shared/domain/unit.js';
import { indexIndicators } from '../../shared/indicators/indicator-index.js';
import type { IndicatorSnapshot, SubmissionRecord } from '../../shared/ports/store.js';
import { povertyRegressions } from '../../shared/programmes/giam_ngheo/poverty-regressions.js';
import { criteriaRegressions } from '../../shared/programmes/ntm/ntm-regressions.js';
import { previousRowsUnderSuccessors, previousSnapshotsUnderSuccessors } from '../../shared/stages/previous-under-successors.js';
import { set2018 } from '../indicators/fixtures/plans.js';

const unit = (code: string, name: string, level: Unit['level'], parent?: string): Unit => ({
  code: unitCode(code),
  name,
  level,
  groups: [],
  emails: [],
  ...(parent === undefined ? {} : { parent: unitCode(parent) }),
});
// Since the reform: the province and its communes. 06052 absorbed 06060 and kept its code.
const hierarchy = new Hierarchy([unit('20', 'Tỉnh Lạng Sơn', 'tinh'), unit('06052', 'Xã Hùng Sơn', 'xa', '20')]);
const merged = mergerIndex([{ from: unitCode('06060'), to: unitCode('06052'), effective: '2025-07-01' }], '2025-12-31');

const row = (code: string, unmet: number[]): NtmRow => ({
  commune: unitCode(code),
  name: code,
  criteria: Array.from({ length: 19 }, (_, i) => !unmet.includes(i + 1)),
});
const record = (unitOf: string, rows: NtmRow[]): SubmissionRecord => ({
  unit: unitCode(unitOf),
  period: periodId('2025'),
  status: 'ok',
  checkedAt: '2025-06-01T00:00:00Z',
  data: { ntm: rows },
  staleCommunes: [],
  issues: [],
});

describe('previous rows of merged communes count for their successor', () => {
  // Before the merger the abolished district 181 reported both communes; 06060 lacked criterion 2.
  const before = [record('181', [row('06052', []), row('06060', [2])])];

  it('does not read the merger as a lost criterion, and still reports one every part had', () => {
    const now = new Map([[unitCode('06052'), row('06052', [2, 3])]]);
    const detect = (previous: ReturnType<typeof previousRowsUnderSuccessors>) =>
      criteriaRegressions((previous.get('ntm') ?? new Map()) as ReadonlyMap<ReturnType<typeof unitCode>, NtmRow>, now, set2018, (s) => s).map((r) => [
        r.scope,
        r.indicator,
      ]);
    // Without the mergers: 06052 compared with itself alone, criterion 2 reads as lost.
    expect(
      detect(previousRowsUnderSuccessors(new Hierarchy([...hierarchy.byCode.values(), unit('181', 'Huyện cũ', 'huyen', '20')]), before, NO_MERGERS)),
    ).toEqual([['06052', 'ntm.criterion.2']]);
    expect(detect(previousRowsUnderSuccessors(hierarchy, before, merged))).toEqual([['06052', 'ntm.criterion.3']]);
  });

  it('sums the rates of a merged scope from its parts written in the same run', () => {
    const rate = indicatorId('poverty.rate');
    const snap = (scope: string, n: number, d: number, runId: string): IndicatorSnapshot => ({
      scope,
      values: { [rate]: { v: (n / d) * 100, n, d } },
      first: {},
      runId,
      updatedAt: '2025-06-01T00:00:00Z',
    });
    const previous = new Map([
      ['06052', snap('06052', 10, 1000, 'r1')],
      ['06060', snap('06060', 90, 1000, 'r1')],
    ]);
    expect(previousSnapshotsUnderSuccessors(previous, merged).get('06052')?.values[rate]).toEqual({ v: 5, n: 100, d: 2000 });
    // Written after the predecessors stopped reporting: already the merged scope.
    const later = new Map([...previous, ['06052', snap('06052', 100, 2000, 'r2')]]);
    expect(previousSnapshotsUnderSuccessors(later, merged).get('06052')?.runId).toBe('r2');
    const now = indexIndicators([{ programme: 'giam_ngheo', unit: '06052', indicator: rate, value: 4.8, numerator: 96, denominator: 2000 }]);
    const rises = (p: ReadonlyMap<string, IndicatorSnapshot>) => {
      const values = [...p.values()].flatMap((s) =>
        Object.entries(s.values).map(([id, e]) => ({ programme: 'giam_ngheo' as const, unit: s.scope, indicator: id as IndicatorId, value: e.v })),
      );
      return povertyRegressions({
        previous: new Map(),
        current: new Map(),
        previousIndicators: indexIndicators(values),
        currentIndicators: now,
        set: set2018,
        nameOf: (s) => s,
      }).length;
    };
    expect(rises(previous)).toBe(1); // 06052 alone had 1 %: 4.8 % reads as a rise, which is the merger
    expect(rises(previousSnapshotsUnderSuccessors(previous, merged))).toBe(0); // both together had 5 %
  });
});
