import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import type { IndicatorKind } from '../indicators/catalogue.js';
import type { StatusStyle } from './labels.js';

export type NumberFormat = 'int' | 'decimal' | 'percent';

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
export function styledCell(value: string, style: StatusStyle | 'title' | 'header' | undefined): TabCell {
  return style === undefined ? value : { value, style };
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Characters a cell needs when shown (numbers as Vietnamese writing would print them, roughly). */
function cellLength(cell: TabCell | undefined): number {
  if (cell === null || cell === undefined) return 0;
  if (typeof cell === 'string') return cell.length;
  if (typeof cell === 'number') return String(cell).length;
  if (typeof cell.value === 'string') return cell.value.length;
  const digits = String(cell.value).length;
  // Thousands separators and a percent sign take room too.
  return digits + Math.floor(digits / 3) + ('format' in cell && cell.format === 'percent' ? 1 : 0);
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
}

/**
 * The common layout of every tab the pipeline writes: a title row, meta rows, a blank row, then the
 * header row (frozen, styled) and the table.
 */
export function tableSheet(sheet: TableSheet): TabWrite {
  const header: TabCell[] = sheet.headers.map((h) => ({ value: h, style: 'header' }));
  const top: TabCell[][] = [[{ value: sheet.title, style: 'title' }], ...sheet.meta.map((r) => [...r]), []];
  return {
    name: sheet.name,
    rows: [...top, header, ...sheet.body.map((r) => [...r]), ...(sheet.footer ?? []).map((r) => [...r])],
    widths: fitWidths([header, ...sheet.body]),
    headerRow: top.length + 1,
  };
}
