import { a1, type A1Cell } from '../domain/ids.js';
import type { HeaderMap } from './header-map.js';
import type { IssueCode, Severity, SheetIssue } from '../domain/issue.js';
import { isBlank, rawToText, type RawCell, type RawSheet } from './raw-sheet.js';

/** One data row below a mapped header, with the field-level accessors every tab reader needs. */
export interface DataRow {
  /** 1-based sheet row. */
  row: number;
  /** The field's cell, null when blank or when the (optional) column is absent. */
  raw(field: string): RawCell;
  /** The field's cell as trimmed text ('' when blank or absent). */
  text(field: string): string;
  /** A1 of the field's cell, undefined when the column is absent. */
  cell(field: string): A1Cell | undefined;
  /** Records an issue about the field's cell; an `error` marks the row as rejected. */
  report(code: IssueCode, severity: Severity, field: string, message: string, hint: string): void;
  /** True once an error was reported on this row. */
  hasError(): boolean;
}

/**
 * Visits the data rows below the header: rows whose cells are all blank are skipped, so data ends
 * at the last non-blank row. Issues go to `issues` with the tab, the cell and the value as read.
 */
export function forEachDataRow(sheet: RawSheet, header: HeaderMap, issues: SheetIssue[], visit: (row: DataRow) => void): void {
  if (header.headerRow === undefined) return;
  for (let r = header.headerRow + 1; r <= sheet.rows.length; r++) {
    const cells = sheet.rows[r - 1];
    if (cells === undefined || cells.every((v) => isBlank(v))) continue;
    let error = false;
    const raw = (field: string): RawCell => {
      const c = header.columns.get(field);
      const v = c === undefined ? null : (cells[c - 1] ?? null);
      return isBlank(v) ? null : v;
    };
    const cell = (field: string): A1Cell | undefined => {
      const c = header.columns.get(field);
      return c === undefined ? undefined : a1(r, c);
    };
    visit({
      row: r,
      raw,
      text: (field) => rawToText(raw(field)).trim(),
      cell,
      report: (code, severity, field, message, hint) => {
        if (severity === 'error') error = true;
        const issue: SheetIssue = { code, severity, tab: sheet.name, value: rawToText(raw(field)).trim(), message, hint };
        const at = cell(field);
        if (at !== undefined) issue.cell = at;
        issues.push(issue);
      },
      hasError: () => error,
    });
  }
}
