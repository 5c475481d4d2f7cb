import { periodPlan, type Baseline, type ControlConfig, type PeriodPlan } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import { criteriaSetOrNone } from '../domain/no-criteria-set.js';
import { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { WorkbookStat } from '../ports/workbook-gateway.js';
import type { MergerIndex } from '../domain/mergers.js';
import type { ReportingDuty } from './reporting-plan.js';
import { periodBaselines, runMergers } from './run-mergers.js';

/** A reporting unit's duty as plain data: what it owes, its workbook reference, its deadlines. */
export interface PlannedDuty {
  unit: UnitCode;
  /** The gateway reference of its workbook (file path or spreadsheet ID). */
  ref: string;
  programmes: Programme[];
  due?: string;
  dueByProgramme: Partial<Record<Programme, string>>;
}

/**
 * Everything a run decided before touching any unit workbook, as plain serialisable data: the
 * output of the plan stage and the input of every later stage. In one process it is passed along;
 * on AWS it is kept in the object store under the run id (it holds the whole parsed control
 * workbook, far above what Step Functions may pass between states).
 */
export interface RunPlan {
  runId: string;
  period: PeriodId;
  /** "Today" of the run (`--as-of` or the clock), yyyy-mm-dd in Vietnam. */
  asOf: string;
  /** The instant "today" stands for: deadlines and lateness are measured against it. */
  nowIso: string;
  /** Wall time the run started: run ids, check times people read. */
  startedAt: string;
  config: ControlConfig;
  summaryRef: string;
  /** How e-mails name the summary (a URL in Google mode). */
  summaryLink: string;
  /** Every reporting duty of the period, in the order units are reported. */
  duties: PlannedDuty[];
  /** What the listing said of each workbook (null: not listed), by ref. */
  stats: Record<string, WorkbookStat | null>;
  /** Units whose workbook must be read this run; the others are unchanged since the last run. */
  changed: UnitCode[];
  /** Days before an unchanged alert is sent again. */
  reminderDays: number;
}

/** What the stages derive from a plan: computed once per plan object, not once per unit. */
export interface PlanContext {
  hierarchy: Hierarchy;
  criteriaSet: CriteriaSet;
  /** The period's baselines, merged units folded into their successors. */
  baselines: Baseline[];
  /** The mergers in effect for this run (`Sáp nhập`). */
  mergers: MergerIndex;
  baselineByUnit: Map<UnitCode, Baseline>;
  /** The period's targets and the DTTS catalogue, as the programmes' modules read them. */
  periodPlan: PeriodPlan;
  duties: ReportingDuty[];
  dutyByUnit: Map<UnitCode, ReportingDuty>;
}

const contexts = new WeakMap<RunPlan, PlanContext>();

export function planContext(plan: RunPlan): PlanContext {
  const cached = contexts.get(plan);
  if (cached) return cached;
  const hierarchy = new Hierarchy(plan.config.units);
  const mergers = runMergers(plan.config, plan.period, plan.asOf);
  const baselines = periodBaselines(plan.config, plan.period, mergers);
  const duties = plan.duties.map((d): ReportingDuty => {
    const unit = hierarchy.get(d.unit);
    if (unit === undefined) throw new Error(`Plan ${plan.runId}: duty for unknown unit ${d.unit}`);
    return {
      unit,
      ref: d.ref,
      programmes: d.programmes,
      ...(d.due === undefined ? {} : { due: d.due }),
      dueByProgramme: new Map(Object.entries(d.dueByProgramme) as [Programme, string][]),
    };
  });
  const context: PlanContext = {
    hierarchy,
    criteriaSet: criteriaSetOrNone(plan.period),
    baselines,
    mergers,
    baselineByUnit: new Map(baselines.map((b) => [b.unit, b])),
    periodPlan: periodPlan(plan.config, plan.period),
    duties,
    dutyByUnit: new Map(duties.map((d) => [d.unit.code, d])),
  };
  contexts.set(plan, context);
  return context;
}

export function plannedDuty(duty: ReportingDuty): PlannedDuty {
  return {
    unit: duty.unit.code,
    ref: duty.ref,
    programmes: duty.programmes,
    ...(duty.due === undefined ? {} : { due: duty.due }),
    dueByProgramme: Object.fromEntries(duty.dueByProgramme),
  };
}
