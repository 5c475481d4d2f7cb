import { periodId, type PeriodId } from './ids.js';
import { InvalidPeriodError } from './period.js';

const PATTERN = /^(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?$/;

/**
 * The period just before one of the same kind: 2025 -> 2024, 2025-Q1 -> 2024-Q4, 2025-H2 -> 2025-H1,
 * 2025-01 -> 2024-12. Its last accepted rows are "the end of the previous period" (ntm.avg_gain).
 */
export function previousPeriod(period: PeriodId): PeriodId {
  const m = PATTERN.exec(period);
  if (!m) throw new InvalidPeriodError(period);
  const year = Number(m[1]);
  const sub = m[2];
  if (sub === undefined) return periodId(String(year - 1));
  const kind = sub.charAt(0);
  if (kind === 'Q' || kind === 'H') {
    const n = Number(sub.slice(1));
    const last = kind === 'Q' ? 4 : 2;
    return n > 1 ? periodId(`${year}-${kind}${n - 1}`) : periodId(`${year - 1}-${kind}${last}`);
  }
  const month = Number(sub);
  return month > 1 ? periodId(`${year}-${String(month - 1).padStart(2, '0')}`) : periodId(`${year - 1}-12`);
}
