/**
 * Vietnamese number writing for text people read (feedback tab, e-mails, console):
 * `.` groups thousands, `,` marks decimals.
 */
const cache = new Map<number, Intl.NumberFormat>();

function formatter(decimals: number): Intl.NumberFormat {
  let f = cache.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: decimals, useGrouping: true });
    cache.set(decimals, f);
  }
  return f;
}

/** `1955` -> `1.955`; `26.6138` -> `26,61` (at most `decimals` decimals, default 2). */
export function formatViNumber(value: number, decimals = 2): string {
  return formatter(decimals).format(value);
}

/** `26.61` -> `26,61%`. */
export function formatViPercent(valueInPercent: number, decimals = 2): string {
  return `${formatViNumber(valueInPercent, decimals)}%`;
}

/** ISO `2018-12-31` -> `31/12/2018`. */
export function formatViDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
