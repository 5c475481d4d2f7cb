import type { IndicatorId } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { Scope } from '../domain/unit.js';

/**
 * The `programme` of an indicator: a programme, or `reporting` for the reporting rates, which are
 * about a unit's workbook (one per period, whatever programmes its tabs carry), not a programme.
 */
export const REPORTING = 'reporting';
export type IndicatorProgramme = Programme | typeof REPORTING;

/**
 * One computed indicator for one unit or group. Percentages are in percent (26.61), unrounded.
 * numerator/denominator are set for ratios so a reader can re-derive or re-aggregate them.
 */
export interface IndicatorValue {
  programme: IndicatorProgramme;
  /** Unit code or `nhóm:<tag>`. */
  unit: Scope;
  indicator: IndicatorId;
  value: number;
  numerator?: number;
  denominator?: number;
}
