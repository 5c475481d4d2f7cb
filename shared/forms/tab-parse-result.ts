import type { UnitCode } from '../domain/ids.js';
import type { SheetIssue } from '../domain/issue.js';

/** What parsing one tab of a unit workbook yields. */
export interface TabParseResult<Row> {
  /** Accepted rows: no error on the row (warnings allowed). */
  rows: Row[];
  issues: SheetIssue[];
  /** Communes of the reporting unit that have a row in the tab, but no accepted one. */
  erroredCommunes: UnitCode[];
  /**
   * For a programme whose rows are not one per commune (DTTS: one per catalogue code), the keys
   * of the rows it has but did not accept; its module's merge reads these instead of the communes.
   */
  erroredKeys?: string[];
  /** False when the header cannot be mapped: the whole tab is rejected. */
  tabOk: boolean;
  /**
   * Every data row is as the template left it (the commune's code and name, nothing else typed):
   * the tab has not been filled in yet. Such a tab carries no per-cell findings for those rows;
   * the caller decides what one finding to report (see parseUnitWorkbook).
   */
  untouched: boolean;
}
