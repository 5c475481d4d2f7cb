/**
 * The plain-data layout of a written tab beyond its cell values: what people need to read a table
 * (frozen code and name columns, outline grouping of the hierarchy, rows tall enough for their
 * text, dates as dates, notes), to print it (A4 landscape, fit to width, header rows repeated) and
 * the overview's native charts. Both adapters render all of it (the .xlsx package writer and the
 * Google batchUpdate builder); neither needs to know what a summary is.
 */

/**
 * Formats of a number cell. `date` and `datetime` cells hold a serial day number (days since
 * 1899-12-30, fractions for the time of day, in Vietnam time), which is how both .xlsx and Google
 * Sheets store dates: a date cell sorts and filters as a date in either.
 */
export type NumberCellFormat = 'int' | 'decimal' | 'percent' | 'date' | 'datetime';

/** Looks of a text cell: `heading` is a section heading, `total` a bold totals line. */
export type TextCellStyle = 'title' | 'heading' | 'header' | 'error' | 'warning' | 'ok' | 'total';

export interface NumberCell {
  value: number;
  format: NumberCellFormat;
  /** A note (comment) on the cell: why it shows what it shows. */
  note?: string;
}

export interface TextCell {
  value: string;
  style?: TextCellStyle;
  /**
   * Indentation level (0-5) of a plain cell: how the hierarchy is shown in a name column, so the
   * name itself stays exactly the unit's name (filters and lookups find it).
   */
  indent?: number;
  /** Wrap the text inside the column's width (a plain cell). */
  wrap?: boolean;
  note?: string;
}

/** A series of a chart: the values in one column of the chart's data block. */
export interface TabChartSeries {
  /** 1-based column; the series' name is its cell in the data block's header row. */
  column: number;
  type: 'column' | 'line';
}

/**
 * A native chart over a block of the same tab: a header row (series names) and the rows below it
 * up to `lastRow`, categories in one column, one series per listed column.
 */
export interface TabChart {
  title: string;
  /** `column`: vertical bars; `bar`: horizontal bars (many categories). Line series draw over either. */
  orientation: 'column' | 'bar';
  /** 1-based rows: the header row of the data block and its last data row. */
  headerRow: number;
  lastRow: number;
  /** 1-based column of the category labels. */
  categoryColumn: number;
  series: readonly TabChartSeries[];
  /** Top-left cell (1-based) and size in columns and rows of the tab's grid. */
  anchor: { row: number; column: number; columns: number; rows: number };
  valueAxisTitle?: string;
}

/** How a tab prints: A4 landscape, fit to the page width, rows 1..repeatRows on every page. */
export interface TabPrint {
  orientation: 'landscape' | 'portrait';
  fitToWidth: boolean;
  /** Rows 1..n repeated at the top of every printed page (0: none). */
  repeatRows: number;
}
