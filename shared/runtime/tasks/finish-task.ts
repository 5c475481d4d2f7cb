import { toRunJson } from '../../pipeline/json-output.js';
import { countStatuses, finishRun } from '../../stages/finish-run.js';
import type { AwsPorts } from '../aws-ports.js';
import { loadConsolidated, loadPlan, runArtifactKeys, saveArtifact } from '../run-artifacts.js';
import type { FinishTaskInput, FinishTaskOutput } from '../state-machine-io.js';
import { leaseName } from './run-identity.js';

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
