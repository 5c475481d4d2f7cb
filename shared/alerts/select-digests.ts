import type { AlertState } from '../ports/store.js';
import type { Alert } from './alert.js';
import { groupAlertsByRecipient, recipientKey } from './alerts-by-recipient.js';
import { selectAlertsToSend } from './select-alerts.js';

/** The digest one recipient is due in this run. */
export interface DueDigest {
  /** The address as first spelled in the alerts. */
  recipient: string;
  /** Alerts due for this recipient (new, changed or reminded), in the alerts' order. */
  alerts: Alert[];
  /** The states to write once this recipient's digest was accepted, carrying the recipient. */
  states: AlertState[];
}

/**
 * Which alerts each recipient gets in this run: per recipient, the alerts addressed to them that
 * are due for them (selectAlertsToSend against that recipient's own states), so a recipient whose
 * digest was not delivered is still due while the others are not. A state without a recipient
 * (stored before states were per recipient) counts for every recipient; the recipient's own state
 * wins over it. Recipients with nothing due get no digest.
 */
export function selectDigests(
  alerts: readonly Alert[],
  states: readonly AlertState[],
  now: Date,
  reminderDays: number,
): DueDigest[] {
  const shared = new Map<string, AlertState>();
  const own = new Map<string, Map<string, AlertState>>();
  for (const s of states) {
    if (s.recipient === undefined) {
      shared.set(s.key, s);
      continue;
    }
    const who = recipientKey(s.recipient);
    let of = own.get(who);
    if (of === undefined) {
      of = new Map();
      own.set(who, of);
    }
    of.set(s.key, s);
  }
  const out: DueDigest[] = [];
  for (const [recipient, list] of groupAlertsByRecipient(alerts)) {
    const who = recipientKey(recipient);
    const mine = own.get(who);
    const lookup = { get: (key: string): AlertState | undefined => mine?.get(key) ?? shared.get(key) };
    const { toSend, states: written } = selectAlertsToSend(list, lookup, now, reminderDays);
    if (toSend.length === 0) continue;
    out.push({ recipient, alerts: toSend, states: written.map((s) => ({ ...s, recipient: who })) });
  }
  return out;
}
