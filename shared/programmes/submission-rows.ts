import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { CommuneRow } from './programme-module.js';
import type { UnitSubmission } from './registry.js';

/** A submission as generic code reads it: rows of any programme by its id. */
export type SubmissionRows = Readonly<Partial<Record<string, readonly CommuneRow[]>>>;

/** The rows of one programme in a submission. */
export function rowsOf(data: UnitSubmission, programme: Programme): readonly CommuneRow[] | undefined {
  const rows: SubmissionRows = data;
  return rows[programme];
}

/**
 * A submission from rows keyed by programme id. Each entry comes from its own module (parser,
 * merge or codec), so it has that module's row type; the record type cannot say so for a key
 * chosen at run time (every row type is a `CommuneRow`, so the plain record is accepted as is).
 */
export function submissionOf(entries: Iterable<readonly [Programme, readonly CommuneRow[]]>): UnitSubmission {
  const out: Record<string, readonly CommuneRow[]> = {};
  for (const [programme, rows] of entries) out[programme] = rows;
  return out;
}

/** Whether the submission holds at least one accepted row. */
export function hasRows(data: UnitSubmission): boolean {
  return Object.values(data).some((rows) => (rows?.length ?? 0) > 0);
}

/** Every commune with a row in the submission, sorted. */
export function communesOf(data: UnitSubmission): UnitCode[] {
  const out = new Set<UnitCode>();
  for (const rows of Object.values(data as SubmissionRows)) for (const r of rows ?? []) out.add(r.commune);
  return [...out].sort();
}
