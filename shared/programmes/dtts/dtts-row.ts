import type { UnitCode } from '../../domain/ids.js';

/**
 * One accepted row of tab `DTTS`. A row is the reporting unit's own figure (what the unit itself
 * achieved), never a commune's: DTTS plans are assigned to units at any level (`Chỉ tiêu` names
 * districts and the province), so a district reports its own total and the province's figure is
 * the sum of the districts' rows plus any row of its own workbook.
 */
export interface DttsRow {
  /** The reporting unit the row belongs to. */
  unit: UnitCode;
  /** The catalogue's spelling of the code (`DA1.nha_o`), whatever case was typed. */
  code: string;
  /** `Thực hiện`: achieved to date, >= 0. */
  achieved: number;
  /** `Tổng số`: the whole the achieved count is a share of (the unit's 181 communes), when given. */
  total?: number;
  note?: string;
}
