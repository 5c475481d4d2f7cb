import type { PeriodId } from './ids.js';

export class InvalidPeriodError extends Error {
  constructor(readonly period: string) {
    super(`Invalid period "${period}": expected yyyy, yyyy-Qn, yyyy-Hn or yyyy-mm`);
    this.name = 'InvalidPeriodError';
  }
}

const PATTERN = /^(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?$/;

export function isPeriod(s: string): boolean {
  return PATTERN.test(s.trim());
}

export function periodYear(period: PeriodId): number {
  const m = PATTERN.exec(period);
  if (!m) throw new InvalidPeriodError(period);
  return Number(m[1]);
}

/** First day of the period, ISO `yyyy-mm-dd`. Pacing measures progress from here. */
export function periodStart(period: PeriodId): string {
  const m = PATTERN.exec(period);
  if (!m) throw new InvalidPeriodError(period);
  const year = m[1] as string;
  const sub = m[2];
  let month = 1;
  if (sub?.startsWith('Q')) month = (Number(sub.slice(1)) - 1) * 3 + 1;
  else if (sub?.startsWith('H')) month = sub === 'H1' ? 1 : 7;
  else if (sub !== undefined) month = Number(sub);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** Days between two ISO dates (b - a). */
export function daysBetween(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

/** Last day of the period, ISO `yyyy-mm-dd`: what a period "on or after" a date is measured by. */
export function periodEnd(period: PeriodId): string {
  const m = PATTERN.exec(period);
  if (!m) throw new InvalidPeriodError(period);
  const year = Number(m[1]);
  const sub = m[2];
  let lastMonth = 12;
  if (sub?.startsWith('Q')) lastMonth = Number(sub.slice(1)) * 3;
  else if (sub?.startsWith('H')) lastMonth = sub === 'H1' ? 6 : 12;
  else if (sub !== undefined) lastMonth = Number(sub);
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, lastMonth, 0)).toISOString().slice(0, 10);
}
