import { randomBytes } from 'node:crypto';
import { periodPlan } from '../domain/config.js';
import { criteriaSetOrNone } from '../domain/no-criteria-set.js';
import { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import { parseControlWorkbook } from '../forms/control-workbook.js';
import { readControlSettings, SETTINGS_TAB, type ControlSettings } from '../forms/settings-tab.js';
import { CONTROL_TABS } from '../forms/tab-specs.js';
import { periodBaselines, runMergers } from './run-mergers.js';
import type { Clock } from '../ports/clock.js';
import type { Scope } from '../domain/unit.js';
import type { IndicatorSnapshot, Store, SubmissionRecord } from '../ports/store.js';
import type { WorkbookGateway, WorkbookStat } from '../ports/workbook-gateway.js';
import { isUnchanged, validationContextKey } from './ingest-unit.js';
import { defaultPeriod, reportingDuties } from './reporting-plan.js';
import { plannedDuty, type RunPlan } from './run-plan.js';

export interface PlanPorts {
  gateway: WorkbookGateway;
  store: Pick<Store, 'loadSubmissions' | 'loadIndicatorSnapshots'>;
  /** "Today" for deadlines and pacing (`--as-of`). */
  clock: Clock;
  /** Real time, for run ids and timestamps people read. */
  wallClock: Clock;
  configRef: string;
  summaryRef: string;
  /** Maps a unit's `Bảng tính` value to a gateway reference (e.g. `units/<file>`). */
  unitRef: (workbook: string) => string;
  /**
   * Google front end only: receives the control workbook's `Cấu hình` settings (read in the same
   * call as the control tabs) and returns the summary workbook to use and the link e-mails give.
   * It runs before any stat(), so it may also point the gateway at the Drive folder.
   */
  applySettings?: (settings: ControlSettings) => { summaryRef?: string; summaryLink?: string };
}

export interface PlanRequest {
  period?: PeriodId;
  reminderDays?: number;
  /** Given by the engine when it names runs itself (a Step Functions execution); made here otherwise. */
  runId?: string;
}

/**
 * The plan, and the state before this run it was decided against: the stored submissions and
 * indicator snapshots. Later stages compare with this state, not with the store, which by then
 * holds this run's own writes (a repeated consolidate task would otherwise find no regression).
 */
export interface PlannedRun {
  plan: RunPlan;
  stored: Map<UnitCode, SubmissionRecord>;
  snapshots: Map<Scope, IndicatorSnapshot>;
}

export class ConfigUnavailableError extends Error {
  constructor(
    readonly ref: string,
    options?: { cause?: unknown },
  ) {
    super(`Không đọc được tệp cấu hình "${ref}"`, options);
    this.name = 'ConfigUnavailableError';
  }
}

/**
 * The run asked for a period `Lịch báo cáo` does not schedule: nothing would be due, so the run
 * would only replace the summary with an empty one. Thrown before anything is read from the store
 * or written anywhere; the command line reports it as a usage error.
 */
export class PeriodNotScheduledError extends Error {
  constructor(
    readonly period: PeriodId,
    /** The periods the schedule has, oldest first. */
    readonly scheduled: readonly PeriodId[],
  ) {
    const known = scheduled.length === 0 ? 'trang này chưa có dòng nào' : `các kỳ đã có lịch: ${scheduled.join(', ')}`;
    super(`Kỳ "${period}" không có trong trang "Lịch báo cáo" của tệp cấu hình (${known}). Thêm lịch báo cáo cho kỳ này, hoặc chọn một kỳ đã có lịch.`);
    this.name = 'PeriodNotScheduledError';
  }
}

/** Every control tab plus the optional `Cấu hình`: one read, whichever front end. */
const CONFIG_READ_TABS = [...CONTROL_TABS.map((t) => t.name), SETTINGS_TAB.name];

/** Today in Vietnam as yyyy-mm-dd. */
export function vietnamDate(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** `20181015T030405Z-a1b2c3`: sorts by time, unique across runs started in the same second. */
export function newRunId(started: Date): string {
  return `${started
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * The plan stage: reads the control workbook (one call), lists the unit workbooks (one call),
 * loads what is stored, and decides which units must be read. Only "cannot run at all" fails
 * here (no control workbook, store unavailable); everything else is a finding of a later stage.
 */
export async function planRun(ports: PlanPorts, request: PlanRequest = {}): Promise<PlannedRun> {
  const started = ports.wallClock.now();
  const now = ports.clock.now();
  let raw;
  try {
    raw = await ports.gateway.read(ports.configRef, CONFIG_READ_TABS);
  } catch (error) {
    throw new ConfigUnavailableError(ports.configRef, { cause: error });
  }
  const config = parseControlWorkbook(raw);
  const resolved = ports.applySettings?.(readControlSettings(raw)) ?? {};
  const summaryRef = resolved.summaryRef ?? ports.summaryRef;
  const period = request.period ?? defaultPeriod(config.schedule);
  if (!config.schedule.some((s) => s.period === period)) {
    throw new PeriodNotScheduledError(period, [...new Set(config.schedule.map((s) => s.period))].sort());
  }
  const hierarchy = new Hierarchy(config.units);
  const criteriaSet = criteriaSetOrNone(period);
  const baselines = new Map(periodBaselines(config, period, runMergers(config, period, vietnamDate(now))).map((b) => [b.unit, b]));
  const duties = reportingDuties(hierarchy, config.schedule, period).map((d) => ({ ...d, ref: ports.unitRef(d.ref) }));
  const plan = periodPlan(config, period);

  // A refused reference (outside the workspace, claimed twice) is never handed to the gateway.
  const listed = duties.filter((d) => d.unit.workbookRefused === undefined).map((d) => d.ref);
  const [stored, snapshots, stats] = await Promise.all([
    ports.store.loadSubmissions(period),
    ports.store.loadIndicatorSnapshots(period),
    ports.gateway.stat(listed),
  ]);
  const changed: UnitCode[] = [];
  for (const duty of duties) {
    const stat = stats.get(duty.ref);
    const key = validationContextKey({ hierarchy, baselines, criteriaSet, plan, now }, duty);
    if (duty.unit.workbookRefused !== undefined || !isUnchanged(stored.get(duty.unit.code), stat, key)) changed.push(duty.unit.code);
  }
  const statRecord: Record<string, WorkbookStat | null> = {};
  for (const ref of listed) statRecord[ref] = stats.get(ref) ?? null;

  const runPlan: RunPlan = {
    runId: request.runId ?? newRunId(started),
    period,
    asOf: vietnamDate(now),
    nowIso: now.toISOString(),
    startedAt: started.toISOString(),
    config,
    summaryRef,
    summaryLink: resolved.summaryLink ?? summaryRef,
    duties: duties.map(plannedDuty),
    stats: statRecord,
    changed,
    reminderDays: request.reminderDays ?? 7,
  };
  return { plan: runPlan, stored, snapshots };
}
