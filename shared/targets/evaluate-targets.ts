import type { Target } from '../domain/config.js';
import type { IndicatorId } from '../domain/ids.js';
import { daysBetween } from '../domain/period.js';
import type { Programme } from '../domain/programme.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import { indicatorKey } from '../indicators/indicator-index.js';
import type { TargetEvaluation, TargetStatus } from './evaluation.js';
import { printedTolerance, satisfies } from './printed-rounding.js';

export interface TargetContext {
  /** "Today", ISO `yyyy-mm-dd`. */
  asOf: string;
  /** Deadline of each programme for the period (`Lịch báo cáo`), ISO `yyyy-mm-dd`. */
  dueByProgramme: ReadonlyMap<Programme, string>;
  /** First day of the period, ISO `yyyy-mm-dd`: pacing measures progress from here. */
  periodStart: string;
  /** The first value seen in the period for a scope's indicator, if any was stored. */
  firstValue: (scope: string, indicator: IndicatorId) => number | undefined;
  /**
   * Programmes scheduled for the period whose due date could not be read: their targets are met
   * once reached and otherwise wait (`pending`), never paced against a guessed deadline.
   */
  dueUnknown?: ReadonlySet<Programme>;
  /**
   * Whether an indicator counts things (communes, households, units): its projection is then a
   * whole number, as the count at the deadline will be (a plan does not expect 46,77 communes).
   */
  isCount?: (indicator: IndicatorId) => boolean;
  /**
   * Whether an indicator accumulates from the start of the period (achieved to date, as DTTS
   * reports): pacing then measures from 0, not from the first value a run happened to see.
   */
  startsAtZero?: (indicator: IndicatorId) => boolean;
}

/** Met only within the printed rounding: the value itself falls short of the target as typed. */
function withinRoundingOnly(value: number, t: Target): boolean {
  return !satisfies(value, t.op, t.target, printedTolerance(PLAIN_DECIMALS));
}

/** Decimals whose half-unit is float noise only (see printedTolerance): the comparison as typed. */
const PLAIN_DECIMALS = 10;

/**
 * Reductions are measured against the baseline, so at the start of the period they are 0 by
 * definition, whatever the first run happened to see.
 */
const STARTS_AT_ZERO: ReadonlySet<string> = new Set(['poverty.poor_reduction', 'poverty.rate_reduction_pp']);

const isoDay = (s: string): string => s.slice(0, 10);

/**
 * Share of the period elapsed at `asOf`, in (0, 1]. Never 0: on the first day a day's worth of time
 * has started, and dividing by 0 would project infinity.
 */
function elapsedFraction(periodStart: string, asOf: string, due: string): number {
  const total = daysBetween(periodStart, due);
  if (!(total > 0)) return 1;
  const f = daysBetween(periodStart, asOf) / total;
  if (!Number.isFinite(f)) return 1;
  return Math.min(1, Math.max(f, 1 / total));
}

/**
 * Status of each target at `asOf` (product.md "Targets and alerts"): after the programme's deadline
 * it is met or missed; before it, met when already reached, otherwise pending while the value paced
 * linearly to the deadline would reach it and at_risk when it would not. Without a deadline the
 * target is never missed and is paced to the end of the period's year.
 */
export function evaluateTargets(targets: readonly Target[], index: ReadonlyMap<string, IndicatorValue>, ctx: TargetContext): TargetEvaluation[] {
  const asOf = isoDay(ctx.asOf);
  const periodStart = isoDay(ctx.periodStart);
  return targets.map((t): TargetEvaluation => {
    const due = ctx.dueByProgramme.get(t.programme);
    const dueDay = due === undefined ? undefined : isoDay(due);
    const afterDeadline = dueDay !== undefined && asOf > dueDay;
    const value = index.get(indicatorKey(t.scope, t.indicator))?.value;
    const base = {
      programme: t.programme,
      unit: t.scope,
      indicator: t.indicator,
      target: t.target,
      op: t.op,
      ...(dueDay === undefined ? {} : { due: dueDay }),
      source: t.source,
    };
    if (value === undefined || !Number.isFinite(value)) {
      return { ...base, status: afterDeadline ? 'missed' : 'pending' };
    }
    const tolerance = printedTolerance(t.decimals);
    const reached = satisfies(value, t.op, t.target, tolerance);
    const rounding = reached && withinRoundingOnly(value, t) ? { metByRounding: true as const } : {};
    if (afterDeadline) return { ...base, value, status: reached ? 'met' : 'missed', ...rounding };
    if (ctx.dueUnknown?.has(t.programme) === true) return { ...base, value, status: reached ? 'met' : 'pending', ...rounding };

    const horizon = dueDay ?? `${periodStart.slice(0, 4)}-12-31`;
    const f = elapsedFraction(periodStart, asOf, horizon);
    const start = STARTS_AT_ZERO.has(t.indicator) || ctx.startsAtZero?.(t.indicator) === true ? 0 : (ctx.firstValue(t.scope, t.indicator) ?? value);
    const paced = start + (value - start) / f;
    const projected = ctx.isCount?.(t.indicator) === true ? Math.round(paced) : paced;
    let status: TargetStatus;
    if (reached) status = 'met';
    else status = satisfies(projected, t.op, t.target, tolerance) ? 'pending' : 'at_risk';
    return { ...base, value, projected, status, ...rounding };
  });
}
