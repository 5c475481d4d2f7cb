import { alertKey, type Alert, type AlertKind } from '../alerts/alert.js';
import { recipientKey } from '../alerts/alerts-by-recipient.js';
import { recipientsFor } from '../alerts/build-alerts.js';
import { selectDigests, type ResolvedAlert, type ResolvedNotice } from '../alerts/select-digests.js';
import { isOfficeRecipient, type Recipient } from '../domain/config.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import type { MailDelivery, Mailer } from '../ports/mailer.js';
import type { AlertState, DeliveryFailure, DigestMark, Store, UnitStatus } from '../ports/store.js';
import { renderDigest, type DigestAudience, type UnitWorkbookRef } from '../publish/digest-email.js';
import { unitWorkbookLink } from '../publish/unit-workbook-link.js';
import type { DeliveryReport } from '../publish/run-result.js';

export interface DeliverAlertsInput {
  /** The run: a repeated alert stage of the same run sends no digest twice. */
  runId: string;
  alerts: readonly Alert[];
  period: PeriodId;
  /** yyyy-mm-dd the run measured against. */
  asOf: string;
  /** ISO instant of the run (wall time): shown in the e-mails, stamped on failure records. */
  runAt: string;
  hierarchy: Hierarchy;
  /** The control workbook's `Người nhận`: its `văn phòng` rows are told about undelivered mail. */
  recipients: readonly Recipient[];
  /** Where the summary workbook lives, as the e-mails name it. */
  summaryLink?: string;
  /** Days before an unchanged alert is sent again. */
  reminderDays: number;
  /** "Now" for reminder intervals and sent-at stamps (the run's as-of clock). */
  now: Date;
  /**
   * Every reporting unit's stored status after this run. A unit now `ok` whose errors an earlier
   * digest reported is named to those who got that digest ("Đã sửa xong lỗi"). Without it nobody
   * is told about fixes.
   */
  units?: readonly { code: UnitCode; status: UnitStatus }[];
}

export interface DeliverAlertsPorts {
  store: Pick<
    Store,
    'loadAlertStates' | 'saveAlertStates' | 'loadDeliveryFailures' | 'saveDeliveryFailures' | 'clearDeliveryFailures' | 'loadDigestMarks' | 'saveDigestMarks'
  >;
  mailer: Mailer;
}

export interface DeliverAlertsResult {
  /** Message ids or outbox paths of the e-mails accepted. */
  sent: string[];
  /** Undefined when there was nothing to deliver. */
  delivery?: DeliveryReport;
}

/** One e-mail of this run: the alerts due for its recipient and, for the office, the failures to tell. */
interface PlannedDigest {
  recipient: string;
  alerts: Alert[];
  reminders: Map<string, string>;
  resolved: ResolvedNotice[];
  /** Alert states to save once this digest is accepted. */
  states: AlertState[];
  /** Failure records (by `recipientKey`) this digest tells the office about. */
  notices: DeliveryFailure[];
}

/**
 * The alert stage. Each recipient gets one digest holding the alerts due for that recipient; the
 * office's digests also name the recipients earlier runs could not reach (once per office
 * recipient and failure, as a digest of its own if no alert is due). After the batch is sent:
 * - alert states are saved for exactly the recipients whose digest was accepted, so a refused or
 *   unreachable recipient stays due and is tried again next run while nobody else gets a copy;
 * - a failed recipient's record is created or updated (attempts, last reason), an accepted one's
 *   record is cleared, and the office recipients who received a notice are noted on it.
 * States are written after sending: a crash in between re-sends on a later run rather than loses
 * an alert. Within one run the stage may be repeated (a retried Lambda task): each digest is
 * marked `sending` under the run id before it goes to the mailer and `sent` once accepted, and a
 * repeated stage sends none that is marked, so a retry never sends a second copy. A digest whose
 * outcome a crash hid stays `sending`: the next run, whose states still say "due", sends it.
 */
export async function deliverAlerts(input: DeliverAlertsInput, ports: DeliverAlertsPorts): Promise<DeliverAlertsResult> {
  const [states, failures, marks] = await Promise.all([
    ports.store.loadAlertStates(input.period),
    ports.store.loadDeliveryFailures(input.period),
    ports.store.loadDigestMarks(input.period, input.runId),
  ]);
  const plans = planDigests(input, states, failures).filter((p) => !marks.has(recipientKey(p.recipient)));
  if (plans.length === 0) return marks.size === 0 ? { sent: [] } : { sent: [], delivery: deliveryOf(marks) };
  await ports.store.saveDigestMarks(input.period, input.runId, new Map(plans.map((p) => [recipientKey(p.recipient), { status: 'sending' as const }])));
  const office = new Set(input.recipients.map((r) => recipientKey(r.email)).filter((k) => k !== ''));
  const workbooks = workbooksByRecipient(input);
  const messages = plans.map((p) => {
    // Whoever is listed in `Người nhận` reads the summary; anyone else is a unit's focal point.
    const audience: DigestAudience = office.has(recipientKey(p.recipient)) ? 'office' : 'unit';
    return renderDigest({
      recipient: p.recipient,
      alerts: p.alerts,
      period: input.period,
      asOf: input.asOf,
      runAt: input.runAt,
      hierarchy: input.hierarchy,
      summaryRef: input.summaryLink,
      undelivered: p.notices.map((f) => ({ address: f.address, message: f.message, permanent: f.permanent, since: f.firstFailedAt, attempts: f.attempts })),
      reminders: p.reminders,
      resolved: p.resolved,
      audience,
      ...(audience === 'unit' ? { workbooks: workbooks.get(recipientKey(p.recipient)) ?? [] } : {}),
    });
  });
  const deliveries = await ports.mailer.send(messages);

  const sent: string[] = [];
  const failed: DeliveryReport['failed'] = [];
  const accepted: AlertState[] = [];
  const records = new Map(failures.map((f) => [f.recipient, f]));
  const changed = new Set<string>();
  const reached = new Set<string>();
  for (const [i, plan] of plans.entries()) {
    const who = recipientKey(plan.recipient);
    const outcome: MailDelivery = deliveries[i] ?? { to: plan.recipient, ok: false, message: 'Không có kết quả gửi thư.', permanent: false };
    if (outcome.ok) {
      sent.push(outcome.id);
      accepted.push(...plan.states);
      reached.add(who);
      for (const notice of plan.notices) {
        const record = records.get(notice.recipient);
        if (record === undefined) continue;
        records.set(notice.recipient, { ...record, officeTold: [...record.officeTold, who] });
        changed.add(notice.recipient);
      }
      continue;
    }
    failed.push({ recipient: plan.recipient, message: outcome.message });
    const before = records.get(who);
    records.set(who, {
      recipient: who,
      address: plan.recipient,
      message: outcome.message,
      permanent: outcome.permanent,
      firstFailedAt: before?.firstFailedAt ?? input.runAt,
      lastFailedAt: input.runAt,
      attempts: (before?.attempts ?? 0) + 1,
      // Told once per failure: a second refusal in a row is not news to those already told.
      officeTold: before?.officeTold ?? [],
    });
    changed.add(who);
  }
  const cleared = [...reached].filter((who) => records.has(who));
  const updated = [...changed].filter((who) => !reached.has(who)).flatMap((who) => records.get(who) ?? []);

  if (accepted.length > 0) await ports.store.saveAlertStates(input.period, accepted);
  const outcomes = new Map<string, DigestMark>([...reached].map((who) => [who, { status: 'sent' as const }]));
  for (const f of failed) outcomes.set(recipientKey(f.recipient), { status: 'failed', recipient: f.recipient, message: f.message });
  await ports.store.saveDigestMarks(input.period, input.runId, outcomes);
  if (updated.length > 0) await ports.store.saveDeliveryFailures(input.period, updated);
  if (cleared.length > 0) await ports.store.clearDeliveryFailures(input.period, cleared);
  // A repeated stage reports the whole run's delivery: what an earlier attempt did, and this one.
  return { sent, delivery: deliveryOf(new Map([...marks, ...outcomes])) };
}

/** The run's delivery as its digest marks say it: digests accepted, and those refused with why. */
function deliveryOf(marks: ReadonlyMap<string, DigestMark>): DeliveryReport {
  const values = [...marks.values()];
  return {
    sent: values.filter((m) => m.status === 'sent').length,
    failed: values.flatMap((m) => (m.status === 'failed' ? [{ recipient: m.recipient, message: m.message }] : [])),
  };
}

/** The digests of this run: the alerts due per recipient, then the office's notices added. */
function planDigests(input: DeliverAlertsInput, states: readonly AlertState[], failures: readonly DeliveryFailure[]): PlannedDigest[] {
  const plans: PlannedDigest[] = selectDigests(input.alerts, states, input.now, input.reminderDays, resolvedAlerts(input, states)).map((d) => ({
    ...d,
    notices: [],
  }));
  if (failures.length === 0) return plans;
  const byRecipient = new Map(plans.map((p) => [recipientKey(p.recipient), p]));
  for (const address of officeAddresses(input.recipients)) {
    const who = recipientKey(address);
    // An office recipient is not told that it itself could not be reached: its record clears
    // as soon as a digest reaches it.
    const notices = failures.filter((f) => f.recipient !== who && !f.officeTold.includes(who));
    if (notices.length === 0) continue;
    let plan = byRecipient.get(who);
    if (plan === undefined) {
      plan = { recipient: address, alerts: [], reminders: new Map(), resolved: [], states: [], notices: [] };
      byRecipient.set(who, plan);
      plans.push(plan);
    }
    plan.notices = notices;
  }
  return plans;
}

/** The `văn phòng` addresses of `Người nhận`, once each (first spelling kept). */
function officeAddresses(recipients: readonly Recipient[]): string[] {
  const out = new Map<string, string>();
  for (const r of recipients) {
    const address = r.email.trim();
    if (address === '' || !isOfficeRecipient(r)) continue;
    const who = recipientKey(address);
    if (!out.has(who)) out.set(who, address);
  }
  return [...out.values()];
}

/** Alerts about a unit's workbook that stop holding once the unit is `ok`. */
const FIXED_BY_OK: readonly AlertKind[] = ['data_invalid', 'unit_unreadable'];

/**
 * The workbook alerts of the units now `ok` that someone was sent and not yet told are fixed
 * (a state without `resolvedAt`): those people hear they are fixed.
 */
function resolvedAlerts(input: DeliverAlertsInput, states: readonly AlertState[]): ResolvedAlert[] {
  const open = new Set(states.filter((s) => s.resolvedAt === undefined).map((s) => s.key));
  if (open.size === 0) return [];
  const out: ResolvedAlert[] = [];
  for (const u of input.units ?? []) {
    if (u.status !== 'ok') continue;
    for (const kind of FIXED_BY_OK) {
      const key = alertKey(kind, u.code);
      if (open.has(key)) out.push({ key, kind, unit: u.code, recipients: recipientsFor(input.hierarchy, input.recipients, u.code) });
    }
  }
  return out;
}

/** The workbooks each unit focal point reports in (those of the units whose `Email` lists them), by `recipientKey`. */
function workbooksByRecipient(input: DeliverAlertsInput): Map<string, UnitWorkbookRef[]> {
  const web = /^https?:\/\//i.test(input.summaryLink ?? '');
  const out = new Map<string, UnitWorkbookRef[]>();
  for (const u of input.hierarchy.reportingUnits()) {
    for (const e of u.emails) {
      const who = recipientKey(e);
      if (who === '') continue;
      const list = out.get(who) ?? [];
      if (!list.some((w) => w.unit === u.name)) list.push({ unit: u.name, ref: unitWorkbookLink(u.workbook ?? '', web) });
      out.set(who, list);
    }
  }
  return out;
}
