/**
 * A1 ranges as the Sheets API resolves them, written independently of the adapter's own A1 code
 * so a shared mistake cannot hide. Forms: `'Tab name'!A1:C9`, `Tab!A:AZ`, `Tab!A2:C`, `Tab!1:3`,
 * `Tab` (whole tab), `A1:B2` (first tab). Tab names match case-insensitively; an unknown tab or a
 * malformed range is Google's 400 `Unable to parse range: <range>`.
 */
export interface TitledGrid {
  title: string;
  rowCount: number;
  columnCount: number;
}

/** Half-open bounds, already clipped to the grid. */
export interface ResolvedRange<S extends TitledGrid> {
  sheet: S;
  startRow: number;
  endRow: number;
  startColumn: number;
  endColumn: number;
}

export class RangeParseError extends Error {
  constructor(readonly range: string) {
    super(`Unable to parse range: ${range}`);
    this.name = 'RangeParseError';
  }
}

function lettersToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function indexToLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

interface Corner {
  column?: number;
  row?: number;
}

function corner(token: string): Corner | undefined {
  const m = /^\$?([A-Za-z]{0,3})\$?(\d{0,7})$/.exec(token);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const c: Corner = {};
  if (m[1]) c.column = lettersToIndex(m[1]);
  if (m[2]) {
    const row = Number(m[2]);
    if (row < 1) return undefined;
    c.row = row - 1;
  }
  return c;
}

/** Splits `'It''s'!A1` into the title and the cell part; undefined title when there is no `!`. */
function splitSheet(range: string): { title?: string; cells?: string } | undefined {
  if (range.startsWith("'")) {
    let i = 1;
    let title = '';
    for (;;) {
      if (i >= range.length) return undefined;
      const ch = range.charAt(i);
      if (ch === "'") {
        if (range.charAt(i + 1) === "'") {
          title += "'";
          i += 2;
          continue;
        }
        i += 1;
        break;
      }
      title += ch;
      i += 1;
    }
    if (i === range.length) return { title };
    if (range.charAt(i) !== '!') return undefined;
    return { title, cells: range.slice(i + 1) };
  }
  const bang = range.lastIndexOf('!');
  if (bang < 0) return { cells: range };
  return { title: range.slice(0, bang), cells: range.slice(bang + 1) };
}

function cellBounds(cells: string, grid: TitledGrid): Omit<ResolvedRange<TitledGrid>, 'sheet'> | undefined {
  const parts = cells.split(':');
  if (parts.length > 2) return undefined;
  const a = corner(parts[0] ?? '');
  if (!a) return undefined;
  if (parts.length === 1) {
    if (a.row === undefined || a.column === undefined) return undefined;
    return { startRow: a.row, endRow: a.row + 1, startColumn: a.column, endColumn: a.column + 1 };
  }
  const b = corner(parts[1] ?? '');
  if (!b) return undefined;
  // `A:B` (columns), `1:3` (rows), `A2:C` (open end) are all valid; `A:3` style mixes are not.
  if ((a.column === undefined) !== (b.column === undefined) && a.row === undefined) return undefined;
  const r0 = a.row ?? 0;
  const r1 = b.row ?? grid.rowCount - 1;
  const c0 = a.column ?? 0;
  const c1 = b.column ?? grid.columnCount - 1;
  return {
    startRow: Math.min(r0, r1),
    endRow: Math.max(r0, r1) + 1,
    startColumn: Math.min(c0, c1),
    endColumn: Math.max(c0, c1) + 1,
  };
}

export function findTitle<S extends TitledGrid>(sheets: readonly S[], title: string): S | undefined {
  return sheets.find((s) => s.title === title) ?? sheets.find((s) => s.title.toLowerCase() === title.toLowerCase());
}

export function resolveRange<S extends TitledGrid>(sheets: readonly S[], range: string): ResolvedRange<S> {
  const split = splitSheet(range.trim());
  if (!split) throw new RangeParseError(range);
  let sheet: S | undefined;
  let cells = split.cells;
  if (split.title === undefined) {
    // No `!`: a cell range on the first tab, else the name of a tab.
    const first = sheets[0];
    if (first && cells !== undefined && cellBounds(cells, first)) sheet = first;
    else {
      sheet = findTitle(sheets, cells ?? '');
      cells = undefined;
    }
  } else sheet = findTitle(sheets, split.title);
  if (!sheet) throw new RangeParseError(range);
  const whole = { startRow: 0, endRow: sheet.rowCount, startColumn: 0, endColumn: sheet.columnCount };
  const bounds = cells === undefined || cells === '' ? whole : cellBounds(cells, sheet);
  if (!bounds) throw new RangeParseError(range);
  // Reads past the grid are clipped to it, as Google does.
  return {
    sheet,
    startRow: Math.min(bounds.startRow, sheet.rowCount),
    endRow: Math.min(bounds.endRow, sheet.rowCount),
    startColumn: Math.min(bounds.startColumn, sheet.columnCount),
    endColumn: Math.min(bounds.endColumn, sheet.columnCount),
  };
}

/** Google echoes ranges with the real title, quoted when it is not a plain word. */
export function echoRange(r: ResolvedRange<TitledGrid>): string {
  const t =
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(r.sheet.title) && !/^[A-Za-z]{1,3}\d+$/.test(r.sheet.title) ? r.sheet.title : `'${r.sheet.title.replace(/'/g, "''")}'`;
  const endRow = Math.max(r.endRow, r.startRow + 1);
  const endColumn = Math.max(r.endColumn, r.startColumn + 1);
  return `${t}!${indexToLetters(r.startColumn)}${r.startRow + 1}:${indexToLetters(endColumn - 1)}${endRow}`;
}
