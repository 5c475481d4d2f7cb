import type ExcelJS from 'exceljs';

/** Cell looks shared by the tab writer and the templates, so every generated sheet looks alike. */
export type CellLook = 'title' | 'heading' | 'header' | 'total' | 'error' | 'warning' | 'ok';

/**
 * The colours of the looks (ARGB), shared by exceljs-written sheets and the worksheet XML the
 * gateway renders itself (xlsx-style-sheet.ts), so both look the same.
 */
export const LOOK_ARGB = {
  header: 'FFDDEBF7',
  error: 'FFF8CBAD',
  warning: 'FFFFE699',
  ok: 'FFC6EFCE',
  border: 'FF9E9E9E',
} as const;

/** Font size of a title cell (other looks keep the workbook's default size). */
export const TITLE_FONT_SIZE = 14;

/** Font size of a section heading (the overview's programme sections). */
export const HEADING_FONT_SIZE = 12;

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: LOOK_ARGB.border } };

export const HEADER_FILL = solid(LOOK_ARGB.header);
export const ERROR_FILL = solid(LOOK_ARGB.error);
export const WARNING_FILL = solid(LOOK_ARGB.warning);
export const OK_FILL = solid(LOOK_ARGB.ok);
export const THIN_BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * Number formats for TabCell formats. Percent values are already in percent units (26.61).
 * `[$-42A]` tags the format as Vietnamese: LibreOffice then writes `1.955,50` and `26,61%` whatever
 * the computer's locale (checked with LibreOffice 7.4); Excel takes separators from the system and
 * ignores the tag for numbers, so the cells stay plain numbers either way.
 */
export const NUM_FMT = {
  int: '[$-42A]#,##0',
  decimal: '[$-42A]#,##0.00',
  percent: '[$-42A]0.00"%"',
  text: '@',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
} as const;

export function applyLook(cell: ExcelJS.Cell, look: CellLook): void {
  switch (look) {
    case 'title':
      cell.font = { bold: true, size: TITLE_FONT_SIZE };
      break;
    case 'heading':
      cell.font = { bold: true, size: HEADING_FONT_SIZE };
      break;
    case 'total':
      cell.font = { bold: true };
      break;
    case 'header':
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      cell.border = THIN_BORDER;
      break;
    case 'error':
      cell.fill = ERROR_FILL;
      break;
    case 'warning':
      cell.fill = WARNING_FILL;
      break;
    case 'ok':
      cell.fill = OK_FILL;
      break;
  }
}
