import type { RawCell } from '../forms/raw-sheet.js';

/**
 * A workbook described as plain data: what the templates produce and a renderer turns into a file
 * (exceljs here; a Google Sheets renderer can map the same description to batchUpdate requests).
 */

/** What a column holds, which decides its number format and its data validation. */
export type LayoutColumnKind =
  /** Codes (`06`, `00178`): stored and formatted as text so leading zeros survive. */
  | 'code'
  | 'text'
  /** Whole numbers >= 0 (households, communes). */
  | 'count'
  /** A criterion cell: dropdown `Đạt` / `Chưa đạt`. */
  | 'criterion'
  /** A calendar year. */
  | 'year'
  | 'number'
  | 'date'
  /** A dropdown of `choices`. */
  | 'choice';

export interface LayoutColumn {
  /** Field name of the tab spec (`commune`, `tc2`, `households`). */
  field: string;
  header: string;
  /** Width in characters. */
  width: number;
  kind: LayoutColumnKind;
  choices?: readonly string[];
  /**
   * Pre-filled by the office and not for staff to edit (the DTTS plan: the control workbook's value
   * counts). Locked like the header rows, so it takes effect where the table has protectHeader.
   */
  locked?: boolean;
}

export interface TableSheetLayout {
  kind: 'table';
  name: string;
  /** Lines above the header row; the first is the sheet's title. */
  titleRows: readonly string[];
  columns: readonly LayoutColumn[];
  /** Data rows in column order. */
  rows: readonly (readonly RawCell[])[];
  /** Empty rows below the data that still get the dropdowns and validations. */
  spareRows: number;
  /**
   * Lock the title and header rows (sheet protection without a password, so staff can still lift
   * it; data columns stay editable, formatting, sorting, filtering and row insertion allowed).
   */
  protectHeader: boolean;
  /** Columns kept visible when scrolling right (Mã xã, Tên xã). */
  freezeColumns: number;
}

export interface NotesSheetLayout {
  kind: 'notes';
  name: string;
  title: string;
  lines: readonly string[];
  /** Width of the text column in characters. */
  width: number;
}

export type SheetLayout = TableSheetLayout | NotesSheetLayout;

export interface WorkbookLayout {
  sheets: SheetLayout[];
}

/** 1-based row number of a table's header row. */
export const headerRowOf = (sheet: TableSheetLayout): number => sheet.titleRows.length + 1;
