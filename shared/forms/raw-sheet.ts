/**
 * A cell as delivered by any workbook gateway (exceljs or Google Sheets UNFORMATTED_VALUE).
 * Dates arrive as JS Date; formula errors (`#REF!`...) as `{ error }`; empty cells as null.
 */
export type RawCell = string | number | boolean | Date | { error: string } | null;

/** One tab's used range, row 1 first. `rows[r][c]` is the cell at row r+1, column c+1. */
export interface RawSheet {
  name: string;
  rows: RawCell[][];
}

/** Everything read from one workbook in one call. */
export interface RawWorkbook {
  sheets: RawSheet[];
  /**
   * The version of the content read (same form as WorkbookStat.version), when the gateway can
   * tell: the pipeline records it and passes it back as the write's expectedVersion.
   */
  version?: string;
}

export function isFormulaError(v: RawCell): v is { error: string } {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && 'error' in v;
}

/** Renders a raw value the way it should be quoted back to staff. */
export function rawToText(v: RawCell): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (isFormulaError(v)) return v.error;
  return String(v);
}

export function isBlank(v: RawCell | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}
