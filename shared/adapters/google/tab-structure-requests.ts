import type { sheets_v4 } from '@googleapis/sheets';
import type { TabChart, TabWrite } from '../../ports/workbook-gateway.js';
import { widthPixels, type SheetRequest } from './sheet-requests.js';

/**
 * The parts of a TabWrite that live beside the cells in Sheets: row groups (the hierarchy's
 * outline) and embedded charts. Neither can be cleared by rewriting cells, and Sheets has no
 * request that lists or drops every group or chart of a tab, so a tab that has them is written
 * fresh (see hasStructure and the write plans).
 *
 * Row heights are left to Sheets: it sizes a row to a larger font or wrapped text by itself
 * (Excel keeps stored heights, which is why the .xlsx writer needs them).
 */

/** A tab whose write carries row groups or charts: it is deleted and added again under the same id. */
export function hasStructure(tab: TabWrite): boolean {
  return (tab.charts?.length ?? 0) > 0 || (tab.rowLevels?.some((l) => l !== undefined && l > 0) ?? false);
}

/**
 * One addDimensionGroup per maximal run of rows at or below each depth: Sheets nests a group
 * added inside another one level deeper, so adding the level-1 runs, then the level-2 runs,
 * gives each row its outline level.
 */
export function rowGroupRequests(sheetId: number, levels: readonly (number | undefined)[]): SheetRequest[] {
  const max = levels.reduce<number>((m, l) => Math.max(m, l ?? 0), 0);
  const out: SheetRequest[] = [];
  for (let depth = 1; depth <= Math.min(max, 8); depth++) {
    let start = -1;
    for (let i = 0; i <= levels.length; i++) {
      const inside = i < levels.length && (levels[i] ?? 0) >= depth;
      if (inside && start < 0) start = i;
      if (!inside && start >= 0) {
        out.push({ addDimensionGroup: { range: { sheetId, dimension: 'ROWS', startIndex: start, endIndex: i } } });
        start = -1;
      }
    }
  }
  return out;
}

/** Sheets' default row height in pixels, for sizing a chart over a number of rows. */
const ROW_PIXELS = 21;

/** The GridRange of rows from..to (1-based, inclusive) of one column (1-based). */
function columnRange(sheetId: number, column: number, fromRow: number, toRow: number): sheets_v4.Schema$ChartData {
  return {
    sourceRange: { sources: [{ sheetId, startRowIndex: fromRow - 1, endRowIndex: toRow, startColumnIndex: column - 1, endColumnIndex: column }] },
  };
}

/**
 * An addChart for each chart: a basic chart over the data block, its header row giving the series
 * names (headerCount 1), anchored over its cells. Bars and lines together make a COMBO chart.
 */
export function chartRequests(sheetId: number, tab: TabWrite): SheetRequest[] {
  return (tab.charts ?? []).map((chart) => ({ addChart: { chart: embeddedChart(sheetId, tab, chart) } }));
}

function embeddedChart(sheetId: number, tab: TabWrite, chart: TabChart): sheets_v4.Schema$EmbeddedChart {
  const hasLine = chart.series.some((s) => s.type === 'line');
  const horizontal = chart.orientation === 'bar';
  const chartType = hasLine ? 'COMBO' : horizontal ? 'BAR' : 'COLUMN';
  const valueAxis = horizontal && !hasLine ? 'BOTTOM_AXIS' : 'LEFT_AXIS';
  const widths = tab.widths ?? [];
  let width = 0;
  for (let c = chart.anchor.column - 1; c < chart.anchor.column - 1 + chart.anchor.columns; c++) width += widthPixels(widths[c] ?? 10);
  return {
    spec: {
      title: chart.title,
      basicChart: {
        chartType,
        legendPosition: 'BOTTOM_LEGEND',
        headerCount: 1,
        axis: chart.valueAxisTitle === undefined ? [] : [{ position: valueAxis, title: chart.valueAxisTitle }],
        domains: [{ domain: columnRange(sheetId, chart.categoryColumn, chart.headerRow, chart.lastRow) }],
        series: chart.series.map((s) => ({
          series: columnRange(sheetId, s.column, chart.headerRow, chart.lastRow),
          targetAxis: valueAxis,
          ...(hasLine ? { type: s.type === 'line' ? 'LINE' : 'COLUMN' } : {}),
        })),
      },
    },
    position: {
      overlayPosition: {
        anchorCell: { sheetId, rowIndex: chart.anchor.row - 1, columnIndex: chart.anchor.column - 1 },
        widthPixels: width,
        heightPixels: chart.anchor.rows * ROW_PIXELS,
      },
    },
  };
}
