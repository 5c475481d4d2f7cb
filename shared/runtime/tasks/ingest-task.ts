import { commitSubmissions, ingestPlannedUnit, ingestResult } from '../../stages/ingest-stage.js';
import type { AwsPorts, WithGoogle } from '../aws-ports.js';
import { loadPlan } from '../run-artifacts.js';
import type { IngestTaskInput, IngestTaskOutput } from '../state-machine-io.js';

export async function ingestTask(ports: AwsPorts & WithGoogle, input: IngestTaskInput): Promise<IngestTaskOutput> {
  const [plan, google] = await Promise.all([loadPlan(ports.objects, input.planKey), ports.google()]);
  const previous = await ports.store.loadSubmission(plan.period, input.unit);
  const outcome = await ingestPlannedUnit({ gateway: google.gateway, objects: ports.objects, access: google.access }, plan, input.unit, previous);
  const notStored = await commitSubmissions(ports.store, outcome.changed === undefined ? [] : [outcome.changed]);
  return ingestResult(outcome, notStored.get(input.unit));
}
