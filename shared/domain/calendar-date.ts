const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The ISO date `yyyy-mm-dd` of a year, month and day, or undefined when no such day exists
 * (`31/02`): JavaScript's Date would silently roll it over into the next month.
 */
export function isoDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** `yyyy-mm-dd` text naming a day that exists, as that ISO date; otherwise undefined. */
export function parseIsoDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** Deadlines are Vietnamese calendar days; Asia/Ho_Chi_Minh is UTC+7 all year (no DST). */
const VN_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Vietnam of an ISO instant (a bare date is taken as that day). */
export function vietnamDay(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.slice(0, 10);
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}
