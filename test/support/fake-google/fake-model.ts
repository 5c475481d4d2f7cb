/**
 * The in-memory state behind the fake Google server: Drive files (folders and spreadsheets) and
 * the content of each spreadsheet (tabs with ids, grid size, cells with values, formats, notes).
 * Cells keep Google's own JSON shapes (CellData), so batchUpdate field masks apply to them as is.
 */
export interface ExtendedValue {
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  formulaValue?: string;
  errorValue?: { type: string; message?: string };
}

export interface FakeCell {
  userEnteredValue?: ExtendedValue;
  /** Set for seeded formula cells (the fake does not evaluate formulas). */
  effectiveValue?: ExtendedValue;
  userEnteredFormat?: Record<string, unknown>;
  note?: string;
  dataValidation?: Record<string, unknown>;
}

export interface FakeProtectedRange {
  protectedRangeId: number;
  range: Record<string, unknown>;
  description?: string;
  warningOnly?: boolean;
  editors?: { users?: string[] };
}

/** A row group as Sheets keeps it: a range of rows and its depth (1 = outermost). */
export interface FakeDimensionGroup {
  startIndex: number;
  endIndex: number;
  depth: number;
}

/** An embedded chart as addChart left it (the spec and position as sent, with its id). */
export interface FakeChart {
  chartId: number;
  spec: Record<string, unknown>;
  position: Record<string, unknown>;
}

export interface FakeSheet {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  frozenColumnCount: number;
  /** rows[r][c]; missing entries are empty cells. */
  cells: (FakeCell | undefined)[][];
  columnWidths: Record<number, number>;
  rowHeights: Record<number, number>;
  protectedRanges: FakeProtectedRange[];
  rowGroups: FakeDimensionGroup[];
  charts: FakeChart[];
  rowGroupControlAfter?: boolean;
}

export interface FakeSpreadsheet {
  spreadsheetId: string;
  title: string;
  locale: string;
  timeZone: string;
  sheets: FakeSheet[];
  nextProtectedRangeId: number;
}

export interface FakePermission {
  id: string;
  type: string;
  role: string;
  emailAddress?: string;
}

export interface FakeFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  trashed: boolean;
  createdMs: number;
  modifiedMs: number;
  version: number;
  lastModifyingUser: string;
  owner: string;
  permissions: FakePermission[];
}

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** A value a test seeds into a cell: plain values, or a formula with its (error) result. */
export type SeedCell = string | number | boolean | null | { formula: string; result: string | number | { error: string } };

const ERROR_TYPES: Record<string, string> = {
  '#NULL!': 'NULL_VALUE',
  '#DIV/0!': 'DIVIDE_BY_ZERO',
  '#VALUE!': 'VALUE',
  '#REF!': 'REF',
  '#NAME?': 'NAME',
  '#NUM!': 'NUM',
  '#N/A': 'N_A',
  '#ERROR!': 'ERROR',
};
const ERROR_CODES: Record<string, string> = Object.fromEntries(Object.entries(ERROR_TYPES).map(([code, type]) => [type, code]));

export function seedToCell(seed: SeedCell): FakeCell | undefined {
  if (seed === null) return undefined;
  if (typeof seed === 'string') return seed === '' ? undefined : { userEnteredValue: { stringValue: seed } };
  if (typeof seed === 'number') return { userEnteredValue: { numberValue: seed } };
  if (typeof seed === 'boolean') return { userEnteredValue: { boolValue: seed } };
  const r = seed.result;
  const effectiveValue: ExtendedValue =
    typeof r === 'string'
      ? { stringValue: r }
      : typeof r === 'number'
        ? { numberValue: r }
        : { errorValue: { type: ERROR_TYPES[r.error] ?? 'ERROR', message: `seeded ${r.error}` } };
  return { userEnteredValue: { formulaValue: seed.formula }, effectiveValue };
}

/** The value a cell shows: its formula's result when it has one. */
export function effectiveOf(cell: FakeCell | undefined): ExtendedValue | undefined {
  if (!cell) return undefined;
  if (cell.effectiveValue) return cell.effectiveValue;
  const v = cell.userEnteredValue;
  if (!v) return undefined;
  if (v.formulaValue !== undefined) return { errorValue: { type: 'NAME', message: 'The fake does not evaluate formulas.' } };
  return v;
}

/** valueRenderOption=UNFORMATTED_VALUE: numbers and booleans as JSON, errors as their code, empty as "". */
export function unformatted(cell: FakeCell | undefined): string | number | boolean {
  const v = effectiveOf(cell);
  if (!v) return '';
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.errorValue) return ERROR_CODES[v.errorValue.type] ?? '#ERROR!';
  return '';
}

/** FORMATTED_VALUE, roughly (the fake has no number formats engine): what a test may look at. */
export function formatted(cell: FakeCell | undefined): string {
  const v = unformatted(cell);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

export function isEmptyCell(cell: FakeCell | undefined): boolean {
  return cell === undefined || Object.keys(cell).length === 0;
}

export function newSheet(sheetId: number, title: string, rowCount = 1000, columnCount = 26): FakeSheet {
  return {
    sheetId,
    title,
    rowCount,
    columnCount,
    frozenRowCount: 0,
    frozenColumnCount: 0,
    cells: [],
    columnWidths: {},
    rowHeights: {},
    protectedRanges: [],
    rowGroups: [],
    charts: [],
  };
}

export function cellAt(sheet: FakeSheet, row: number, column: number): FakeCell | undefined {
  return sheet.cells[row]?.[column];
}

export function putCell(sheet: FakeSheet, row: number, column: number, cell: FakeCell | undefined): void {
  const r = (sheet.cells[row] ??= []);
  r[column] = cell === undefined || isEmptyCell(cell) ? undefined : cell;
}

/** Cuts cells outside a (shrunk) grid. */
export function clipToGrid(sheet: FakeSheet): void {
  sheet.cells.length = Math.min(sheet.cells.length, sheet.rowCount);
  for (const row of sheet.cells) if (row) row.length = Math.min(row.length, sheet.columnCount);
}
