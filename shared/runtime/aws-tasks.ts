import { createHash } from 'node:crypto';
import { isOfficeRecipient } from '../domain/config.js';
import { periodId, type PeriodId } from '../domain/ids.js';
import { toRunJson } from '../pipeline/json-output.js';
import { fixedClock, systemClock } from '../ports/clock.js';
import type { MailMessage } from '../ports/mailer.js';
import { DIGEST_SUBJECT_PREFIX } from '../publish/digest-email.js';
import { consolidateRun } from '../stages/consolidate-run.js';
import { deliverAlerts } from '../stages/deliver-alerts.js';
import { countStatuses, finishRun } from '../stages/finish-run.js';
import { commitSubmissions, ingestPlannedUnit, ingestResult } from '../stages/ingest-stage.js';
import { planRun } from '../stages/plan-run.js';
import { publishSummary } from '../stages/publish-summary.js';
import { planContext } from '../stages/run-plan.js';
import type { AwsPorts } from './aws-runtime.js';
import { loadBefore, loadConsolidated, loadPlan, runArtifactKeys, saveArtifact, type RunBefore } from './run-artifacts.js';
import type {
  AlertTaskInput,
  AlertTaskOutput,
  ConsolidateTaskInput,
  ConsolidateTaskOutput,
  FailTaskInput,
  FailTaskOutput,
  FinishTaskInput,
  FinishTaskOutput,
  IngestTaskInput,
  IngestTaskOutput,
  PlanTaskInput,
  PlanTaskOutput,
  PublishTaskInput,
  PublishTaskOutput,
} from './state-machine-io.js';

/**
 * The state machine's tasks: each takes its input from the state machine, its ports from the
 * container, and calls one stage. The same stage functions run in one process under the CLI.
 * A task repeated by a Retry (or a crash and a retry) with the same input writes the same items:
 * the run id comes from the execution, artifacts are keyed by it, and digests are marked by it.
 */

/** The run lease's name: one run per control spreadsheet (one deployment) at a time. */
const leaseName = (ports: AwsPorts): string => `run#${ports.env.CONFIG_SPREADSHEET_ID}`;

/** `20241220T010000Z-1a2b3c`: sorts by start time; the same for every attempt of one execution. */
export function runIdOf(execution: string, startedAt: string): string {
  const stamp = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${createHash('sha256').update(execution).digest('hex').slice(0, 6)}`;
}

export async function planTask(ports: AwsPorts, input: PlanTaskInput): Promise<PlanTaskOutput> {
  const runId = runIdOf(input.execution, input.startedAt);
  const google = await ports.google();
  const lease = await ports.store.acquireLease(leaseName(ports), runId, ports.env.RUN_LEASE_MINUTES * 60_000, new Date());
  if (!lease.acquired) return { skipped: true, reason: `Một lần chạy khác (${lease.holder.owner}) đang tổng hợp đến ${lease.holder.expiresAt}.`, holder: lease.holder };
  const request = input.request ?? {};
  const { plan, stored, snapshots } = await planRun(
    { ...google, store: ports.store, clock: request.asOf === undefined ? systemClock : fixedClock(request.asOf), wallClock: { now: () => new Date(input.startedAt) } },
    {
      runId,
      ...(request.period === undefined ? {} : { period: periodId(request.period) }),
      ...(request.reminderDays === undefined ? {} : { reminderDays: request.reminderDays }),
    },
  );
  const keys = runArtifactKeys(plan.period, runId);
  await Promise.all([saveArtifact(ports.objects, keys.plan, plan), saveArtifact(ports.objects, keys.before, { submissions: [...stored.values()], snapshots: [...snapshots.values()] } satisfies RunBefore)]);
  return { skipped: false, runId, period: plan.period, planKey: keys.plan, beforeKey: keys.before, units: plan.changed };
}

export async function ingestTask(ports: AwsPorts, input: IngestTaskInput): Promise<IngestTaskOutput> {
  const [plan, google] = await Promise.all([loadPlan(ports.objects, input.planKey), ports.google()]);
  const previous = await ports.store.loadSubmission(plan.period, input.unit);
  const outcome = await ingestPlannedUnit({ gateway: google.gateway, objects: ports.objects, access: google.access }, plan, input.unit, previous);
  const notStored = await commitSubmissions(ports.store, outcome.changed === undefined ? [] : [outcome.changed]);
  return ingestResult(outcome, notStored.get(input.unit));
}

export async function consolidateTask(ports: AwsPorts, input: ConsolidateTaskInput): Promise<ConsolidateTaskOutput> {
  const plan = await loadPlan(ports.objects, input.planKey);
  const [before, after] = await Promise.all([loadBefore(ports.objects, input.beforeKey), ports.store.loadSubmissions(plan.period)]);
  const consolidated = await consolidateRun(ports.store, {
    plan,
    before: before.submissions,
    previousSnapshots: new Map(before.snapshots.map((s) => [s.scope, s])),
    after,
    ingested: input.ingested,
  });
  const key = runArtifactKeys(plan.period, plan.runId).consolidated;
  await saveArtifact(ports.objects, key, consolidated);
  return { consolidatedKey: key, snapshotsWritten: consolidated.snapshotsWritten };
}

export async function publishTask(ports: AwsPorts, input: PublishTaskInput): Promise<PublishTaskOutput> {
  const [plan, consolidated, google] = await Promise.all([loadPlan(ports.objects, input.planKey), loadConsolidated(ports.objects, input.consolidatedKey), ports.google()]);
  // The summary's ID comes with the control spreadsheet's `Cấu hình`, which the plan task read;
  // the Drive folder is not needed for one known spreadsheet.
  return publishSummary({ gateway: google.gateway, store: ports.store }, plan, consolidated);
}

export async function alertTask(ports: AwsPorts, input: AlertTaskInput): Promise<AlertTaskOutput> {
  const [plan, consolidated] = await Promise.all([loadPlan(ports.objects, input.planKey), loadConsolidated(ports.objects, input.consolidatedKey)]);
  const delivered = await deliverAlerts(
    {
      runId: plan.runId,
      alerts: consolidated.result.alerts,
      period: plan.period,
      asOf: plan.asOf,
      runAt: plan.startedAt,
      hierarchy: planContext(plan).hierarchy,
      recipients: plan.config.recipients,
      summaryLink: plan.summaryLink,
      reminderDays: plan.reminderDays,
      now: new Date(plan.nowIso),
    },
    { store: ports.store, mailer: ports.mailer },
  );
  return { sent: delivered.sent.length, ...(delivered.delivery === undefined ? {} : { delivery: delivered.delivery }) };
}

export async function finishTask(ports: AwsPorts, input: FinishTaskInput): Promise<FinishTaskOutput> {
  const [plan, consolidated] = await Promise.all([loadPlan(ports.objects, input.planKey), loadConsolidated(ports.objects, input.consolidatedKey)]);
  const result = consolidated.result;
  if (input.published.issue !== undefined) result.issues.push(input.published.issue);
  if (input.alerted.delivery !== undefined) result.delivery = input.alerted.delivery;
  const resultKey = runArtifactKeys(plan.period, plan.runId).result;
  await saveArtifact(ports.objects, resultKey, toRunJson(result));
  const changedAnything =
    input.ingested.some((r) => 'recordChanged' in r && r.recordChanged) ||
    input.consolidated.snapshotsWritten > 0 ||
    input.published.summaryWritten ||
    input.alerted.delivery !== undefined;
  const counts = countStatuses(result.units, input.alerted.sent);
  await finishRun(ports.store, { plan, units: result.units, emailsSent: input.alerted.sent, changedAnything, finishedAt: new Date().toISOString() });
  await ports.store.releaseLease(leaseName(ports), plan.runId);
  return { runId: plan.runId, resultKey, counts };
}

/**
 * The Catch of the state machine: records the failed run, tells the office by e-mail (the
 * `văn phòng` recipients of the plan when it got that far, else OFFICE_EMAIL) and gives the lease
 * back so the next scheduled run is not kept waiting.
 */
export async function failTask(ports: AwsPorts, input: FailTaskInput): Promise<FailTaskOutput> {
  const runId = runIdOf(input.execution, input.startedAt);
  const what = [input.error.Error, input.error.Cause].filter((s) => s !== undefined && s !== '').join(': ') || 'lỗi không rõ';
  const plan = input.plan !== undefined && !input.plan.skipped ? await loadPlan(ports.objects, input.plan.planKey).catch(() => undefined) : undefined;
  const period: PeriodId | undefined = plan?.period ?? (input.plan !== undefined && !input.plan.skipped ? periodId(input.plan.period) : undefined);
  let recorded = false;
  if (period !== undefined) {
    await ports.store.saveRun({ runId, period, asOf: plan?.asOf ?? '', startedAt: input.startedAt, finishedAt: new Date().toISOString(), counts: {}, failed: what });
    recorded = true;
  }
  const office = plan?.config.recipients.filter(isOfficeRecipient).map((r) => r.email) ?? [];
  const to = office.length > 0 ? office : ports.env.OFFICE_EMAIL === undefined ? [] : [ports.env.OFFICE_EMAIL];
  const messages = [...new Set(to)].map((address) => failureMessage(address, runId, what));
  const delivered = messages.length === 0 ? [] : await ports.mailer.send(messages);
  // Only the run that holds the lease gives it back (a skipped execution never held it).
  if (input.plan !== undefined && !input.plan.skipped) await ports.store.releaseLease(leaseName(ports), runId);
  return { recorded, officeTold: delivered.filter((d) => d.ok).length };
}

function failureMessage(to: string, runId: string, what: string): MailMessage {
  const text = [
    'Kính gửi Văn phòng,',
    '',
    `Lần tổng hợp số liệu ${runId} đã dừng giữa chừng vì lỗi của hệ thống: ${what}.`,
    'Số liệu và bảng tổng hợp của lần chạy trước vẫn được giữ nguyên; lần chạy theo lịch tiếp theo sẽ thử lại.',
    'Nếu lỗi lặp lại, chuyển thư này cho cán bộ kỹ thuật phụ trách hệ thống.',
  ].join('\n');
  const html = text
    .split('\n')
    .map((line) => `<p>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('');
  return { to, subject: `${DIGEST_SUBJECT_PREFIX} Lần tổng hợp ${runId} bị lỗi`, text, html };
}
