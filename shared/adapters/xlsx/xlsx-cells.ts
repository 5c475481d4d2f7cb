import type ExcelJS from 'exceljs';
import type { RawCell } from '../../forms/raw-sheet.js';

/**
 * Marker for a formula cell saved without a cached result (files written by tools that do not
 * calculate, exceljs included). The parser reports it as a formula error instead of reading blank.
 */
export const NO_RESULT_ERROR = '#NO_RESULT';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

function richTextToString(v: unknown): string | undefined {
  if (isRecord(v) && Array.isArray(v.richText)) {
    return v.richText.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  return undefined;
}

/** Converts a plain value or a formula's cached result. */
function scalarToRaw(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { error: '#NUM!' };
  if (isRecord(v)) {
    if (typeof v.error === 'string') return { error: v.error };
    const rich = richTextToString(v);
    if (rich !== undefined) return rich;
    // Hyperlink: { text, hyperlink }, where text may itself be rich text.
    if ('hyperlink' in v) {
      if (typeof v.text === 'string') return v.text;
      return richTextToString(v.text) ?? '';
    }
  }
  return null;
}

/**
 * One exceljs cell as the gateway delivers it (see RawCell). exceljs never calculates: a formula
 * cell carries only the result cached by the program that saved the file, which may be absent.
 * Slave cells of a merged range read as null, like Google Sheets, so a merged title is read once.
 */
export function cellToRaw(cell: ExcelJS.Cell): RawCell {
  const v: unknown = cell.value;
  if (cell.isMerged && cell.master !== cell) return null;
  if (isRecord(v) && ('formula' in v || 'sharedFormula' in v)) {
    if (!('result' in v) || v.result === undefined) return { error: NO_RESULT_ERROR };
    return scalarToRaw(v.result);
  }
  return scalarToRaw(v);
}

const isEmpty = (v: RawCell): boolean => v === null;

/**
 * The used range of a worksheet, row 1 first, with trailing empty cells of every row and trailing
 * empty rows removed (an empty row inside the data is an empty array).
 */
export function worksheetToRows(ws: ExcelJS.Worksheet): RawCell[][] {
  const rows: RawCell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const raw = cellToRaw(cell);
      if (isEmpty(raw)) return;
      while (cells.length < colNumber - 1) cells.push(null);
      cells[colNumber - 1] = raw;
    });
    if (cells.length === 0) return;
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = cells;
  });
  return rows;
}
