import type { UnitCode } from './ids.js';

// The rows of the first two programmes: plain data that alerts and targets also read. Their
// modules (shared/programmes/ntm, giam_ngheo) parse, merge, store and consolidate them.

/** One accepted row of tab `NTM` (a commune with every criterion filled). */
export interface NtmRow {
  commune: UnitCode;
  name: string;
  /** criteria[i] is criterion i+1: true = met (Đạt). Length = the criteria set's size. */
  criteria: boolean[];
  recognisedYear?: number;
  /** `Mức đạt` as the set's level id (`ntm`, `nang_cao`, `kieu_mau`); absent: not recognised, or a set without levels. */
  level?: string;
  note?: string;
}

/** One accepted row of tab `Giảm nghèo`. */
export interface PovertyRow {
  commune: UnitCode;
  name: string;
  households: number;
  poor: number;
  nearPoor: number;
  poorEthnic?: number;
  escaped?: number;
  relapsed?: number;
  newPoor?: number;
}
