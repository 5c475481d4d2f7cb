import { isoDate, parseIsoDate } from '../domain/calendar-date.js';
import type { RawCell } from './raw-sheet.js';

/** `dd/mm/yyyy` (also `-` or `.` between), ISO `yyyy-mm-dd`, a Date cell, or an Excel day serial. */
export function readDateCell(raw: RawCell): string | undefined {
  if (raw instanceof Date) {
    // Gateways deliver date cells at UTC midnight; local time would shift the day east of UTC.
    return Number.isNaN(raw.getTime()) ? undefined : isoDate(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  }
  if (typeof raw === 'number') {
    // A date cell read without formatting (Google UNFORMATTED_VALUE) is a day count from 1899-12-30.
    if (!Number.isInteger(raw) || raw < 21916 || raw > 73051) return undefined; // 1960-01-01 .. 2099-12-31
    const d = new Date(Date.UTC(1899, 11, 30) + raw * 86_400_000);
    return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (vn) return isoDate(Number(vn[3]), Number(vn[2]), Number(vn[1]));
  return parseIsoDate(text);
}
