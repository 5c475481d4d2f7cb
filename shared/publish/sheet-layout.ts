import type { NumberCellFormat, TabCell, TabPrint, TabWrite, TextCellStyle } from '../ports/workbook-gateway.js';
import type { IndicatorKind } from '../indicators/catalogue.js';
import type { StatusStyle } from './labels.js';

export type NumberFormat = Exclude<NumberCellFormat, 'date' | 'datetime'>;

/** Days from the spreadsheet epoch (1899-12-30) to the Unix epoch: serial day numbers of .xlsx and Sheets alike. */
const SERIAL_UNIX_EPOCH = 25_569;
const DAY_MS = 86_400_000;
/** Instants shown to people are in Vietnam time (UTC+7, no daylight saving), whatever the machine's zone. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** A date cell for an ISO day (`2018-12-20`), or an empty cell. */
export function dateCell(isoDay: string | undefined): TabCell {
  if (isoDay === undefined) return null;
  const ms = Date.parse(`${isoDay.slice(0, 10)}T00:00:00.000Z`);
  return Number.isNaN(ms) ? isoDay : { value: ms / DAY_MS + SERIAL_UNIX_EPOCH, format: 'date' };
}

/** A date-and-time cell for an ISO instant, at Vietnam's wall-clock time to the minute, or an empty cell. */
export function dateTimeCell(iso: string | undefined): TabCell {
  if (iso === undefined) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const minutes = Math.round((ms + VIETNAM_OFFSET_MS) / 60_000);
  // Whole minutes as an exact fraction of the day, rounded so equal inputs give equal cells.
  return { value: Math.round((minutes / 1440 + SERIAL_UNIX_EPOCH) * 1e8) / 1e8, format: 'datetime' };
}

/**
 * Two decimals, the precision the plans print. Stored values stay unrounded; the sheet is a
 * display, and rounding here also keeps float noise (a sum taken in another order) from changing
 * the summary's content key. `-0` becomes `0` so equal inputs give deeply equal cells.
 */
export function round2(value: number): number {
  const r = Math.round(value * 100) / 100;
  return r === 0 ? 0 : r;
}

/** A number cell, or an empty cell when there is no value. */
export function numberCell(value: number | undefined, format: NumberFormat): TabCell {
  if (value === undefined || !Number.isFinite(value)) return null;
  return { value: format === 'int' && Number.isInteger(value) ? value : round2(value), format };
}

/**
 * The cell for a value of an indicator kind. A count that is not whole (a projection paced to the
 * deadline) is shown with decimals rather than silently rounded.
 */
export function indicatorCell(value: number | undefined, kind: IndicatorKind | undefined): TabCell {
  if (value === undefined) return null;
  switch (kind) {
    case 'percent':
      return numberCell(value, 'percent');
    case 'average':
    case 'pp':
      return numberCell(value, 'decimal');
    default:
      return numberCell(value, Number.isInteger(value) ? 'int' : 'decimal');
  }
}

/** A text cell with a style, or plain text when there is none. */
export function styledCell(value: string, style: StatusStyle | TextCellStyle | undefined): TabCell {
  return style === undefined ? value : { value, style };
}

/** A name shown at a depth of the hierarchy: indentation formatting, the name itself untouched. */
export function indentedCell(value: string, depth: number): TabCell {
  return depth > 0 ? { value, indent: Math.min(depth, 5) } : value;
}

/** A long text that wraps within its column. */
export const wrappedCell = (value: string): TabCell => ({ value, wrap: true });

/** A cell with a note (comment) saying why it shows what it shows. */
export function withNote(cell: TabCell, note: string): TabCell {
  if (cell === null) return { value: '', note };
  if (typeof cell === 'string') return { value: cell, note };
  if (typeof cell === 'number') return { value: cell, format: 'decimal', note };
  return { ...cell, note };
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Characters a cell needs when shown (numbers as Vietnamese writing would print them, roughly). */
function cellLength(cell: TabCell | undefined): number {
  if (cell === null || cell === undefined) return 0;
  if (typeof cell === 'string') return cell.length;
  if (typeof cell === 'number') return String(cell).length;
  if (!('format' in cell)) return cell.value.length + 2 * Math.min(5, cell.indent ?? 0);
  if (cell.format === 'date') return 10;
  if (cell.format === 'datetime') return 16;
  // As printed: the whole part with its thousands separators, two decimals where the format has them, a percent sign.
  const digits = String(Math.trunc(Math.abs(cell.value))).length + (cell.value < 0 ? 1 : 0);
  const decimals = cell.format === 'int' ? 0 : 3;
  return digits + Math.floor((digits - 1) / 3) + decimals + (cell.format === 'percent' ? 1 : 0);
}

/** Widths that fit the header and the body, within bounds (a long message wraps past 60). */
export function fitWidths(rows: readonly (readonly TabCell[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cellLength(cell));
    });
  }
  return Array.from(widths, (w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, (w ?? 0) + 2)));
}

export interface TableSheet {
  name: string;
  title: string;
  /** Lines between the title and the blank row above the header (e.g. `Cập nhật: ...`). */
  meta: readonly TabCell[][];
  headers: readonly string[];
  body: readonly TabCell[][];
  /** Rows after the body (totals, notes) that should not widen the columns. */
  footer?: readonly TabCell[][];
  /** Leading columns (code and name) kept in view while scrolling right. */
  freezeColumns?: number;
  /** Outline level of each body row (the hierarchy's depth), for grouping. */
  bodyLevels?: readonly number[];
  /** Widest a column may get (characters); a wrapped text column gets its width from here. */
  maxWidths?: Readonly<Record<number, number>>;
  /**
   * Let long headers wrap instead of widening their columns: a column is then as wide as its
   * longest header word or a third of the header, unless the body needs more (a 56-column table
   * prints twice as large fitted to a page).
   */
  wrapHeaders?: boolean;
}

const longestWord = (text: string): number => text.split(/\s+/).reduce((m, w) => Math.max(m, w.length), 0);

/** Row heights in points: a 14 pt title needs room for its tone marks, a 12 pt heading too. */
export const TITLE_ROW_HEIGHT = 24;
export const HEADING_ROW_HEIGHT = 20;
const LINE_HEIGHT = 15;
/** Excel's and LibreOffice's tallest row (409 pt). */
const MAX_ROW_HEIGHT = 409;

/** Lines a text needs in a column of `width` characters (a word that does not fit starts a line). */
function linesFor(text: string, width: number): number {
  const room = Math.max(1, width - 1);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines += 1;
    for (const word of paragraph.split(/\s+/)) {
      if (word === '') continue;
      const need = line === 0 ? word.length : line + 1 + word.length;
      if (need <= room) line = need;
      else {
        lines += line === 0 ? Math.ceil(word.length / room) - 1 : Math.ceil(word.length / room);
        line = word.length % room;
      }
    }
  }
  return Math.max(1, lines);
}

/** The height a row of wrapping cells needs, or undefined for a one-line row. */
export function wrappedRowHeight(row: readonly TabCell[], widths: readonly number[], header = false): number | undefined {
  let lines = 1;
  row.forEach((cell, c) => {
    const wraps = header ? true : cell !== null && typeof cell === 'object' && 'wrap' in cell && cell.wrap === true;
    if (!wraps || cell === null || typeof cell === 'number') return;
    const text = typeof cell === 'string' ? cell : typeof cell.value === 'string' ? cell.value : '';
    lines = Math.max(lines, linesFor(text, widths[c] ?? 10));
  });
  return lines > 1 ? Math.min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3) : undefined;
}

/** A4 landscape, fit to the page width, the rows down to the header on every page. */
export const printSetup = (repeatRows: number): TabPrint => ({ orientation: 'landscape', fitToWidth: true, repeatRows });

/**
 * The common layout of every tab the pipeline writes: a title row, meta rows, a blank row, then the
 * header row (frozen, styled) and the table; rows tall enough for the title, the wrapped header
 * and wrapped cells; printed on A4 landscape with the rows down to the header repeated.
 */
export function tableSheet(sheet: TableSheet): TabWrite {
  const header: TabCell[] = sheet.headers.map((h) => ({ value: h, style: 'header' }));
  const top: TabCell[][] = [[{ value: sheet.title, style: 'title' }], ...sheet.meta.map((r) => [...r]), []];
  const headerNeeds: TabCell[] = sheet.wrapHeaders === true ? sheet.headers.map((h) => 'x'.repeat(Math.max(longestWord(h), Math.ceil(h.length / 3)))) : header;
  const widths = fitWidths([headerNeeds, ...sheet.body]).map((w, i) => Math.min(w, sheet.maxWidths?.[i] ?? w));
  const rows = [...top, header, ...sheet.body.map((r) => [...r]), ...(sheet.footer ?? []).map((r) => [...r])];
  const headerRow = top.length + 1;
  const rowHeights: (number | undefined)[] = rows.map((r, i) => (i === headerRow - 1 ? wrappedRowHeight(r, widths, true) : wrappedRowHeight(r, widths)));
  rowHeights[0] = TITLE_ROW_HEIGHT;
  const tab: TabWrite = { name: sheet.name, rows, widths, headerRow, rowHeights, print: printSetup(headerRow) };
  if (sheet.freezeColumns !== undefined && sheet.freezeColumns > 0) tab.freezeColumns = sheet.freezeColumns;
  if (sheet.bodyLevels !== undefined && sheet.bodyLevels.some((l) => l > 0)) tab.rowLevels = [...top.map(() => 0), 0, ...sheet.bodyLevels];
  return tab;
}
