import type { AlertState } from '../ports/store.js';
import type { Alert } from './alert.js';

const DAY_MS = 86_400_000;

/**
 * Which alerts go out in this run: new ones, changed ones (fingerprint differs) and those last sent
 * at least `reminderDays` ago. Returns the states to write for exactly those; an alert not sent
 * keeps its stored state, so running twice with the returned states sends and writes nothing.
 * A `reminderDays` of 0 re-sends every run; Infinity never reminds. An unreadable `lastSentAt`
 * counts as never sent.
 */
export function selectAlertsToSend(
  alerts: readonly Alert[],
  /** The states that apply to the alerts' recipient, by alert key (a Map will do). */
  states: Pick<ReadonlyMap<string, AlertState>, 'get'>,
  now: Date,
  reminderDays: number,
): { toSend: Alert[]; states: AlertState[] } {
  const nowMs = now.getTime();
  const sentAt = now.toISOString();
  const toSend: Alert[] = [];
  const written: AlertState[] = [];
  const seen = new Set<string>();
  for (const a of alerts) {
    // One identity, one decision: a duplicate key would otherwise be sent twice in a digest.
    if (seen.has(a.key)) continue;
    seen.add(a.key);
    const prev = states.get(a.key);
    const last = prev === undefined ? Number.NaN : Date.parse(prev.lastSentAt);
    const due =
      prev === undefined ||
      prev.fingerprint !== a.fingerprint ||
      Number.isNaN(last) ||
      nowMs - last >= reminderDays * DAY_MS;
    if (!due) continue;
    toSend.push(a);
    written.push({ key: a.key, fingerprint: a.fingerprint, lastSentAt: sentAt });
  }
  return { toSend, states: written };
}
