/** Record builders shared by the store contract, the DynamoDB tests and the child-process fixture. */
import { unitCode } from '../../shared/domain/ids.js';
import type { PeriodId } from '../../shared/domain/ids.js';
import type { NtmRow, PovertyRow } from '../../shared/domain/rows.js';
import type { SubmissionRecord } from '../../shared/ports/store.js';

/** A commune row; criteria follow a pattern so every row differs. */
export function ntmRow(i: number, extra: Partial<NtmRow> = {}): NtmRow {
  return {
    commune: unitCode(`X${String(i).padStart(5, '0')}`),
    name: `Xã Hòa Bình Thượng ${i}`,
    criteria: Array.from({ length: 19 }, (_, k) => (k * 7 + i) % 3 !== 0),
    ...extra,
  };
}

export function povertyRow(i: number): PovertyRow {
  return {
    commune: unitCode(`X${String(i).padStart(5, '0')}`),
    name: `Xã Hòa Bình Thượng ${i}`,
    households: 1000 + i,
    poor: 50 + (i % 40),
    nearPoor: 30 + (i % 25),
    ...(i % 2 === 0 ? { poorEthnic: i % 17 } : {}),
  };
}

export function submission(period: PeriodId, unit: string, rows: number, extra: Partial<SubmissionRecord> = {}): SubmissionRecord {
  const base = Number.parseInt(unit.replace(/\D/g, ''), 10) * 1000 || 0;
  return {
    unit: unitCode(unit),
    period,
    status: 'ok',
    checkedAt: '2019-07-05T01:02:03.000Z',
    data: {
      ntm: Array.from({ length: rows }, (_, i) => ntmRow(base + i)),
      giam_ngheo: Array.from({ length: rows }, (_, i) => povertyRow(base + i)),
    },
    staleCommunes: [],
    issues: [],
    ...extra,
  };
}
