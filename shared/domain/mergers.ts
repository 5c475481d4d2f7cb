import type { PeriodId, UnitCode } from './ids.js';
import { periodEnd } from './period.js';

/**
 * One row of `Sáp nhập`: from `effective` on, the unit `from` no longer exists and its data counts
 * for `to` (the 2025 reform merged communes and abolished districts). `from` need not be in
 * `Đơn vị`; `to` is, or is itself merged further (a chain A -> B -> C).
 */
export interface Merger {
  from: UnitCode;
  to: UnitCode;
  /** ISO date `yyyy-mm-dd`. */
  effective: string;
  /** The old unit's name (optional column `Tên đơn vị cũ`), for the summary's notes. */
  fromName?: string;
}

/**
 * The day a run's mergers are judged on: its as-of day, but never past the period's last day, so
 * a period that ended before a merger keeps its old units even when it is re-run later.
 */
export function mergerDay(period: PeriodId, asOf: string): string {
  const end = periodEnd(period);
  return asOf < end ? asOf : end;
}

/** Successors and predecessors of the mergers in effect on one day, chains resolved. */
export interface MergerIndex {
  /** Mergers in effect, in the order given. */
  readonly mergers: readonly Merger[];
  /** The unit whose data `code` counts for now: itself when not merged; the end of its chain otherwise. */
  successorOf(code: UnitCode): UnitCode;
  /** Every old code whose data counts for `code` (direct and through chains), in row order; empty when none. */
  predecessorsOf(code: UnitCode): readonly UnitCode[];
  /** Units that absorbed at least one other unit. */
  successors(): readonly UnitCode[];
}

/**
 * Indexes the mergers in effect on `day` (`effective` on or before it). The first row for an old
 * code wins and a chain that loops is cut where it closes; the control workbook's parser reports
 * both, so here they only must not hang or double count.
 */
export function mergerIndex(mergers: readonly Merger[], day: string): MergerIndex {
  const inEffect = mergers.filter((m) => m.effective <= day);
  const next = new Map<UnitCode, UnitCode>();
  for (const m of inEffect) if (!next.has(m.from) && m.from !== m.to) next.set(m.from, m.to);

  const successor = new Map<UnitCode, UnitCode>();
  for (const from of next.keys()) {
    const seen = new Set<UnitCode>([from]);
    let cur = from;
    let loops = false;
    for (let step = next.get(cur); step !== undefined; step = next.get(cur)) {
      if (seen.has(step)) {
        loops = true;
        break;
      }
      seen.add(step);
      cur = step;
    }
    // A loop has no unit left standing: leave its codes unmerged rather than pick one.
    if (!loops) successor.set(from, cur);
  }

  const predecessors = new Map<UnitCode, UnitCode[]>();
  for (const [from, to] of successor) {
    const list = predecessors.get(to) ?? [];
    list.push(from);
    predecessors.set(to, list);
  }
  return {
    mergers: inEffect,
    successorOf: (code) => successor.get(code) ?? code,
    predecessorsOf: (code) => predecessors.get(code) ?? [],
    successors: () => [...predecessors.keys()],
  };
}

/** An index with no mergers: what a control workbook without `Sáp nhập` means. */
export const NO_MERGERS: MergerIndex = mergerIndex([], '');
