import type { Alert } from '../alerts/alert.js';
import { selectDigests } from '../alerts/select-digests.js';
import type { Recipient } from '../domain/config.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId } from '../domain/ids.js';
import type { Mailer } from '../ports/mailer.js';
import type { Store } from '../ports/store.js';
import { renderDigest } from '../publish/digest-email.js';
import type { DeliveryReport } from './run-result.js';

export interface DeliverAlertsInput {
  alerts: readonly Alert[];
  period: PeriodId;
  /** yyyy-mm-dd the run measured against. */
  asOf: string;
  /** ISO instant of the run (wall time), shown in the e-mails. */
  runAt: string;
  hierarchy: Hierarchy;
  /** The control workbook's `Người nhận`. */
  recipients: readonly Recipient[];
  /** Where the summary workbook lives, as the e-mails name it. */
  summaryLink?: string;
  /** Days before an unchanged alert is sent again. */
  reminderDays: number;
  /** "Now" for reminder intervals and sent-at stamps (the run's as-of clock). */
  now: Date;
}

export interface DeliverAlertsPorts {
  store: Store;
  mailer: Mailer;
}

export interface DeliverAlertsResult {
  /** Message ids or outbox paths of the e-mails accepted. */
  sent: string[];
  /** Undefined when there was nothing to deliver. */
  delivery?: DeliveryReport;
}

/**
 * The alert stage: one digest per recipient holding the alerts due for that recipient, sent in
 * one batch; afterwards the alert states are saved for exactly the recipients whose digest was
 * accepted. A refused or unreachable recipient therefore stays due and is tried again next run,
 * while nobody else gets a second copy. States are written after sending: a crash in between
 * re-sends rather than loses an alert.
 */
export async function deliverAlerts(input: DeliverAlertsInput, ports: DeliverAlertsPorts): Promise<DeliverAlertsResult> {
  const states = await ports.store.loadAlertStates(input.period);
  const due = selectDigests(input.alerts, states, input.now, input.reminderDays);
  if (due.length === 0) return { sent: [] };
  const messages = due.map((d) =>
    renderDigest({
      recipient: d.recipient,
      alerts: d.alerts,
      period: input.period,
      asOf: input.asOf,
      runAt: input.runAt,
      hierarchy: input.hierarchy,
      summaryRef: input.summaryLink,
    }),
  );
  const deliveries = await ports.mailer.send(messages);
  const sent: string[] = [];
  const failed: DeliveryReport['failed'] = [];
  const accepted = due.flatMap((d, i) => {
    const outcome = deliveries[i];
    if (outcome?.ok === true) {
      sent.push(outcome.id);
      return d.states;
    }
    // A mailer that returned fewer outcomes than messages did not deliver the rest.
    failed.push({ recipient: d.recipient, message: outcome?.message ?? 'Không rõ kết quả gửi thư.' });
    return [];
  });
  if (accepted.length > 0) await ports.store.saveAlertStates(input.period, accepted);
  return { sent, delivery: { sent: sent.length, failed } };
}
