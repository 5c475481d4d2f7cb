import { publishSummary } from '../../stages/publish-summary.js';
import type { AwsPorts, WithGoogle } from '../aws-ports.js';
import { loadConsolidated, loadPlan } from '../run-artifacts.js';
import type { PublishTaskInput, PublishTaskOutput } from '../state-machine-io.js';

export async function publishTask(ports: AwsPorts & WithGoogle, input: PublishTaskInput): Promise<PublishTaskOutput> {
  const [plan, consolidated, google] = await Promise.all([
    loadPlan(ports.objects, input.planKey),
    loadConsolidated(ports.objects, input.consolidatedKey),
    ports.google(),
  ]);
  // The summary's ID comes with the control spreadsheet's `Cấu hình`, which the plan task read;
  // the Drive folder is not needed for one known spreadsheet.
  return publishSummary({ gateway: google.gateway, store: ports.store }, plan, consolidated);
}
