import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { NtmRow, PovertyRow, UnitSubmission } from '../domain/rows.js';

export interface MergeInput {
  previous: UnitSubmission;
  previousStale: readonly UnitCode[];
  parsed: UnitSubmission;
  /** Communes whose row in the new version has errors. */
  erroredCommunes: { ntm: readonly UnitCode[]; poverty: readonly UnitCode[] };
  /** Programmes whose tab could not be read at all (missing tab, missing column). */
  failedProgrammes: readonly Programme[];
  /** Programmes the unit reports this period. */
  programmes: readonly Programme[];
}

export interface MergeResult {
  data: UnitSubmission;
  staleCommunes: UnitCode[];
}

interface Keyed {
  commune: UnitCode;
}

/**
 * Accepts the new version's valid rows while losing nothing: a commune whose new row has errors,
 * or a whole programme whose tab cannot be read, keeps its last accepted row, flagged stale.
 */
export function mergeSubmission(input: MergeInput): MergeResult {
  const stale = new Set<UnitCode>();
  const pick = <Row extends Keyed>(programme: Programme, prevRows: readonly Row[] | undefined, newRows: readonly Row[] | undefined, errored: readonly UnitCode[]): Row[] | undefined => {
    if (!input.programmes.includes(programme)) return prevRows ? [...prevRows] : undefined;
    if (input.failedProgrammes.includes(programme)) {
      for (const r of prevRows ?? []) stale.add(r.commune);
      return prevRows ? [...prevRows] : undefined;
    }
    const out = [...(newRows ?? [])];
    const have = new Set(out.map((r) => r.commune));
    const prevByCommune = new Map((prevRows ?? []).map((r) => [r.commune, r] as const));
    for (const commune of errored) {
      const kept = prevByCommune.get(commune);
      if (kept && !have.has(commune)) {
        out.push(kept);
        have.add(commune);
        stale.add(commune);
      }
    }
    return out;
  };
  const data: UnitSubmission = {};
  const ntm = pick<NtmRow>('ntm', input.previous.ntm, input.parsed.ntm, input.erroredCommunes.ntm);
  if (ntm) data.ntm = ntm;
  const poverty = pick<PovertyRow>('giam_ngheo', input.previous.poverty, input.parsed.poverty, input.erroredCommunes.poverty);
  if (poverty) data.poverty = poverty;
  return { data, staleCommunes: [...stale].sort() };
}

/** Keeps everything, all stale: for a workbook that is missing or cannot be opened. */
export function keepAllStale(previous: UnitSubmission): MergeResult {
  const stale = new Set<UnitCode>();
  for (const r of previous.ntm ?? []) stale.add(r.commune);
  for (const r of previous.poverty ?? []) stale.add(r.commune);
  return { data: previous, staleCommunes: [...stale].sort() };
}
