import type ExcelJS from 'exceljs';
import { columnLetters } from '../../domain/ids.js';
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
  } else {
    cell.value = value.value;
    if (value.style !== undefined) applyLook(cell, value.style);
    else if ((value.indent ?? 0) > 0) cell.alignment = { indent: value.indent };
    else if (value.wrap === true) cell.alignment = { wrapText: true };
  }
  if (value.note !== undefined) cell.note = value.note;
}

/** Frozen header (and first columns), given when the sheet is created. */
function viewsFor(tab: TabWrite): Partial<ExcelJS.WorksheetView>[] {
  const header = tab.headerRow !== undefined && tab.headerRow > 0 ? tab.headerRow : 0;
  const columns = tab.freezeColumns ?? 0;
  if (header <= 0 && columns <= 0) return [];
  return [{ state: 'frozen', ySplit: header, xSplit: columns, topLeftCell: `${columnLetters(columns + 1)}${header + 1}` }];
}

/**
 * Widths, then rows in order (heights and outline levels included), plain strings of the header
 * row styled as headers, and a filter on the header row. This is the fallback for packages the
 * editor cannot handle; exceljs writes no charts and no print titles, so those are left out here.
 */
function fillSheet(ws: ExcelJS.Worksheet, tab: TabWrite): void {
  tab.widths?.forEach((w, c) => {
    if (w > 0) ws.getColumn(c + 1).width = w;
  });
  const header = tab.headerRow;
  tab.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    const height = tab.rowHeights?.[r];
    if (height !== undefined && height > 0) row.height = height;
    const level = tab.rowLevels?.[r];
    if (level !== undefined && level > 0) row.outlineLevel = level;
    cells.forEach((value, c) => {
      const cell = row.getCell(c + 1);
      writeCell(cell, value);
      if (r + 1 === header && typeof value === 'string') applyLook(cell, 'header');
    });
  });
  const headerCells = header === undefined ? [] : (tab.rows[header - 1] ?? []);
  if (header !== undefined && header > 0 && headerCells.length > 0) {
    ws.autoFilter = { from: { row: header, column: 1 }, to: { row: header, column: headerCells.length } };
  }
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
  const ws = wb.addWorksheet(tab.name, { views: viewsFor(tab) });
  // exceljs orders tabs by `orderNo` (not in its typings); reusing the old one keeps the tab in place.
  if (orderNo !== undefined) sheetOrder(ws).orderNo = orderNo;
  fillSheet(ws, tab);
  return ws;
}

function sheetOrder(ws: ExcelJS.Worksheet): { orderNo: number } {
  return ws as unknown as { orderNo: number };
}
