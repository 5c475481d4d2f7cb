import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../shared/domain/config.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import { foldMergedBaselines } from '../../shared/domain/merged-baselines.js';
import { mergerDay, mergerIndex, type Merger } from '../../shared/domain/mergers.js';
import { periodEnd } from '../../shared/domain/period.js';

const m = (from: string, to: string, effective: string): Merger => ({ from: unitCode(from), to: unitCode(to), effective });
const b = (unit: string, households: number, poor: number, nearPoor?: number): Baseline => ({
  unit: unitCode(unit),
  period: periodId('2025'),
  households,
  poor,
  ...(nearPoor === undefined ? {} : { nearPoor }),
});

describe('mergers', () => {
  it('resolves chains A -> B -> C and applies a merger only from its date', () => {
    const mergers = [m('A', 'B', '2025-07-01'), m('B', 'C', '2026-01-01'), m('D', 'C', '2025-07-01')];
    const summer = mergerIndex(mergers, '2025-09-30');
    expect(summer.successorOf(unitCode('A'))).toBe('B');
    expect(summer.predecessorsOf(unitCode('C'))).toEqual(['D']);
    const later = mergerIndex(mergers, '2026-01-01');
    expect(later.successorOf(unitCode('A'))).toBe('C');
    expect(later.predecessorsOf(unitCode('C'))).toEqual(['A', 'B', 'D']);
    expect(mergerIndex(mergers, '2025-06-30').successors()).toEqual([]);
  });

  it('leaves a loop unmerged instead of hanging', () => {
    const index = mergerIndex([m('A', 'B', '2025-07-01'), m('B', 'A', '2025-07-01')], '2025-12-31');
    expect(index.successorOf(unitCode('A'))).toBe('A');
    expect(index.successors()).toEqual([]);
  });

  it('judges a period by its as-of day, never past its last day', () => {
    expect(periodEnd(periodId('2025'))).toBe('2025-12-31');
    expect(periodEnd(periodId('2024-Q1'))).toBe('2024-03-31');
    expect(periodEnd(periodId('2024-02'))).toBe('2024-02-29');
    expect(periodEnd(periodId('2025-H1'))).toBe('2025-06-30');
    expect(mergerDay(periodId('2025'), '2025-08-15')).toBe('2025-08-15');
    expect(mergerDay(periodId('2024'), '2026-03-01')).toBe('2024-12-31');
  });

  it("folds old codes' baselines into the successor, its own row included", () => {
    const index = mergerIndex([m('A', 'C', '2025-07-01'), m('B', 'C', '2025-07-01')], '2025-12-31');
    expect(foldMergedBaselines([b('A', 1000, 200, 50), b('B', 500, 100, 30), b('C', 300, 30, 10), b('E', 10, 1)], index)).toEqual([
      b('C', 1800, 330, 90),
      b('E', 10, 1),
    ]);
    // A part without near-poor figures leaves the sum without them rather than understate it.
    expect(foldMergedBaselines([b('A', 1000, 200), b('B', 500, 100, 30)], index)).toEqual([b('C', 1500, 300)]);
    const none = [b('A', 1, 1)];
    expect(foldMergedBaselines(none, mergerIndex([], ''))).toEqual(none);
  });
});
