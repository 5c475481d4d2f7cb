import type { sheets_v4 } from '@googleapis/sheets';
import { WorkbookNotFoundError, WorkbookUnreadableError } from '../../ports/workbook-gateway.js';
import { parseA1Cell } from './a1.js';
import { errorStatus, unreadableReason } from './google-errors.js';
import type { GoogleWorkbookGateway } from './google-workbook-gateway.js';
import type { SheetRequest } from './sheet-requests.js';
import { exactPlan, findSheet, type GoogleTabTemplate, type SheetInfo } from './write-plan.js';

/** One cell's value to set; everything else about the cell (format, note, dropdown) stays. */
export interface CellValueEdit {
  tab: string;
  /** A1, e.g. `F4`. */
  cell: string;
  value: string;
}

export class CellEditError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CellEditError';
  }
}

/**
 * Sets single cells of a spreadsheet staff keep editing (the control spreadsheet), touching
 * nothing else: unlike writeTabs, which replaces whole tabs, each edit writes only its cell's
 * `userEnteredValue`. Tabs in `addTabs` that do not exist yet are created with their content in
 * the same batch. Costs one spreadsheets.get (to learn tab ids and grid sizes) and one
 * spreadsheets.batchUpdate, which Google applies all or nothing, so a retry is safe.
 * Edits on a tab that does not exist (and is not added) throw CellEditError.
 */
export async function writeCellValues(
  gateway: GoogleWorkbookGateway,
  spreadsheetId: string,
  edits: readonly CellValueEdit[],
  addTabs: readonly GoogleTabTemplate[] = [],
): Promise<void> {
  const { client } = gateway;
  let sheets: SheetInfo[];
  try {
    const data = await client.call('sheets.spreadsheets.get', (o) =>
      client.sheets.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties(sheetId,title,index,gridProperties(rowCount,columnCount))' }, o),
    );
    sheets = sheetInfos(data);
  } catch (error) {
    throw asWorkbookError(spreadsheetId, error);
  }
  const missingTabs = addTabs.filter((t) => !findSheet(sheets, t.name));
  const plan = exactPlan(missingTabs, undefined, sheets);
  const known = [...sheets, ...plan.touched];
  const requests: SheetRequest[] = [...plan.requests];

  const byTab = new Map<SheetInfo, { rowIndex: number; columnIndex: number; value: string }[]>();
  for (const e of edits) {
    const sheet = findSheet(known, e.tab);
    if (!sheet) throw new CellEditError(`no tab "${e.tab}" in spreadsheet ${spreadsheetId}`);
    const at = parseA1Cell(e.cell);
    if (!at) throw new CellEditError(`not an A1 cell: ${e.cell}`);
    const list = byTab.get(sheet) ?? [];
    list.push({ ...at, value: e.value });
    byTab.set(sheet, list);
  }
  for (const [sheet, cells] of byTab) {
    // A value below or right of the grid needs the grid to grow first (never shrink: staff's rows stay).
    const rowCount = Math.max(sheet.rowCount, ...cells.map((c) => c.rowIndex + 1));
    const columnCount = Math.max(sheet.columnCount, ...cells.map((c) => c.columnIndex + 1));
    if (rowCount > sheet.rowCount || columnCount > sheet.columnCount) {
      requests.push({
        updateSheetProperties: {
          properties: { sheetId: sheet.sheetId, gridProperties: { rowCount, columnCount } },
          fields: 'gridProperties.rowCount,gridProperties.columnCount',
        },
      });
    }
    for (const c of cells) {
      requests.push({
        updateCells: {
          start: { sheetId: sheet.sheetId, rowIndex: c.rowIndex, columnIndex: c.columnIndex },
          rows: [{ values: [{ userEnteredValue: { stringValue: c.value } }] }],
          fields: 'userEnteredValue',
        },
      });
    }
  }
  if (requests.length === 0) return;
  try {
    await client.call('sheets.spreadsheets.batchUpdate', (o) => client.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }, o));
  } catch (error) {
    throw asWorkbookError(spreadsheetId, error);
  }
}

function sheetInfos(spreadsheet: sheets_v4.Schema$Spreadsheet): SheetInfo[] {
  return (spreadsheet.sheets ?? []).flatMap((s) => {
    const p = s.properties;
    if (!p || typeof p.sheetId !== 'number' || typeof p.title !== 'string') return [];
    return [{ sheetId: p.sheetId, title: p.title, rowCount: p.gridProperties?.rowCount ?? 0, columnCount: p.gridProperties?.columnCount ?? 0 }];
  });
}

function asWorkbookError(ref: string, error: unknown): Error {
  if (errorStatus(error) === 404) return new WorkbookNotFoundError(ref, { cause: error });
  if (errorStatus(error) === undefined && error instanceof Error) return error;
  return new WorkbookUnreadableError(ref, unreadableReason(error), { cause: error });
}
