import ExcelJS from 'exceljs';
import { a1 } from '../../domain/ids.js';
import type { RawCell } from '../../forms/raw-sheet.js';
import { isFormulaError } from '../../forms/raw-sheet.js';
import { MET, NOT_MET } from '../../forms/tab-specs.js';
import { headerRowOf, type LayoutColumn, type NotesSheetLayout, type TableSheetLayout, type WorkbookLayout } from '../../templates/sheet-layout.js';
import { applyLook, NUM_FMT } from './xlsx-styles.js';

/** Error values exceljs can store; anything else is written as its text. */
const EXCEL_ERRORS = new Set(['#N/A', '#REF!', '#NAME?', '#DIV/0!', '#NULL!', '#VALUE!', '#NUM!']);

/** A list validation's formula: the choices quoted, comma-separated (Excel's inline list form). */
const listFormula = (choices: readonly string[]): string => `"${choices.join(',')}"`;

function validationFor(col: LayoutColumn): ExcelJS.DataValidation | undefined {
  switch (col.kind) {
    case 'criterion':
      return {
        type: 'list',
        allowBlank: true,
        formulae: [listFormula([MET, NOT_MET])],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: 'Giá trị không hợp lệ',
        error: `Chọn "${MET}" hoặc "${NOT_MET}".`,
      };
    case 'choice':
      return col.choices && col.choices.length > 0
        ? {
            type: 'list',
            allowBlank: true,
            formulae: [listFormula(col.choices)],
            showErrorMessage: true,
            errorStyle: 'warning',
            errorTitle: 'Giá trị không hợp lệ',
            error: `Chọn một trong: ${col.choices.join(', ')}.`,
          }
        : undefined;
    case 'count':
      return {
        type: 'whole',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Số không hợp lệ',
        error: 'Nhập số nguyên không âm (số hộ, số xã...).',
      };
    case 'year':
      return {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [1990, 2100],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Năm không hợp lệ',
        error: 'Nhập năm gồm 4 chữ số, ví dụ 2018.',
      };
    default:
      return undefined;
  }
}

function numFmtFor(col: LayoutColumn): string | undefined {
  switch (col.kind) {
    case 'code':
      return NUM_FMT.text;
    case 'count':
      return NUM_FMT.int;
    case 'date':
      return NUM_FMT.date;
    case 'year':
      return '0';
    default:
      return undefined;
  }
}

/** Writes a raw value as staff would have typed it: strings stay text, errors stay errors. */
function writeRaw(cell: ExcelJS.Cell, value: RawCell): void {
  if (value === null) return;
  if (isFormulaError(value)) {
    cell.value = EXCEL_ERRORS.has(value.error) ? ({ error: value.error } as ExcelJS.CellErrorValue) : value.error;
    return;
  }
  cell.value = value;
  if (value instanceof Date && !cell.numFmt) cell.numFmt = NUM_FMT.date;
}

function renderTable(wb: ExcelJS.Workbook, sheet: TableSheetLayout): void {
  const ws = wb.addWorksheet(sheet.name);
  const header = headerRowOf(sheet);
  const cols = sheet.columns;

  // Column styles first: cells created later inherit them, so rows staff add below the data are
  // unlocked and codes typed there are text too.
  cols.forEach((col, i) => {
    const column = ws.getColumn(i + 1);
    column.width = col.width;
    const numFmt = numFmtFor(col);
    const style: Partial<ExcelJS.Style> = { protection: { locked: col.locked === true } };
    if (numFmt) style.numFmt = numFmt;
    column.style = style;
  });

  sheet.titleRows.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    if (i === 0) applyLook(cell, 'title');
    else cell.font = { italic: true };
    cell.protection = { locked: true };
  });

  const headerCells = ws.getRow(header);
  let lines = 1;
  cols.forEach((col, i) => {
    const cell = headerCells.getCell(i + 1);
    cell.value = col.header;
    applyLook(cell, 'header');
    cell.numFmt = 'General';
    cell.protection = { locked: true };
    lines = Math.max(lines, Math.ceil((col.header.length + 1) / Math.max(1, col.width - 1)));
  });
  // Wrapped headers need the height Excel would not compute by itself on open.
  headerCells.height = Math.min(15 * lines + 4, 120);

  sheet.rows.forEach((values, r) => {
    const row = ws.getRow(header + 1 + r);
    values.forEach((value, c) => writeRaw(row.getCell(c + 1), value));
  });

  const lastValidatedRow = header + sheet.rows.length + sheet.spareRows;
  cols.forEach((col, i) => {
    const dv = validationFor(col);
    if (!dv) return;
    for (let r = header + 1; r <= lastValidatedRow; r++) ws.getCell(r, i + 1).dataValidation = dv;
  });

  ws.views = [
    {
      state: 'frozen',
      xSplit: sheet.freezeColumns,
      ySplit: header,
      topLeftCell: a1(header + 1, sheet.freezeColumns + 1),
    },
  ];
  if (cols.length > 0) ws.autoFilter = { from: { row: header, column: 1 }, to: { row: header, column: cols.length } };
  if (sheet.protectHeader) {
    // protect() only fills in sheetProtection synchronously; the returned promise adds nothing.
    void ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatCells: true,
      formatColumns: true,
      formatRows: true,
      insertRows: true,
      deleteRows: true,
      sort: true,
      autoFilter: true,
    });
  }
}

function renderNotes(wb: ExcelJS.Workbook, sheet: NotesSheetLayout): void {
  const ws = wb.addWorksheet(sheet.name);
  ws.getColumn(1).width = sheet.width;
  const title = ws.getCell(1, 1);
  title.value = sheet.title;
  applyLook(title, 'title');
  sheet.lines.forEach((line, i) => {
    const cell = ws.getCell(i + 3, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: 'top' };
    // Excel and LibreOffice do not size rows on open: a wrapped line gets the height of its lines.
    const lines = Math.ceil(line.length / (sheet.width * 1.1));
    if (lines > 1) ws.getRow(i + 3).height = 15 * lines;
  });
  // A 90-character column is wider than portrait A4 (LibreOffice 7.4 does not fit it to the page):
  // landscape holds it whole, and fitting to the width covers a wider one.
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/** Turns a workbook description into an exceljs workbook (not yet saved). */
export function renderWorkbookLayout(layout: WorkbookLayout): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ntp-monitor';
  for (const sheet of layout.sheets) {
    if (sheet.kind === 'table') renderTable(wb, sheet);
    else renderNotes(wb, sheet);
  }
  return wb;
}
