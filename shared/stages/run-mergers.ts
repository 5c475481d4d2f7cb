import type { Baseline, ControlConfig } from '../domain/config.js';
import type { PeriodId } from '../domain/ids.js';
import { foldMergedBaselines } from '../domain/merged-baselines.js';
import { mergerDay, mergerIndex, type MergerIndex } from '../domain/mergers.js';

/** The mergers a run of `period` on `asOf` applies (see mergerDay). */
export function runMergers(config: ControlConfig, period: PeriodId, asOf: string): MergerIndex {
  return mergerIndex(config.mergers ?? [], mergerDay(period, asOf));
}

/**
 * The period's baselines as every stage sees them, merged units folded into their successors. The
 * plan stage and the ingest stage must agree on them: they are part of the key that lets an
 * unchanged workbook be skipped.
 */
export function periodBaselines(config: ControlConfig, period: PeriodId, mergers: MergerIndex): Baseline[] {
  return foldMergedBaselines(
    config.baselines.filter((b) => b.period === period),
    mergers,
  );
}
