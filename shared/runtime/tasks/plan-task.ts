import { periodId } from '../../domain/ids.js';
import { fixedClock, systemClock } from '../../ports/clock.js';
import { planRun } from '../../stages/plan-run.js';
import type { AwsPorts, WithGoogle } from '../aws-ports.js';
import { runArtifactKeys, saveArtifact, type RunBefore } from '../run-artifacts.js';
import type { PlanTaskInput, PlanTaskOutput } from '../state-machine-io.js';
import { leaseName, runIdOf } from './run-identity.js';

/**
 * One task of the state machine: takes its input from the state machine, its ports from the
 * container, and calls one stage. A task repeated by a Retry (or a crash and a retry) with the
 * same input writes the same items: the run id comes from the execution, artifacts are keyed by
 * it, and digests are marked by it.
 */
export async function planTask(ports: AwsPorts & WithGoogle, input: PlanTaskInput): Promise<PlanTaskOutput> {
  const runId = runIdOf(input.execution, input.startedAt);
  const google = await ports.google();
  const lease = await ports.store.acquireLease(leaseName(ports), runId, ports.env.RUN_LEASE_MINUTES * 60_000, new Date());
  if (!lease.acquired)
    return { skipped: true, reason: `Một lần chạy khác (${lease.holder.owner}) đang tổng hợp đến ${lease.holder.expiresAt}.`, holder: lease.holder };
  const request = input.request ?? {};
  const { plan, stored, snapshots } = await planRun(
    {
      ...google,
      store: ports.store,
      clock: request.asOf === undefined ? systemClock : fixedClock(request.asOf),
      wallClock: { now: () => new Date(input.startedAt) },
    },
    {
      runId,
      ...(request.period === undefined ? {} : { period: periodId(request.period) }),
      ...(request.reminderDays === undefined ? {} : { reminderDays: request.reminderDays }),
    },
  );
  const keys = runArtifactKeys(plan.period, runId);
  await Promise.all([
    saveArtifact(ports.objects, keys.plan, plan),
    saveArtifact(ports.objects, keys.before, { submissions: [...stored.values()], snapshots: [...snapshots.values()] } satisfies RunBefore),
  ]);
  return { skipped: false, runId, period: plan.period, planKey: keys.plan, beforeKey: keys.before, units: plan.changed };
}
