import type { AlertState } from './alert-state.js';
import type { Alert } from './alert.js';

const DAY_MS = 86_400_000;

/** The alerts due in this run, the states to write for them, and which of them are reminders. */
export interface SelectedAlerts {
  toSend: Alert[];
  states: AlertState[];
  /**
   * Alerts sent again only because the reminder interval passed (nothing about them changed), by
   * key, with when they were first sent: their e-mail says `Nhắc lại` and that date.
   */
  reminders: Map<string, string>;
}

/**
 * Which alerts go out in this run: new ones, changed ones (fingerprint differs) and those last sent
 * at least `reminderDays` ago (reminders). Returns the states to write for exactly those; an alert
 * not sent keeps its stored state, so running twice with the returned states sends and writes
 * nothing. A `reminderDays` of 0 re-sends every run; Infinity never reminds. An unreadable
 * `lastSentAt` counts as never sent; a state told resolved (`resolvedAt`) is history, and the
 * alert coming back is new. `firstSentAt` is kept across changes and reminders (states stored
 * before it existed count from their `lastSentAt`, the earliest date they know).
 */
export function selectAlertsToSend(
  alerts: readonly Alert[],
  /** The states that apply to the alerts' recipient, by alert key (a Map will do). */
  states: Pick<ReadonlyMap<string, AlertState>, 'get'>,
  now: Date,
  reminderDays: number,
): SelectedAlerts {
  const nowMs = now.getTime();
  const sentAt = now.toISOString();
  const toSend: Alert[] = [];
  const written: AlertState[] = [];
  const reminders = new Map<string, string>();
  const seen = new Set<string>();
  for (const a of alerts) {
    // One identity, one decision: a duplicate key would otherwise be sent twice in a digest.
    if (seen.has(a.key)) continue;
    seen.add(a.key);
    const stored = states.get(a.key);
    const prev = stored === undefined || stored.resolvedAt !== undefined ? undefined : stored;
    const last = prev === undefined ? Number.NaN : Date.parse(prev.lastSentAt);
    const neverSent = prev === undefined || Number.isNaN(last);
    const changed = prev !== undefined && prev.fingerprint !== a.fingerprint;
    const due = neverSent || changed || nowMs - last >= reminderDays * DAY_MS;
    if (!due) continue;
    const firstSentAt = neverSent ? sentAt : (prev.firstSentAt ?? prev.lastSentAt);
    if (!neverSent && !changed) reminders.set(a.key, firstSentAt);
    toSend.push(a);
    written.push({ key: a.key, fingerprint: a.fingerprint, lastSentAt: sentAt, firstSentAt });
  }
  return { toSend, states: written, reminders };
}
