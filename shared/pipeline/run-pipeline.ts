import type { PeriodId, UnitCode } from '../domain/ids.js';
import type { Mailer } from '../ports/mailer.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { Store } from '../ports/store.js';
import { consolidateRun } from '../stages/consolidate-run.js';
import { deliverAlerts } from '../stages/deliver-alerts.js';
import { commitSubmissions, ingestPlannedUnit, ingestResult, type UnitIngestResult } from '../stages/ingest-stage.js';
import type { IngestOutcome, WorkbookAccessAdvice } from '../stages/ingest-unit.js';
import { planRun, type PlanPorts } from '../stages/plan-run.js';
import { publishSummary } from '../stages/publish-summary.js';
import { finishRun } from '../stages/finish-run.js';
import { planContext } from '../stages/run-plan.js';
import { runPool } from './pool.js';
import type { RunResult } from '../publish/run-result.js';
import { StageTimer } from './stage-timer.js';

export { ConfigUnavailableError, vietnamDate } from '../stages/plan-run.js';

/** The ports of every stage, wired once for a run in this process. */
export interface PipelineDeps extends PlanPorts {
  store: Store;
  objects: ObjectStore;
  mailer: Mailer;
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

/**
 * One pipeline run in this process: the stages in order (plan -> ingest each changed unit ->
 * commit -> consolidate -> publish -> alert -> finish), passing their plain-data outputs along.
 * The AWS state machine runs the same stage functions apart. Each unit's failure stays that
 * unit's; the run fails only when it cannot run at all (no control workbook, store unavailable).
 */
export async function runPipeline(deps: PipelineDeps, options: PipelineOptions = {}): Promise<PipelineRun> {
  const timer = new StageTimer();
  const writesBefore = deps.store.writeCount;

  const { plan, stored, snapshots } = await timer.time('plan', () =>
    planRun(deps, {
      ...(options.period === undefined ? {} : { period: options.period }),
      ...(options.reminderDays === undefined ? {} : { reminderDays: options.reminderDays }),
    }),
  );
  const { hierarchy } = planContext(plan);

  let done = 0;
  const total = plan.changed.length;
  const ingestPorts = { gateway: deps.gateway, objects: deps.objects, ...(deps.access === undefined ? {} : { access: deps.access }) };
  const outcomes = await timer.time('ingest', () =>
    runPool(plan.changed, options.concurrency ?? 4, async (unit): Promise<IngestOutcome> => {
      const outcome = await ingestPlannedUnit(ingestPorts, plan, unit, stored.get(unit));
      options.onProgress?.(++done, total, hierarchy.get(unit)?.name ?? unit);
      return outcome;
    }),
  );
  const changedRecords = outcomes.flatMap((o) => (o.changed === undefined ? [] : [o.changed]));
  const notStored = await timer.time('store', () => commitSubmissions(deps.store, changedRecords));

  const after = new Map(stored);
  for (const o of outcomes) after.set(o.record.unit, o.record);
  const ingested: UnitIngestResult[] = outcomes.map((o) => ingestResult(o, notStored.get(o.record.unit)));
  const consolidated = await timer.time('consolidate', () =>
    consolidateRun(deps.store, { plan, before: stored.values(), previousSnapshots: snapshots, after, ingested }),
  );
  const result = consolidated.result;

  const published = await timer.time('publish', () => publishSummary(deps, plan, consolidated));
  if (published.issue !== undefined) result.issues.push(published.issue);

  const delivered = await timer.time('alert', () =>
    deliverAlerts(
      {
        runId: plan.runId,
        alerts: result.alerts,
        period: plan.period,
        asOf: plan.asOf,
        runAt: plan.startedAt,
        hierarchy,
        recipients: plan.config.recipients,
        summaryLink: plan.summaryLink,
        reminderDays: plan.reminderDays,
        now: new Date(plan.nowIso),
        units: consolidated.summaryUnits,
      },
      { store: deps.store, mailer: deps.mailer },
    ),
  );
  if (delivered.delivery !== undefined) result.delivery = delivered.delivery;

  const changedAnything = changedRecords.length > 0 || consolidated.snapshotsWritten > 0 || published.summaryWritten || delivered.delivery !== undefined;
  await timer.time('finish', () =>
    finishRun(deps.store, { plan, units: result.units, emailsSent: delivered.sent.length, changedAnything, finishedAt: deps.wallClock.now().toISOString() }),
  );
  return {
    result,
    mail: delivered.sent,
    roots: hierarchy.roots.map((u) => ({ code: u.code, name: u.name })),
    stats: {
      storeWrites: deps.store.writeCount - writesBefore,
      workbooksWritten: outcomes.filter((o) => o.workbookWritten).length + (published.summaryWritten ? 1 : 0),
      summaryWritten: published.summaryWritten,
      emailsSent: delivered.sent.length,
      stageMs: timer.totals(),
    },
  };
}
