import { consolidateRun } from '../../stages/consolidate-run.js';
import type { AwsPorts } from '../aws-ports.js';
import { loadBefore, loadPlan, runArtifactKeys, saveArtifact } from '../run-artifacts.js';
import type { ConsolidateTaskInput, ConsolidateTaskOutput } from '../state-machine-io.js';

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
