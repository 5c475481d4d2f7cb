import { createHash, randomBytes } from 'node:crypto';
import { buildAlerts } from '../alerts/build-alerts.js';
import { detectRegressions } from '../alerts/regressions.js';
import type { UnitRunState } from '../alerts/unit-run-state.js';
import type { Baseline } from '../domain/config.js';
import { criteriaSetForPeriod } from '../domain/criteria-sets.js';
import { Hierarchy } from '../domain/hierarchy.js';
import { unitCode, type IndicatorId, type PeriodId, type UnitCode } from '../domain/ids.js';
import { periodStart } from '../domain/period.js';
import { parseControlWorkbook } from '../forms/control-workbook.js';
import { readControlSettings, SETTINGS_TAB, type ControlSettings } from '../forms/settings-tab.js';
import { CONTROL_TABS } from '../forms/tab-specs.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import { indexIndicators, indicatorKey } from '../indicators/indicator-index.js';
import { computeNtmIndicators } from '../indicators/ntm-indicators.js';
import { computePovertyIndicators } from '../indicators/poverty-indicators.js';
import { scopeName } from '../indicators/scope-name.js';
import type { Clock } from '../ports/clock.js';
import type { Mailer } from '../ports/mailer.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { IndicatorSnapshot, Store, SubmissionRecord } from '../ports/store.js';
import { isStoreOutage } from '../ports/store-errors.js';
import { WorkbookChangedError, WorkbookUnreadableError, WorkbookWriteError, type WorkbookGateway } from '../ports/workbook-gateway.js';
import { renderSummaryTabs } from '../publish/summary-tabs.js';
import { checkTargetConsistency } from '../targets/consistency.js';
import { evaluateTargets } from '../targets/evaluate-targets.js';
import { communeRows } from './consolidate.js';
import { deliverAlerts } from './deliver-alerts.js';
import { changedSnapshots, storedScopes } from './indicator-snapshots.js';
import { ingestUnit, type IngestOutcome, type WorkbookAccessAdvice } from './ingest-unit.js';
import { runPool } from './pool.js';
import { defaultPeriod, dueByProgramme, programmesWithoutDue, reportingDuties } from './reporting-plan.js';
import type { RunIssue, RunResult, UnitReport } from './run-result.js';
import { StageTimer } from './stage-timer.js';
import { unitReport } from './unit-report.js';

export interface PipelineDeps {
  gateway: WorkbookGateway;
  store: Store;
  objects: ObjectStore;
  mailer: Mailer;
  /** "Today" for deadlines and pacing (`--as-of`). */
  clock: Clock;
  /** Real time, for run ids and timestamps people read. */
  wallClock: Clock;
  configRef: string;
  summaryRef: string;
  /** Maps a unit's `Bảng tính` value to a gateway reference (e.g. `units/<file>`). */
  unitRef: (workbook: string) => string;
  /**
   * Google front end only; the embedded mode leaves it unset (its config.xlsx has no `Cấu hình`
   * tab). Receives the control workbook's `Cấu hình` settings, read in the same call as the other
   * control tabs so the summary's ID and the Drive folder cost no extra call, and returns the
   * summary workbook to use instead of `summaryRef` (and the link e-mails give for it). It runs
   * before any stat(), so it may also point the gateway at the Drive folder.
   */
  applySettings?: (settings: ControlSettings) => { summaryRef?: string; summaryLink?: string };
  /** How to fix a missing or unreadable workbook, when the embedded-mode advice does not fit (Google: share it). */
  access?: WorkbookAccessAdvice;
}

export interface PipelineOptions {
  period?: PeriodId;
  /** Days before an unchanged alert is sent again. */
  reminderDays?: number;
  /** Workbooks processed at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number, unitName: string) => void;
}

export interface PipelineStats {
  storeWrites: number;
  workbooksWritten: number;
  summaryWritten: boolean;
  emailsSent: number;
  stageMs: Record<string, number>;
}

export interface PipelineRun {
  result: RunResult;
  stats: PipelineStats;
  /** Paths or ids of the e-mails sent. */
  mail: string[];
  /** The hierarchy's roots (provinces), for headlines. */
  roots: { code: UnitCode; name: string }[];
}

export class ConfigUnavailableError extends Error {
  constructor(readonly ref: string, options?: { cause?: unknown }) {
    super(`Không đọc được tệp cấu hình "${ref}"`, options);
    this.name = 'ConfigUnavailableError';
  }
}

const CONFIG_UNIT = unitCode('config');
/** Every control tab plus the optional `Cấu hình`: one read, whichever front end. */
const CONFIG_READ_TABS = [...CONTROL_TABS.map((t) => t.name), SETTINGS_TAB.name];

/** Today in Vietnam as yyyy-mm-dd. */
export function vietnamDate(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * One pipeline run: pull -> validate -> store -> consolidate -> evaluate -> publish -> alert.
 * Each unit's failure stays that unit's; the run fails only when it cannot run at all (no control
 * workbook, store unavailable).
 */
export async function runPipeline(deps: PipelineDeps, options: PipelineOptions = {}): Promise<PipelineRun> {
  const timer = new StageTimer();
  const writesBefore = deps.store.writeCount;
  const started = deps.wallClock.now();
  const now = deps.clock.now();
  const asOf = vietnamDate(now);
  const runId = `${started.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

  // ---- control workbook ----
  const { config, settings } = await timer.time('config', async () => {
    try {
      const raw = await deps.gateway.read(deps.configRef, CONFIG_READ_TABS);
      return { config: parseControlWorkbook(raw), settings: readControlSettings(raw) };
    } catch (error) {
      throw new ConfigUnavailableError(deps.configRef, { cause: error });
    }
  });
  const resolved = deps.applySettings?.(settings) ?? {};
  const summaryRef = resolved.summaryRef ?? deps.summaryRef;
  const summaryLink = resolved.summaryLink ?? summaryRef;
  const period = options.period ?? defaultPeriod(config.schedule);
  const hierarchy = new Hierarchy(config.units);
  const set = criteriaSetForPeriod(period);
  const baselines = config.baselines.filter((b) => b.period === period);
  const baselineByUnit = new Map<UnitCode, Baseline>(baselines.map((b) => [b.unit, b]));
  const duties = reportingDuties(hierarchy, config.schedule, period).map((d) => ({ ...d, ref: deps.unitRef(d.ref) }));

  // ---- pull and validate, one unit at a time (a few in flight) ----
  const [stored, stats] = await timer.time('load', () =>
    Promise.all([deps.store.loadSubmissions(period), deps.gateway.stat(duties.filter((d) => d.unit.workbookRefused === undefined).map((d) => d.ref))]),
  );
  let done = 0;
  const outcomes = await timer.time('ingest', () =>
    runPool(duties, options.concurrency ?? 4, async (duty): Promise<IngestOutcome> => {
      const outcome = await ingestUnit(
        { gateway: deps.gateway, objects: deps.objects, hierarchy, criteriaSet: set, baselines: baselineByUnit, period, now, wallNow: started, access: deps.access },
        duty,
        stats.get(duty.ref),
        stored.get(duty.unit.code),
      );
      options.onProgress?.(++done, duties.length, duty.unit.name);
      return outcome;
    }),
  );
  const changedRecords = outcomes.map((o) => o.changed).filter((r): r is SubmissionRecord => r !== undefined);
  const notStored = await timer.time('store', () => saveSubmissionsEach(deps.store, changedRecords));

  // ---- consolidate ----
  const current = new Map(stored);
  for (const o of outcomes) current.set(o.record.unit, o.record);
  const { indicators, index, rows, previousNtm } = timer.timeSync('consolidate', () => {
    const rowsNow = communeRows(hierarchy, current.values());
    const values: IndicatorValue[] = [
      ...computeNtmIndicators(hierarchy, rowsNow.ntm, set),
      ...computePovertyIndicators(hierarchy, rowsNow.poverty, baselines),
    ];
    // Targets and regressions look up aggregate scopes and targeted scopes only; indexing the
    // communes too would mean ~600,000 keys for nothing at national scale.
    const looked = storedScopes(hierarchy);
    for (const t of config.targets) if (t.period === period) looked.add(t.scope);
    const indexed = values.filter((v) => looked.has(v.unit));
    return { indicators: values, index: indexIndicators(indexed), rows: rowsNow, previousNtm: communeRows(hierarchy, stored.values()).ntm };
  });

  // ---- evaluate ----
  const previousSnapshots = await timer.time('load', () => deps.store.loadIndicatorSnapshots(period));
  const evaluation = timer.timeSync('evaluate', () => {
    const targetsOfPeriod = config.targets.filter((t) => t.period === period);
    const targets = evaluateTargets(targetsOfPeriod, index, {
      asOf,
      dueByProgramme: dueByProgramme(config.schedule, period),
      dueUnknown: programmesWithoutDue(config.schedule, period),
      periodStart: periodStart(period),
      firstValue: (scope, indicator) => previousSnapshots.get(scope)?.first[indicator],
    });
    const inconsistencies = checkTargetConsistency(targetsOfPeriod, hierarchy, set, baselines);
    const regressions = detectRegressions(
      { ntm: previousNtm, indicators: snapshotIndex(previousSnapshots) },
      { ntm: rows.ntm, indicators: index },
      set,
      (scope) => scopeName(hierarchy, scope),
    );
    return { targets, inconsistencies, regressions };
  });

  // outcomes are in duty order
  const units: UnitReport[] = duties.map((duty, i) => unitReport(duty, (outcomes[i] as IngestOutcome).record, (outcomes[i] as IngestOutcome).runStatus));
  const issues: RunIssue[] = [
    ...config.issues.map((i) => ({ ...i, unit: CONFIG_UNIT })),
    ...outcomes.flatMap((o) => o.record.issues.map((i) => ({ ...i, unit: o.record.unit }))),
    ...[...notStored].map(([unit, error]): RunIssue => storeFailedIssue(unit, hierarchy.get(unit)?.name ?? unit, error)),
  ];
  const runStates: UnitRunState[] = outcomes.map((o, i) => ({
    unit: o.record.unit,
    status: o.record.status,
    errors: units[i]?.errors ?? 0,
    warnings: units[i]?.warnings ?? 0,
    receivedAt: o.record.receivedAt,
    due: duties[i]?.due,
    hasAcceptedData: (o.record.data.ntm?.length ?? 0) + (o.record.data.poverty?.length ?? 0) > 0,
  }));
  const alerts = buildAlerts({
    period,
    asOf,
    hierarchy,
    recipients: config.recipients,
    units: runStates,
    targets: evaluation.targets,
    inconsistencies: evaluation.inconsistencies,
    regressions: evaluation.regressions,
    set,
  });
  const result: RunResult = { runId, period, asOf, startedAt: started.toISOString(), units, issues, indicators, targets: evaluation.targets, alerts };

  // ---- store indicators ----
  const snapshots = changedSnapshots(hierarchy, indicators, previousSnapshots, runId, started.toISOString());
  await timer.time('store', () => (snapshots.length > 0 ? deps.store.saveIndicatorSnapshots(period, snapshots) : Promise.resolve()));

  // ---- publish ----
  const summaryWritten = await timer.time('publish', async () => {
    // The office reads the stored status of each unit ("ok", "invalid"...), not whether this run re-read it.
    const storedStatus = { ...result, units: units.map((u, i) => ({ ...u, status: outcomes[i]?.record.status ?? u.status })) };
    // Rendering ~10,000 rows costs more than the rest of an unchanged run: compare a key of
    // everything the summary is made from (indicators follow from the record versions and config)
    // and rewrite only when it moved.
    const inputKey = sha256(
      JSON.stringify([period, asOf, config, storedStatus.units, result.targets, result.alerts, outcomes.map((o) => [o.record.unit, o.record.sourceVersion, o.record.contextKey, o.record.acceptedAt])]),
    );
    const inputMetaKey = `summaryInput#${summaryRef}`;
    const exists = await deps.gateway.exists(summaryRef);
    if (exists && (await deps.store.getMeta(inputMetaKey)) === inputKey) return false;
    const tabs = renderSummaryTabs({ result: storedStatus, hierarchy, set, baselines, generatedAt: started.toISOString() });
    try {
      await deps.gateway.writeTabs(summaryRef, tabs);
    } catch (error) {
      // The office's own file refused the write (open in Excel on a Windows share, read-only):
      // the run's results stand and reach people by e-mail; the key is not recorded, so the next
      // run writes the summary again.
      if (!isWorkbookWriteFailure(error)) throw error;
      result.issues.push(summaryNotWrittenIssue(summaryRef, error));
      return false;
    }
    await deps.store.setMeta(inputMetaKey, inputKey);
    return true;
  });

  // ---- alert ----
  const delivered = await timer.time('alert', () =>
    deliverAlerts(
      { alerts, period, asOf, runAt: started.toISOString(), hierarchy, recipients: config.recipients, summaryLink, reminderDays: options.reminderDays ?? 7, now },
      { store: deps.store, mailer: deps.mailer },
    ),
  );
  const mail = delivered.sent;
  if (delivered.delivery !== undefined) result.delivery = delivered.delivery;

  const workbooksWritten = outcomes.filter((o) => o.workbookWritten).length + (summaryWritten ? 1 : 0);
  const changedAnything = changedRecords.length > 0 || snapshots.length > 0 || summaryWritten || delivered.delivery !== undefined;
  if (changedAnything) {
    await deps.store.saveRun({
      runId,
      period,
      asOf,
      startedAt: started.toISOString(),
      finishedAt: deps.wallClock.now().toISOString(),
      counts: countStatuses(units, mail.length),
    });
  }
  return {
    result,
    mail,
    roots: hierarchy.roots.map((u) => ({ code: u.code, name: u.name })),
    stats: {
      storeWrites: deps.store.writeCount - writesBefore,
      workbooksWritten,
      summaryWritten,
      emailsSent: mail.length,
      stageMs: timer.totals(),
    },
  };
}

/**
 * Saves the changed records in one batch; when the batch fails for a reason that is not an outage
 * of the whole store, each record is tried alone, so one record the store refuses costs only its
 * unit. Returns the units whose record was not stored (they are read again next run).
 */
async function saveSubmissionsEach(store: Store, records: readonly SubmissionRecord[]): Promise<Map<UnitCode, unknown>> {
  const failed = new Map<UnitCode, unknown>();
  if (records.length === 0) return failed;
  try {
    await store.saveSubmissions(records);
    return failed;
  } catch (error) {
    if (isStoreOutage(error)) throw error;
  }
  for (const record of records) {
    try {
      await store.saveSubmissions([record]);
    } catch (error) {
      if (isStoreOutage(error)) throw error;
      failed.set(record.unit, error);
    }
  }
  return failed;
}

function storeFailedIssue(unit: UnitCode, name: string, error: unknown): RunIssue {
  return {
    unit,
    code: 'store_failed',
    severity: 'warning',
    tab: '',
    message: `Số liệu của ${name} đã được kiểm tra nhưng chưa lưu được vào kho dữ liệu (${error instanceof Error ? error.message : String(error)}); lần chạy sau sẽ đọc lại bảng tính.`,
    hint: 'Không cần làm gì ở đơn vị; văn phòng xem nhật ký của hệ thống nếu lỗi lặp lại.',
  };
}

function isWorkbookWriteFailure(error: unknown): boolean {
  return error instanceof WorkbookWriteError || error instanceof WorkbookUnreadableError || error instanceof WorkbookChangedError;
}

function summaryNotWrittenIssue(ref: string, error: unknown): RunIssue {
  const reason = error instanceof WorkbookWriteError || error instanceof WorkbookUnreadableError ? error.reason : 'bảng tổng hợp vừa được sửa trong lúc ghi';
  return {
    unit: CONFIG_UNIT,
    code: 'summary_not_written',
    severity: 'warning',
    tab: '',
    value: ref,
    message: `Chưa ghi được bảng tổng hợp "${ref}": ${reason}. Kết quả của lần chạy này vẫn có trong thư cảnh báo; lần chạy sau sẽ ghi lại.`,
    hint: 'Đóng bảng tổng hợp nếu đang mở (Excel khoá tệp đang mở) hoặc bỏ thuộc tính chỉ đọc, rồi chạy lại.',
  };
}

function snapshotIndex(snapshots: ReadonlyMap<string, IndicatorSnapshot>): Map<string, IndicatorValue> {
  const out = new Map<string, IndicatorValue>();
  for (const [scope, snap] of snapshots) {
    for (const [id, e] of Object.entries(snap.values)) {
      const programme = id.startsWith('ntm.') ? 'ntm' : 'giam_ngheo';
      out.set(indicatorKey(scope, id as IndicatorId), { programme, unit: scope, indicator: id as IndicatorId, value: e.v, numerator: e.n, denominator: e.d });
    }
  }
  return out;
}

function countStatuses(units: readonly UnitReport[], emails: number): Record<string, number> {
  const counts: Record<string, number> = { units: units.length, emails };
  for (const u of units) counts[u.status] = (counts[u.status] ?? 0) + 1;
  return counts;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
