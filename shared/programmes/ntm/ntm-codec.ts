import * as z from 'zod/mini';
import type { UnitCode } from '../../domain/ids.js';
import type { NtmRow } from '../../domain/rows.js';

/**
 * An NTM row as stored: the criteria as one `0`/`1` string (`'1011'`), a fifth of the JSON of a
 * boolean array, which matters at national scale (400 KB per DynamoDB item).
 */
export function encodeNtmRows(rows: readonly NtmRow[]): unknown {
  return rows.map((row) => ({
    commune: row.commune,
    name: row.name,
    criteria: row.criteria.map((met) => (met ? '1' : '0')).join(''),
    recognisedYear: row.recognisedYear,
    note: row.note,
  }));
}

const storedNtmRow = z.object({
  commune: z.string(),
  name: z.string(),
  criteria: z.string().check(z.regex(/^[01]*$/, 'criteria are not a 0/1 string')),
  recognisedYear: z.optional(z.number()),
  note: z.optional(z.string()),
});

/** Stored NTM rows, checked and decoded. */
export const storedNtmRows: z.ZodMiniType<NtmRow[]> = z.pipe(
  z.array(storedNtmRow),
  z.transform((rows) =>
    rows.map((row): NtmRow => {
      const decoded: NtmRow = { commune: row.commune as UnitCode, name: row.name, criteria: [...row.criteria].map((c) => c === '1') };
      if (row.recognisedYear !== undefined) decoded.recognisedYear = row.recognisedYear;
      if (row.note !== undefined) decoded.note = row.note;
      return decoded;
    }),
  ),
);
