import type ExcelJS from 'exceljs';
import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import { applyLook, NUM_FMT } from './xlsx-styles.js';
import { sameTabName } from './xlsx-tab-names.js';

/**
 * Writes one TabCell. Strings always become text cells: exceljs stores a JS string as a string even
 * when it starts with `=`, `+` or `@`, so nothing staff or the pipeline writes is ever run as a formula.
 */
function writeCell(cell: ExcelJS.Cell, value: TabCell): void {
  if (value === null) return;
  if (typeof value === 'string' || typeof value === 'number') {
    cell.value = value;
    return;
  }
  if ('format' in value) {
    cell.value = value.value;
    cell.numFmt = NUM_FMT[value.format];
    return;
  }
  cell.value = value.value;
  applyLook(cell, value.style);
}

/**
 * Replaces a tab entirely: the old worksheet (if any, matched like the reader matches names) is
 * removed and a fresh one takes its place in the tab order, so nothing of the old content, merges
 * or validations lingers. A new tab goes last. Every other worksheet is left as loaded.
 */
export function replaceTab(wb: ExcelJS.Workbook, tab: TabWrite): ExcelJS.Worksheet {
  const old = wb.worksheets.find((ws) => sameTabName(ws.name, tab.name));
  const orderNo = old ? sheetOrder(old).orderNo : undefined;
  if (old) wb.removeWorksheet(old.id);
  const ws = wb.addWorksheet(tab.name);
  // exceljs orders tabs by `orderNo` (not in its typings); reusing the old one keeps the tab in place.
  if (orderNo !== undefined) sheetOrder(ws).orderNo = orderNo;

  tab.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    cells.forEach((value, c) => writeCell(row.getCell(c + 1), value));
  });
  tab.widths?.forEach((w, c) => {
    if (w > 0) ws.getColumn(c + 1).width = w;
  });
  const header = tab.headerRow;
  if (header !== undefined && header > 0) {
    ws.views = [{ state: 'frozen', ySplit: header, xSplit: 0, topLeftCell: `A${header + 1}` }];
    const cells = tab.rows[header - 1] ?? [];
    cells.forEach((value, c) => {
      if (typeof value === 'string') applyLook(ws.getRow(header).getCell(c + 1), 'header');
    });
    if (cells.length > 0) ws.autoFilter = { from: { row: header, column: 1 }, to: { row: header, column: cells.length } };
  }
  return ws;
}

function sheetOrder(ws: ExcelJS.Worksheet): { orderNo: number } {
  return ws as unknown as { orderNo: number };
}
