import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import { PROGRAMME_MODULES, type ProgrammeModules, type UnitSubmission } from './registry.js';

/** A submission as generic code reads it: rows of any programme by its id. */
export type SubmissionRows = Readonly<Partial<Record<string, readonly object[]>>>;

/** The rows of one programme in a submission. */
export function rowsOf(data: UnitSubmission, programme: Programme): readonly object[] | undefined {
  const rows: SubmissionRows = data;
  return rows[programme];
}

/**
 * A submission from rows keyed by programme id. Each entry comes from its own module (parser,
 * merge or codec), so it has that module's row type; the record type cannot say so for a key
 * chosen at run time (every row type is a `CommuneRow`, so the plain record is accepted as is).
 */
export function submissionOf(entries: Iterable<readonly [Programme, readonly object[]]>): UnitSubmission {
  const out: Record<string, readonly object[]> = {};
  for (const [programme, rows] of entries) out[programme] = rows;
  return out;
}

/** Whether the submission holds at least one accepted row. */
export function hasRows(data: UnitSubmission): boolean {
  return Object.values(data).some((rows) => (rows?.length ?? 0) > 0);
}

/** Every unit a row of the submission is about (communes; for DTTS the reporting unit), sorted. */
export function communesOf(data: UnitSubmission, modules: ProgrammeModules = PROGRAMME_MODULES): UnitCode[] {
  const out = new Set<UnitCode>();
  for (const m of modules) for (const r of rowsOf(data, m.id) ?? []) out.add(m.rowUnit(r));
  return [...out].sort();
}
