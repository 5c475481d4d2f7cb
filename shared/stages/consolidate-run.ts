import { createHash } from 'node:crypto';
import { buildAlerts } from '../alerts/build-alerts.js';
import type { Regression } from '../alerts/regressions.js';
import type { UnitRunState } from '../alerts/unit-run-state.js';
import { unitCode, type IndicatorId, type UnitCode } from '../domain/ids.js';
import { periodStart } from '../domain/period.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import { indexIndicators, indicatorKey } from '../indicators/indicator-index.js';
import { previousPeriodRows } from './previous-period-rows.js';
import { computeReportingIndicators } from '../indicators/reporting-indicators.js';
import { indicatorCatalogue, programmeOfIndicator } from '../programmes/indicator-catalogue.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { hasRows } from '../programmes/submission-rows.js';
import { scopeName } from '../indicators/scope-name.js';
import type { RunIssue, RunResult, UnitReport } from '../publish/run-result.js';
import type { Scope } from '../domain/unit.js';
import { SUMMARY_LAYOUT_VERSION } from '../publish/summary-layout-version.js';
import type { IndicatorSnapshot, Store, SubmissionRecord } from '../ports/store.js';
import { checkTargetConsistency } from '../targets/consistency.js';
import { evaluateTargets } from '../targets/evaluate-targets.js';
import { communeRows } from './commune-rows.js';
import { missingCriteriaSetIssues } from './criteria-set-issue.js';
import { changedSnapshots, storedScopes } from './indicator-snapshots.js';
import { previousRowsUnderSuccessors, previousSnapshotsUnderSuccessors } from './previous-under-successors.js';
import type { UnitIngestResult } from './ingest-stage.js';
import { dueByProgramme, programmesWithoutDue } from './reporting-plan.js';
import { planContext, type RunPlan } from './run-plan.js';
import { unitReport } from './unit-report.js';

/** Findings about the control workbook are reported under this unit code. */
export const CONFIG_UNIT = unitCode('config');

export interface ConsolidateInput {
  plan: RunPlan;
  /** Every stored submission before this run's ingest (what regressions compare against). */
  before: Iterable<SubmissionRecord>;
  /** The indicator snapshots before this run (pacing starts, rate regressions, what changed). */
  previousSnapshots: ReadonlyMap<Scope, IndicatorSnapshot>;
  /** Every submission after it, by unit: the stored ones with this run's records in place. */
  after: ReadonlyMap<UnitCode, SubmissionRecord>;
  /** This run's ingest of the changed units; a unit not listed was unchanged. */
  ingested: readonly UnitIngestResult[];
}

export interface ConsolidatedRun {
  result: RunResult;
  /** The units as the summary shows them: the stored status ("ok", "invalid"...), not whether this run re-read them. */
  summaryUnits: UnitReport[];
  /** A key of everything the summary is made from: the summary is rewritten only when it moves. */
  summaryInputKey: string;
  /** Indicator snapshots written (latest + history). */
  snapshotsWritten: number;
}

/**
 * The consolidate stage: indicators up the hierarchy from every accepted commune row, targets
 * evaluated against the plan's deadlines, the plan's own consistency, regressions against the
 * state before this run, the alerts, and the indicator snapshots of the aggregate scopes stored.
 */
export async function consolidateRun(
  store: Pick<Store, 'saveIndicatorSnapshots' | 'loadSubmissions'>,
  input: ConsolidateInput,
  modules: ProgrammeModules = PROGRAMME_MODULES,
): Promise<ConsolidatedRun> {
  const { plan } = input;
  const { hierarchy, criteriaSet: set, baselines, duties, mergers, periodPlan } = planContext(plan);
  const config = plan.config;
  const period = plan.period;

  const rows = communeRows(hierarchy, input.after.values(), modules);
  const none = { byUnit: new Map<UnitCode, never>(), all: [] };
  const periodTargets = config.targets.filter((t) => t.period === period);
  const previousPeriod = await previousPeriodRows(store, hierarchy, period, set, modules);
  // A unit with nothing stored yet whose task failed has no record: it counts as not submitted.
  const recordOf = (unit: UnitCode): SubmissionRecord =>
    input.after.get(unit) ?? { unit, period, status: 'missing', checkedAt: plan.startedAt, data: {}, staleCommunes: [], issues: [] };
  const reporting = duties.map((d) => {
    const r = recordOf(d.unit.code);
    return {
      unit: d.unit.code,
      status: r.status,
      ...(d.due === undefined ? {} : { due: d.due }),
      ...(r.receivedAt === undefined ? {} : { receivedAt: r.receivedAt }),
    };
  });
  const indicators: IndicatorValue[] = [
    ...modules.flatMap((m) => {
      const accepted = rows.get(m.id) ?? none;
      return m.computeIndicators({
        hierarchy,
        rows: accepted.byUnit,
        accepted: accepted.all,
        set,
        baselines,
        targets: periodTargets,
        plan: periodPlan,
        ...optionalPrevious(previousPeriod.get(m.id)),
      });
    }),
    ...computeReportingIndicators(hierarchy, reporting),
  ];
  // Targets and regressions look up aggregate scopes and targeted scopes only; indexing the
  // communes too would mean ~600,000 keys for nothing at national scale.
  const looked = storedScopes(hierarchy);
  for (const t of config.targets) if (t.period === period) looked.add(t.scope);
  const index = indexIndicators(indicators.filter((v) => looked.has(v.unit)));
  const previousRows = previousRowsUnderSuccessors(hierarchy, [...input.before], mergers, modules);

  const previousSnapshots = input.previousSnapshots;
  const targetsOfPeriod = periodTargets;
  const countIds = new Set<string>(indicatorCatalogue(set, modules, config.dttsCatalogue).flatMap((i) => (i.kind === 'count' ? [i.id] : [])));
  const targets = evaluateTargets(targetsOfPeriod, index, {
    asOf: plan.asOf,
    dueByProgramme: dueByProgramme(config.schedule, period),
    dueUnknown: programmesWithoutDue(config.schedule, period),
    periodStart: periodStart(period),
    firstValue: (scope, indicator) => previousSnapshots.get(scope)?.first[indicator],
    isCount: (indicator) => countIds.has(indicator),
    startsAtZero: (indicator) => modules.some((m) => indicator.startsWith(m.indicatorPrefix) && m.startsAtZero?.(indicator) === true),
  });
  const inconsistencies = [
    ...checkTargetConsistency(targetsOfPeriod, hierarchy, set, baselines, modules, config.dttsCatalogue),
    ...modules.flatMap((m) => m.checkPlan?.({ targets: targetsOfPeriod, hierarchy, plan: periodPlan }) ?? []),
  ];
  const previousIndicators = snapshotIndex(previousSnapshotsUnderSuccessors(previousSnapshots, mergers), modules);
  const nameOfScope = (scope: Scope): string => scopeName(hierarchy, scope);
  const regressions: Regression[] = modules.flatMap(
    (m) =>
      m.regressions?.({
        previous: previousRows.get(m.id) ?? none.byUnit,
        current: (rows.get(m.id) ?? none).byUnit,
        previousIndicators,
        currentIndicators: index,
        set,
        nameOf: nameOfScope,
      }) ?? [],
  );

  const ingested = new Map(input.ingested.map((r) => [r.unit, r]));
  const runStatusOf = (unit: UnitCode): UnitReport['status'] => {
    const r = ingested.get(unit);
    if (r === undefined) return 'unchanged';
    return 'failed' in r ? recordOf(unit).status : r.runStatus;
  };
  const units: UnitReport[] = duties.map((duty) => unitReport(duty, recordOf(duty.unit.code), runStatusOf(duty.unit.code)));
  const nameOf = (unit: UnitCode): string => hierarchy.get(unit)?.name ?? unit;
  const issues: RunIssue[] = [
    ...[...config.issues, ...missingCriteriaSetIssues(period, config.schedule, set)].map((i) => ({ ...i, unit: CONFIG_UNIT })),
    ...duties.flatMap((duty) => recordOf(duty.unit.code).issues.map((i) => ({ ...i, unit: duty.unit.code }))),
    ...input.ingested.flatMap((r) => {
      if ('failed' in r) return [checkFailedIssue(r.unit, nameOf(r.unit), r.failed)];
      return r.notStored === undefined ? [] : [storeFailedIssue(r.unit, nameOf(r.unit), r.notStored)];
    }),
  ];
  const runStates: UnitRunState[] = duties.map((duty, i) => {
    const record = recordOf(duty.unit.code);
    return {
      unit: record.unit,
      status: record.status,
      errors: units[i]?.errors ?? 0,
      warnings: units[i]?.warnings ?? 0,
      receivedAt: record.receivedAt,
      due: duty.due,
      hasAcceptedData: hasRows(record.data),
      issues: record.issues,
    };
  });
  const alerts = buildAlerts({
    period,
    asOf: plan.asOf,
    hierarchy,
    recipients: config.recipients,
    units: runStates,
    targets,
    inconsistencies,
    regressions,
    set,
    dttsCatalogue: config.dttsCatalogue,
  });
  const result: RunResult = { runId: plan.runId, period, asOf: plan.asOf, startedAt: plan.startedAt, units, issues, indicators, targets, alerts };

  const snapshots = changedSnapshots(hierarchy, indicators, previousSnapshots, plan.runId, plan.startedAt);
  if (snapshots.length > 0) await store.saveIndicatorSnapshots(period, snapshots);

  const summaryUnits = units.map((u) => ({ ...u, status: recordOf(u.code).status }));
  // Rendering ~10,000 rows costs more than the rest of an unchanged run: the summary is rewritten
  // only when this key of everything it is made from moves (indicators follow from the record
  // versions and the config).
  const summaryInputKey = sha256(
    JSON.stringify([
      SUMMARY_LAYOUT_VERSION,
      period,
      plan.asOf,
      config,
      summaryUnits,
      targets,
      alerts,
      duties.map((d) => {
        const r = recordOf(d.unit.code);
        return [r.unit, r.sourceVersion, r.contextKey, r.acceptedAt];
      }),
    ]),
  );
  return { result, summaryUnits, summaryInputKey, snapshotsWritten: snapshots.length };
}

function storeFailedIssue(unit: UnitCode, name: string, reason: string): RunIssue {
  return {
    unit,
    code: 'store_failed',
    severity: 'warning',
    tab: '',
    message: `Số liệu của ${name} đã được kiểm tra nhưng chưa lưu được vào kho dữ liệu (${reason}); lần chạy sau sẽ đọc lại bảng tính.`,
    hint: 'Không cần làm gì ở đơn vị; văn phòng xem nhật ký của hệ thống nếu lỗi lặp lại.',
  };
}

function checkFailedIssue(unit: UnitCode, name: string, reason: string): RunIssue {
  return {
    unit,
    code: 'check_failed',
    severity: 'warning',
    tab: '',
    message: `Lần chạy này chưa kiểm tra được bảng tính của ${name} (lỗi của hệ thống: ${reason}); số liệu hợp lệ lần trước vẫn được dùng và lần chạy sau sẽ thử lại.`,
    hint: 'Không cần làm gì ở đơn vị; văn phòng xem nhật ký của hệ thống nếu lỗi lặp lại.',
  };
}

/** Stored snapshots as indicator values; an id no module claims (a programme since removed) is left out. */
const optionalPrevious = <Row>(rows: ReadonlyMap<UnitCode, Row> | undefined): { previousPeriod?: ReadonlyMap<UnitCode, Row> } =>
  rows === undefined ? {} : { previousPeriod: rows };

function snapshotIndex(snapshots: ReadonlyMap<string, IndicatorSnapshot>, modules: ProgrammeModules): Map<string, IndicatorValue> {
  const out = new Map<string, IndicatorValue>();
  for (const [scope, snap] of snapshots) {
    for (const [id, e] of Object.entries(snap.values)) {
      const programme = programmeOfIndicator(id, modules);
      if (programme === undefined) continue;
      out.set(indicatorKey(scope, id), { programme, unit: scope, indicator: id as IndicatorId, value: e.v, numerator: e.n, denominator: e.d });
    }
  }
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
