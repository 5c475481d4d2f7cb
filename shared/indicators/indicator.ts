import type { IndicatorId } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { Scope } from '../domain/unit.js';

/**
 * One computed indicator for one unit or group. Percentages are in percent (26.61), unrounded.
 * numerator/denominator are set for ratios so a reader can re-derive or re-aggregate them.
 */
export interface IndicatorValue {
  programme: Programme;
  /** Unit code or `nhóm:<tag>`. */
  unit: Scope;
  indicator: IndicatorId;
  value: number;
  numerator?: number;
  denominator?: number;
}
