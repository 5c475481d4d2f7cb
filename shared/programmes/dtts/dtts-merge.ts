import { dttsCodeKey } from './dtts-catalogue.js';
import type { DttsRow } from './dtts-row.js';

/**
 * A unit's DTTS rows after a new submission: the new accepted rows, plus the last accepted row of
 * each code whose new row has errors (flagged stale), so a typo loses no figure. A code the unit
 * removed from its tab is gone: the unit no longer reports it.
 */
export function mergeDttsRows(
  previous: readonly DttsRow[],
  parsed: readonly DttsRow[],
  erroredCodes: readonly string[],
): { rows: DttsRow[]; staleCodes: string[] } {
  const rows = [...parsed];
  const have = new Set(parsed.map((r) => dttsCodeKey(r.code)));
  const prev = new Map(previous.map((r) => [dttsCodeKey(r.code), r] as const));
  const staleCodes: string[] = [];
  for (const code of erroredCodes) {
    const kept = prev.get(dttsCodeKey(code));
    if (kept === undefined || have.has(dttsCodeKey(code))) continue;
    rows.push(kept);
    have.add(dttsCodeKey(code));
    staleCodes.push(kept.code);
  }
  return { rows, staleCodes };
}
