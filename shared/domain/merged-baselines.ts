import type { Baseline } from './config.js';
import type { UnitCode } from './ids.js';
import type { MergerIndex } from './mergers.js';

/**
 * The period's baselines with merged units folded into their successors: a merged commune's
 * start-of-period figures are the sum of its predecessors' rows plus its own row, if it has one.
 * Its own row counts because a commune that absorbed its neighbours usually keeps its code (its row
 * is then its own pre-merger review); an office that types the merged total on the new code should
 * leave the old codes out. Near-poor counts are summed only when every part has one.
 * `baselines` must hold one period's rows; the first row of a unit wins, as everywhere else.
 */
export function foldMergedBaselines(baselines: readonly Baseline[], mergers: MergerIndex): Baseline[] {
  if (mergers.successors().length === 0) return [...baselines];
  const first = new Map<UnitCode, Baseline>();
  for (const b of baselines) if (!first.has(b.unit)) first.set(b.unit, b);

  const out = new Map<UnitCode, Baseline>();
  for (const b of first.values()) {
    const unit = mergers.successorOf(b.unit);
    const sum = out.get(unit);
    if (sum === undefined) {
      out.set(unit, { ...b, unit });
      continue;
    }
    const merged: Baseline = { unit, period: sum.period, households: sum.households + b.households, poor: sum.poor + b.poor };
    if (sum.nearPoor !== undefined && b.nearPoor !== undefined) merged.nearPoor = sum.nearPoor + b.nearPoor;
    out.set(unit, merged);
  }
  return [...out.values()];
}
