import type { Programme } from '../domain/programme.js';
import type { TabCell, TabChart, TabWrite } from '../ports/workbook-gateway.js';
import { HEADING_ROW_HEIGHT, numberCell, printSetup, styledCell, TITLE_ROW_HEIGHT, wrappedRowHeight, type NumberFormat } from './sheet-layout.js';

/** One headline line of a section: a label and one cell per column scope (the provinces). */
export interface OverviewFigure {
  label: string;
  values: readonly TabCell[];
}

/** A chart's data: categories (districts, buckets...) and one or more series over them. */
export interface OverviewChartData {
  title: string;
  categoryHeader: string;
  categories: readonly string[];
  series: readonly { name: string; values: readonly (number | undefined)[]; type: 'column' | 'line'; format: NumberFormat }[];
  valueAxisTitle?: string;
}

/**
 * One programme's part of `Tổng quan`, as data: a heading, the headline figures of each column
 * scope, and the charts. Each programme contributes one (see OVERVIEW_SECTIONS), so a programme
 * added later (DTTS) is one more builder in that list, not a new layout.
 */
export interface OverviewSection {
  programme: Programme;
  heading: string;
  /** Names heading the figure columns (the roots the figures are of). */
  columns: readonly string[];
  figures: readonly OverviewFigure[];
  charts: readonly OverviewChartData[];
  /** A line under the figures (what a chart leaves out, say). */
  remark?: string;
}

/** Chart size in grid cells: about 900 × 320 pixels at these widths. */
const CHART_COLUMNS = 8;
const CHART_ROWS = 16;
const LABEL_WIDTH = 36;
/** Past this many categories a chart's bars are horizontal. */
const HORIZONTAL_FROM = 15;
const VALUE_WIDTH = 15;

/**
 * `Tổng quan` from its sections, top to bottom: title and update line, then per section a heading
 * and two columns: on the left the figures table (label, one column per scope) and under it each
 * chart's data block (header row of series names, one row per category), the charts' sources, so
 * the numbers behind every bar are on the sheet; on the right the native charts, one under the
 * other from the heading down. A director's first screen holds the figures and the first charts.
 */
export function renderOverviewTab(name: string, title: string, meta: readonly TabCell[][], sections: readonly OverviewSection[], empty: string): TabWrite {
  const rows: TabCell[][] = [[styledCell(title, 'title')], ...meta.map((r) => [...r]), []];
  const heights: (number | undefined)[] = [TITLE_ROW_HEIGHT];
  const charts: TabChart[] = [];
  const dataColumnsOf = (section: OverviewSection): number => Math.max(1 + section.columns.length, ...section.charts.map((c) => 1 + c.series.length));
  const widest = Math.max(2, ...sections.map((s) => dataColumnsOf(s) + 1 + CHART_COLUMNS));
  const widths = Array.from({ length: widest }, (_, i) => (i === 0 ? LABEL_WIDTH : VALUE_WIDTH));

  for (const section of sections) {
    const top = rows.length + 1;
    heights[rows.length] = HEADING_ROW_HEIGHT;
    rows.push([styledCell(section.heading, 'heading')]);
    const header: TabCell[] = [styledCell('Chỉ số', 'header'), ...section.columns.map((c) => styledCell(c, 'header'))];
    heights[rows.length] = wrappedRowHeight(header, widths, true);
    rows.push(header);
    for (const f of section.figures) rows.push([f.label, ...f.values]);
    if (section.remark !== undefined) rows.push([section.remark]);
    const chartColumn = dataColumnsOf(section) + 2;
    let chartRow = top + 1;
    for (const chart of section.charts) {
      rows.push([]);
      const headerRow = rows.length + 1;
      const blockHeader: TabCell[] = [styledCell(chart.categoryHeader, 'header'), ...chart.series.map((s) => styledCell(s.name, 'header'))];
      heights[rows.length] = wrappedRowHeight(blockHeader, widths, true);
      rows.push(blockHeader);
      chart.categories.forEach((category, i) => rows.push([category, ...chart.series.map((s) => numberCell(s.values[i], s.format))]));
      const chartRows = Math.max(CHART_ROWS, Math.min(40, chart.categories.length + 4));
      // Many categories read better as horizontal bars; a line across horizontal bars would join
      // unrelated categories, so there every series is a bar.
      const horizontal = chart.categories.length > HORIZONTAL_FROM;
      charts.push({
        title: chart.title,
        orientation: horizontal ? 'bar' : 'column',
        headerRow,
        lastRow: Math.max(rows.length, headerRow + 1),
        categoryColumn: 1,
        series: chart.series.map((s, i) => ({ column: i + 2, type: horizontal ? 'column' : s.type })),
        anchor: { row: chartRow, column: chartColumn, columns: CHART_COLUMNS, rows: chartRows },
        ...(chart.valueAxisTitle === undefined ? {} : { valueAxisTitle: chart.valueAxisTitle }),
      });
      chartRow += chartRows + 1;
    }
    // The next section starts below both columns.
    while (rows.length + 1 < chartRow) rows.push([]);
    rows.push([]);
  }
  if (sections.length === 0) rows.push([empty]);
  return { name, rows, widths, rowHeights: heights, charts, print: printSetup(2) };
}
