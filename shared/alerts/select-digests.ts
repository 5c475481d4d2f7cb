import type { Scope } from '../domain/unit.js';
import type { AlertState } from './alert-state.js';
import type { Alert, AlertKind } from './alert.js';
import { groupAlertsByRecipient, recipientKey } from './alerts-by-recipient.js';
import { selectAlertsToSend } from './select-alerts.js';

/** An alert that no longer holds (a unit fixed its errors), with who would have heard of it. */
export interface ResolvedAlert {
  key: string;
  kind: AlertKind;
  unit: Scope;
  /** The alert's recipients had it been raised (recipientsFor): who a state without a recipient stands for. */
  recipients: readonly string[];
}

/** A recipient is told that an alert sent to them earlier no longer holds. */
export interface ResolvedNotice {
  key: string;
  kind: AlertKind;
  unit: Scope;
  /** When the alert was first sent to this recipient. */
  firstSentAt: string;
}

/** The digest one recipient is due in this run. */
export interface DueDigest {
  /** The address as first spelled in the alerts. */
  recipient: string;
  /** Alerts due for this recipient (new, changed or reminded), in the alerts' order. */
  alerts: Alert[];
  /** Of those, the reminders by key, with when each was first sent (see selectAlertsToSend). */
  reminders: Map<string, string>;
  /** Alerts this recipient was sent before that no longer hold. */
  resolved: ResolvedNotice[];
  /** The states to write once this recipient's digest was accepted, carrying the recipient. */
  states: AlertState[];
}

/**
 * Which alerts each recipient gets in this run: per recipient, the alerts addressed to them that
 * are due for them (selectAlertsToSend against that recipient's own states), so a recipient whose
 * digest was not delivered is still due while the others are not. A state without a recipient
 * (stored before states were per recipient) counts for every recipient; the recipient's own state
 * wins over it.
 *
 * `resolved` names alerts that stopped holding (a unit's errors fixed): every recipient holding an
 * unresolved state of one is told once, in a digest of its own if nothing else is due, and the
 * state is written resolved, so the next digest does not say it again and the alert coming back
 * is new. Recipients with nothing due get no digest.
 */
export function selectDigests(
  alerts: readonly Alert[],
  states: readonly AlertState[],
  now: Date,
  reminderDays: number,
  resolved: readonly ResolvedAlert[] = [],
): DueDigest[] {
  const shared = new Map<string, AlertState>();
  const own = new Map<string, Map<string, AlertState>>();
  /** The same states by alert key, then recipient (who had each alert). */
  const byKey = new Map<string, Map<string, AlertState>>();
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
    let had = byKey.get(s.key);
    if (had === undefined) {
      had = new Map();
      byKey.set(s.key, had);
    }
    had.set(who, s);
  }
  const out: DueDigest[] = [];
  const byWho = new Map<string, DueDigest>();
  for (const [recipient, list] of groupAlertsByRecipient(alerts)) {
    const who = recipientKey(recipient);
    const mine = own.get(who);
    const lookup = { get: (key: string): AlertState | undefined => mine?.get(key) ?? shared.get(key) };
    const { toSend, states: written, reminders } = selectAlertsToSend(list, lookup, now, reminderDays);
    const digest: DueDigest = { recipient, alerts: toSend, reminders, resolved: [], states: written.map((s) => ({ ...s, recipient: who })) };
    byWho.set(who, digest);
    if (toSend.length > 0) out.push(digest);
  }

  const current = new Set(alerts.map((a) => a.key));
  const at = now.toISOString();
  for (const r of resolved) {
    if (current.has(r.key)) continue;
    const told = new Map<string, { address: string; state: AlertState }>();
    for (const [who, s] of byKey.get(r.key) ?? []) if (s.resolvedAt === undefined) told.set(who, { address: who, state: s });
    const old = shared.get(r.key);
    if (old !== undefined && old.resolvedAt === undefined) {
      for (const address of r.recipients) {
        const who = recipientKey(address);
        if (address.trim() !== '' && !told.has(who) && own.get(who)?.get(r.key) === undefined) told.set(who, { address: address.trim(), state: old });
      }
    }
    // Spell the address as the alert would have.
    for (const address of r.recipients) {
      const entry = told.get(recipientKey(address));
      if (entry !== undefined) entry.address = address.trim();
    }
    for (const [who, { address, state }] of told) {
      let digest = byWho.get(who);
      if (digest === undefined) {
        digest = { recipient: address, alerts: [], reminders: new Map(), resolved: [], states: [] };
        byWho.set(who, digest);
      }
      if (digest.alerts.length === 0 && digest.resolved.length === 0) out.push(digest);
      const firstSentAt = state.firstSentAt ?? state.lastSentAt;
      digest.resolved.push({ key: r.key, kind: r.kind, unit: r.unit, firstSentAt });
      digest.states.push({ key: r.key, recipient: who, fingerprint: state.fingerprint, lastSentAt: at, firstSentAt, resolvedAt: at });
    }
  }
  return out;
}
