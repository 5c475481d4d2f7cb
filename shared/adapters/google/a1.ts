/**
 * A1 notation as the Sheets API reads it. Tab names are always quoted: Vietnamese names contain
 * spaces and non-ASCII letters, and a bare name that looks like a cell (`NTM1`) would be read as one.
 */

/** `'Giảm nghèo'`, with embedded single quotes doubled (`Xã 'A'` -> `'Xã ''A'''`). */
export function quoteTabName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Columns read from every input tab, A..AZ: forms have at most ~25 columns, AZ leaves room for extras. */
export const READ_COLUMN_COUNT = 52;

export { columnLetters } from '../../domain/ids.js';

/** Zero-based grid coordinates of an A1 cell (`C7` -> row 6, column 2); `$` anchors are ignored. */
export interface GridCell {
  rowIndex: number;
  columnIndex: number;
}

export function parseA1Cell(cell: string): GridCell | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(cell.trim());
  if (!m) return undefined;
  const letters = (m[1] ?? '').toUpperCase();
  const row = Number(m[2]);
  if (row < 1) return undefined;
  let column = 0;
  for (const ch of letters) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { rowIndex: row - 1, columnIndex: column - 1 };
}
