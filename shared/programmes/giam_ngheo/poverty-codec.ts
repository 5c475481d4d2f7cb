import * as z from 'zod/mini';
import type { UnitCode } from '../../domain/ids.js';
import type { PovertyRow } from '../../domain/rows.js';

/** Poverty rows are stored as they are. */
export function encodePovertyRows(rows: readonly PovertyRow[]): unknown {
  return rows;
}

const count = z.number().check(z.nonnegative());

const storedPovertyRow = z.object({
  commune: z.string(),
  name: z.string(),
  households: count,
  poor: count,
  nearPoor: count,
  poorEthnic: z.optional(count),
  escaped: z.optional(count),
  relapsed: z.optional(count),
  newPoor: z.optional(count),
});

/** Stored poverty rows, checked. */
export const storedPovertyRows: z.ZodMiniType<PovertyRow[]> = z.pipe(
  z.array(storedPovertyRow),
  z.transform((rows) =>
    rows.map((row): PovertyRow => {
      const out: PovertyRow = { commune: row.commune as UnitCode, name: row.name, households: row.households, poor: row.poor, nearPoor: row.nearPoor };
      if (row.poorEthnic !== undefined) out.poorEthnic = row.poorEthnic;
      if (row.escaped !== undefined) out.escaped = row.escaped;
      if (row.relapsed !== undefined) out.relapsed = row.relapsed;
      if (row.newPoor !== undefined) out.newPoor = row.newPoor;
      return out;
    }),
  ),
);
