import type { sheets_v4 } from '@googleapis/sheets';
import type { RawCell } from '../../forms/raw-sheet.js';

/**
 * Cells as Google delivers them, turned into RawCell.
 *
 * Reads use valueRenderOption=UNFORMATTED_VALUE and dateTimeRenderOption=SERIAL_NUMBER: numbers
 * arrive as JSON numbers (never in the spreadsheet locale's `1.955,5` rendering), booleans as
 * booleans, and a date cell as its serial number (days since 1899-12-30). Dates are returned as
 * those numbers, not converted: whether a number is a date depends on the column, which only the
 * parser knows, and the only date the product reads is `Hạn nộp` in the control sheet, which the
 * parser accepts as dd/mm/yyyy text or as a serial number.
 *
 * A formula error renders as its code (`#REF!`), which becomes `{ error }`.
 */
const FORMULA_ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#ERROR!', '#SPILL!', '#CALC!']);

/** One value of `values.batchGet` (UNFORMATTED_VALUE). */
export function unformattedToRaw(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value === '') return null;
    if (FORMULA_ERRORS.has(value)) return { error: value };
    return value;
  }
  return String(value);
}

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

/** One cell of `spreadsheets.get` grid data (`effectiveValue`), mapped the same way as unformattedToRaw. */
export function effectiveToRaw(value: sheets_v4.Schema$ExtendedValue | undefined): RawCell {
  if (!value) return null;
  if (typeof value.numberValue === 'number') return value.numberValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (typeof value.stringValue === 'string') return value.stringValue === '' ? null : value.stringValue;
  if (value.errorValue) return { error: ERROR_CODES[value.errorValue.type ?? 'ERROR'] ?? '#ERROR!' };
  return null;
}

/** Drops trailing empty cells of each row and trailing empty rows, as Google does in values responses. */
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

/** `values` of one ValueRange (absent when the range is empty) as trimmed RawCell rows. */
export function valueRangeRows(values: unknown[][] | null | undefined): RawCell[][] {
  return trimRows((values ?? []).map((row) => (Array.isArray(row) ? row.map(unformattedToRaw) : [])));
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
