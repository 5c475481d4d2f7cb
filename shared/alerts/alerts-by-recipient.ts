import type { Alert } from './alert.js';

/**
 * The identity of an address: trimmed, compared without case. Stored alert states and delivery
 * records are keyed by it, so `Lan@X.vn` and `lan@x.vn ` are one recipient.
 */
export function recipientKey(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Alerts per recipient, for one digest each. Addresses are trimmed and compared without case, the
 * first spelling seen is kept; an alert naming one address twice is listed once for it.
 */
export function groupAlertsByRecipient(alerts: readonly Alert[]): Map<string, Alert[]> {
  const spelling = new Map<string, string>();
  const out = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const seen = new Set<string>();
    for (const raw of alert.recipients) {
      const address = raw.trim();
      if (address === '') continue;
      const key = recipientKey(address);
      if (seen.has(key)) continue;
      seen.add(key);
      let name = spelling.get(key);
      if (name === undefined) {
        name = address;
        spelling.set(key, name);
        out.set(name, []);
      }
      out.get(name)?.push(alert);
    }
  }
  return out;
}
