import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { CommuneRow } from '../programmes/programme-module.js';
import { PROGRAMME_MODULES, type ProgrammeModules, type UnitSubmission } from '../programmes/registry.js';
import { communesOf, rowsOf, submissionOf } from '../programmes/submission-rows.js';

export interface MergeInput {
  previous: UnitSubmission;
  previousStale: readonly UnitCode[];
  parsed: UnitSubmission;
  /** Communes whose row in the new version has errors, by programme. */
  erroredCommunes: Partial<Record<Programme, readonly UnitCode[]>>;
  /** Programmes whose tab could not be read at all (missing tab, missing column). */
  failedProgrammes: readonly Programme[];
  /** Programmes the unit reports this period. */
  programmes: readonly Programme[];
}

export interface MergeResult {
  data: UnitSubmission;
  staleCommunes: UnitCode[];
}

/**
 * Accepts the new version's valid rows while losing nothing, each programme by its module's merge
 * (a commune whose new row has errors, or a whole programme whose tab cannot be read, keeps its
 * last accepted row, flagged stale).
 */
export function mergeSubmission(input: MergeInput, modules: ProgrammeModules = PROGRAMME_MODULES): MergeResult {
  const stale = new Set<UnitCode>();
  const merged: [Programme, readonly CommuneRow[]][] = [];
  for (const m of modules) {
    const result = m.mergeRows({
      previous: rowsOf(input.previous, m.id),
      parsed: rowsOf(input.parsed, m.id),
      errored: input.erroredCommunes[m.id] ?? [],
      failed: input.failedProgrammes.includes(m.id),
      scheduled: input.programmes.includes(m.id),
    });
    for (const c of result.stale) stale.add(c);
    if (result.rows) merged.push([m.id, result.rows]);
  }
  return { data: submissionOf(merged), staleCommunes: [...stale].sort() };
}

/** Keeps everything, all stale: for a workbook that is missing or cannot be opened. */
export function keepAllStale(previous: UnitSubmission): MergeResult {
  return { data: previous, staleCommunes: communesOf(previous) };
}
