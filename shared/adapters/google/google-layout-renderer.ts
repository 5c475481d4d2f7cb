import { isFormulaError, type RawCell } from '../../forms/raw-sheet.js';
import { MET, NOT_MET } from '../../forms/tab-specs.js';
import type { TabCell } from '../../ports/workbook-gateway.js';
import { headerRowOf, type LayoutColumn, type NotesSheetLayout, type TableSheetLayout, type WorkbookLayout } from '../../templates/sheet-layout.js';
import type { DropdownSpec } from './sheet-requests.js';
import type { GoogleTabTemplate } from './write-plan.js';

/**
 * The templates' plain-data workbook descriptions (shared/templates/sheet-layout.ts) as Google
 * tabs, mirroring what xlsx-layout-renderer makes of them: the same tab names, title and header
 * rows, column widths, frozen header row, header rows protected (tables with protectHeader) and
 * the same dropdowns (criterion cells `Đạt`/`Chưa đạt`, choice columns) over the data rows and
 * the spare rows below them.
 *
 * What Sheets gets differently: the xlsx whole-number and year validations have no dropdown
 * equivalent here and are left out (the parser checks those values anyway).
 */

const pad = (n: number): string => String(n).padStart(2, '0');

/** A template's value as a Sheets cell: text stays text (codes keep their zeros), dates as dd/mm/yyyy text. */
function cellOf(value: RawCell): TabCell {
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if (isFormulaError(value)) return value.error;
  return null;
}

function dropdownValues(col: LayoutColumn): readonly string[] | undefined {
  if (col.kind === 'criterion') return [MET, NOT_MET];
  if (col.kind === 'choice' && col.choices && col.choices.length > 0) return col.choices;
  return undefined;
}

function tableTab(sheet: TableSheetLayout): GoogleTabTemplate {
  const header = headerRowOf(sheet);
  const rows: TabCell[][] = sheet.titleRows.map((text, i) => [i === 0 ? { value: text, style: 'title' } : text]);
  rows.push(sheet.columns.map((c) => c.header));
  for (const values of sheet.rows) rows.push(values.map(cellOf));
  const lastRow = header + sheet.rows.length + sheet.spareRows;
  const dropdowns: DropdownSpec[] = [];
  sheet.columns.forEach((col, i) => {
    const values = dropdownValues(col);
    if (values && lastRow > header) dropdowns.push({ fromRow: header + 1, toRow: lastRow, fromColumn: i + 1, toColumn: i + 1, values });
  });
  const tab: GoogleTabTemplate = {
    name: sheet.name,
    rows,
    widths: sheet.columns.map((c) => c.width),
    headerRow: header,
    gridRows: lastRow,
    dropdowns,
  };
  if (sheet.freezeColumns > 0) tab.freezeColumns = sheet.freezeColumns;
  if (sheet.protectHeader) {
    tab.protectRows = header;
    // Locked columns (the DTTS plan) are protected over the data rows, as the xlsx renderer locks them.
    const blocks = sheet.columns.flatMap((col, i) =>
      col.locked === true && lastRow > header ? [{ fromRow: header + 1, toRow: lastRow, fromColumn: i + 1, toColumn: i + 1 }] : [],
    );
    if (blocks.length > 0) tab.protectBlocks = blocks;
  }
  return tab;
}

function notesTab(sheet: NotesSheetLayout): GoogleTabTemplate {
  return {
    name: sheet.name,
    rows: [[{ value: sheet.title, style: 'title' }], [], ...sheet.lines.map((line) => [line])],
    widths: [sheet.width],
  };
}

/** Every sheet of a layout as a tab to create (see GoogleWorkbookGateway.createSpreadsheet). */
export function googleTabsOfLayout(layout: WorkbookLayout): GoogleTabTemplate[] {
  return layout.sheets.map((s) => (s.kind === 'table' ? tableTab(s) : notesTab(s)));
}
