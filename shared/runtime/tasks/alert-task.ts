import { deliverAlerts } from '../../stages/deliver-alerts.js';
import { planContext } from '../../stages/run-plan.js';
import type { AwsPorts, WithMailer } from '../aws-ports.js';
import { loadConsolidated, loadPlan } from '../run-artifacts.js';
import type { AlertTaskInput, AlertTaskOutput } from '../state-machine-io.js';

export async function alertTask(ports: AwsPorts & WithMailer, input: AlertTaskInput): Promise<AlertTaskOutput> {
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
