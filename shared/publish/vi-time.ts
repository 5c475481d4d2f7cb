/**
 * Instants shown to people are in Vietnam time (UTC+7, no daylight saving), whatever the machine's
 * zone: a Lambda runs in UTC and must print the same text as a laptop in Hà Nội.
 */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO instant -> `dd/mm/yyyy hh:mm` in Vietnam time; text that is not an instant comes back as is. */
export function formatViDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** ISO instant -> `dd/mm/yyyy`, the calendar day in Vietnam; text that is not an instant comes back as is. */
export function formatViDay(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
