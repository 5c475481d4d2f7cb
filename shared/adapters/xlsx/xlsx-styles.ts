import type ExcelJS from 'exceljs';

/** Cell looks shared by the tab writer and the templates, so every generated sheet looks alike. */
export type CellLook = 'title' | 'header' | 'error' | 'warning' | 'ok';

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF9E9E9E' } };

export const HEADER_FILL = solid('FFDDEBF7');
export const ERROR_FILL = solid('FFF8CBAD');
export const WARNING_FILL = solid('FFFFE699');
export const OK_FILL = solid('FFC6EFCE');
export const THIN_BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

/** Number formats for TabCell formats. Percent values are already in percent units (26.61). */
export const NUM_FMT = {
  int: '#,##0',
  decimal: '#,##0.00',
  percent: '0.00"%"',
  text: '@',
  date: 'dd/mm/yyyy',
} as const;

export function applyLook(cell: ExcelJS.Cell, look: CellLook): void {
  switch (look) {
    case 'title':
      cell.font = { bold: true, size: 14 };
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
