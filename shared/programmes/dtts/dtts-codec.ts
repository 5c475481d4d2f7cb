import * as z from 'zod/mini';
import { unitCode } from '../../domain/ids.js';
import type { DttsRow } from './dtts-row.js';

/** DTTS rows are stored as they are. */
export function encodeDttsRows(rows: readonly DttsRow[]): unknown {
  return rows;
}

const amount = z.number().check(z.nonnegative());

const storedDttsRow = z.object({
  unit: z.string().check(z.minLength(1)),
  code: z.string().check(z.minLength(1)),
  achieved: amount,
  total: z.optional(amount),
  note: z.optional(z.string()),
});

/** Stored DTTS rows, checked. */
export const storedDttsRows: z.ZodMiniType<DttsRow[]> = z.pipe(
  z.array(storedDttsRow),
  z.transform((rows) =>
    rows.map((row): DttsRow => {
      const out: DttsRow = { unit: unitCode(row.unit), code: row.code, achieved: row.achieved };
      if (row.total !== undefined) out.total = row.total;
      if (row.note !== undefined) out.note = row.note;
      return out;
    }),
  ),
);
