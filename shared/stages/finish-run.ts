import type { UnitReport } from '../publish/run-result.js';
import type { Store } from '../ports/store.js';
import type { RunPlan } from './run-plan.js';

export interface FinishInput {
  plan: RunPlan;
  units: readonly UnitReport[];
  emailsSent: number;
  /** Whether the run changed anything (records, snapshots, summary, e-mail): a run that did not leaves no trace. */
  changedAnything: boolean;
  /** Wall time the run ended, ISO. */
  finishedAt: string;
}

/** The finish stage: the run's record (counts by status), kept only for runs that changed something. */
export async function finishRun(store: Pick<Store, 'saveRun'>, input: FinishInput): Promise<void> {
  if (!input.changedAnything) return;
  const { plan } = input;
  await store.saveRun({
    runId: plan.runId,
    period: plan.period,
    asOf: plan.asOf,
    startedAt: plan.startedAt,
    finishedAt: input.finishedAt,
    counts: countStatuses(input.units, input.emailsSent),
  });
}

/** Units by status, and the e-mails sent: a run's record and the engine's summary of it. */
export function countStatuses(units: readonly UnitReport[], emails: number): Record<string, number> {
  const counts: Record<string, number> = { units: units.length, emails };
  for (const u of units) counts[u.status] = (counts[u.status] ?? 0) + 1;
  return counts;
}
