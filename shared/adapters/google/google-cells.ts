import type { sheets_v4 } from '@googleapis/sheets';
import type { RawCell } from '../../forms/raw-sheet.js';

/**
 * Cells as Google delivers them in grid data (`effectiveValue`), turned into RawCell: numbers
 * arrive as JSON numbers (never in the spreadsheet locale's `1.955,5` rendering), booleans as
 * booleans, a formula as its result, and a date cell as its serial number (days since
 * 1899-12-30). Dates are returned as those numbers, not converted: whether a number is a date
 * depends on the column, which only the parser knows, and the only date the product reads is
 * `Hạn nộp` in the control sheet, which the parser accepts as dd/mm/yyyy text or as a serial number.
 * A formula error becomes `{ error }` with its code (`#REF!`).
 */
const ERROR_CODES: Record<string, string> = {
  NULL_VALUE: '#NULL!',
  DIVIDE_BY_ZERO: '#DIV/0!',
  VALUE: '#VALUE!',
  REF: '#REF!',
  NAME: '#NAME?',
  NUM: '#NUM!',
  N_A: '#N/A',
  ERROR: '#ERROR!',
  LOADING: '#LOADING',
};

/** One cell of `spreadsheets.get` grid data (`effectiveValue`). */
export function effectiveToRaw(value: sheets_v4.Schema$ExtendedValue | undefined): RawCell {
  if (!value) return null;
  if (typeof value.numberValue === 'number') return value.numberValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (typeof value.stringValue === 'string') return value.stringValue === '' ? null : value.stringValue;
  if (value.errorValue) return { error: ERROR_CODES[value.errorValue.type ?? 'ERROR'] ?? '#ERROR!' };
  return null;
}

/** Drops trailing empty cells of each row and trailing empty rows. */
export function trimRows(rows: RawCell[][]): RawCell[][] {
  const out = rows.map((row) => {
    let end = row.length;
    while (end > 0 && row[end - 1] === null) end -= 1;
    return row.slice(0, end);
  });
  let last = out.length;
  while (last > 0 && (out[last - 1]?.length ?? 0) === 0) last -= 1;
  return out.slice(0, last);
}

/** Grid data of one tab from spreadsheets.get, as trimmed RawCell rows. */
export function gridDataRows(data: sheets_v4.Schema$GridData[] | undefined): RawCell[][] {
  const rows: RawCell[][] = [];
  for (const block of data ?? []) {
    const startRow = block.startRow ?? 0;
    const startColumn = block.startColumn ?? 0;
    (block.rowData ?? []).forEach((rowData, i) => {
      const r = startRow + i;
      const row = (rows[r] ??= []);
      (rowData.values ?? []).forEach((cell, j) => {
        const c = startColumn + j;
        while (row.length < c) row.push(null);
        row[c] = effectiveToRaw(cell.effectiveValue);
      });
    });
  }
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return trimRows(rows);
}
