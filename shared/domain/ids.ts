/**
 * Domain identifiers. They are plain strings at run time; the brands stop a unit code from being
 * passed where an indicator id is expected.
 */
export type UnitCode = string & { readonly __brand: 'UnitCode' };
export type IndicatorId = string & { readonly __brand: 'IndicatorId' };
/** A cell address in A1 notation, e.g. `C7`. */
export type A1Cell = string & { readonly __brand: 'A1Cell' };
/** A period label as written in the control workbook: `2018`, `2018-Q3`, `2018-H1`, `2018-07`. */
export type PeriodId = string & { readonly __brand: 'PeriodId' };

export const unitCode = (s: string): UnitCode => s as UnitCode;
export const indicatorId = (s: string): IndicatorId => s as IndicatorId;
export const periodId = (s: string): PeriodId => s as PeriodId;

/** Converts a 1-based column number to letters: 1 -> A, 27 -> AA. */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Builds an A1 address from 1-based row and column numbers. */
export function a1(row: number, column: number): A1Cell {
  return `${columnLetters(column)}${row}` as A1Cell;
}
