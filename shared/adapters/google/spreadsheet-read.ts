import { createHash } from 'node:crypto';
import type { sheets_v4 } from '@googleapis/sheets';
import type { RawSheet } from '../../forms/raw-sheet.js';
import { columnLetters, READ_COLUMN_COUNT } from './a1.js';
import { gridDataRows, trimRows } from './google-cells.js';
import { findSheet, type SheetInfo, type TabNotes } from './write-plan.js';

/**
 * What one spreadsheets.get tells about a spreadsheet: every tab's id, title and grid size, and
 * the values and notes of every cell. It is the product's only read of a unit spreadsheet.
 *
 * Why no `ranges`: with ranges Google returns only the sheets the ranges touch, and one range
 * naming a tab that does not exist fails the whole call (400 "Unable to parse range"). The write
 * that follows needs the feedback tab's sheetId (a tab we write, not read) and must know whether
 * each input tab still exists (staff rename and recreate tabs), and nothing cheaper than this
 * call can tell. A field mask keeps the reply to ids, values and notes; what it costs is the
 * bytes of tabs the product does not read (the feedback tab, staff's own tabs).
 */
export const SPREADSHEET_READ_FIELDS =
  'sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount)),data(startRow,startColumn,rowData(values(effectiveValue,note))))';

/** The values of the tabs read, as a write's reply returns them to tell whether staff changed them meanwhile. */
export const VALUES_RESPONSE_FIELDS = 'updatedSpreadsheet(sheets(properties(sheetId,title),data(startRow,startColumn,rowData(values(effectiveValue)))))';

export interface SpreadsheetRead {
  sheets: SheetInfo[];
  /** The wanted tabs found, under their real titles, in the order asked. */
  workbook: RawSheet[];
  /** Notes of every tab, by sheetId. */
  notes: Map<number, TabNotes>;
  /** A digest of each tab read (by sheetId), to compare with what a later reply shows. */
  digests: Map<number, string>;
}

export function sheetInfos(spreadsheet: sheets_v4.Schema$Spreadsheet): SheetInfo[] {
  return (spreadsheet.sheets ?? []).flatMap((s) => {
    const p = s.properties;
    if (!p || typeof p.sheetId !== 'number' || typeof p.title !== 'string') return [];
    return [{ sheetId: p.sheetId, title: p.title, rowCount: p.gridProperties?.rowCount ?? 0, columnCount: p.gridProperties?.columnCount ?? 0 }];
  });
}

function notesOf(data: sheets_v4.Schema$GridData[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of data ?? []) {
    const r0 = block.startRow ?? 0;
    const c0 = block.startColumn ?? 0;
    (block.rowData ?? []).forEach((row, i) =>
      (row.values ?? []).forEach((cell, j) => {
        if (typeof cell.note === 'string' && cell.note !== '') out.set(`${columnLetters(c0 + j + 1)}${r0 + i + 1}`, cell.note);
      }),
    );
  }
  return out;
}

/** Rows of A..AZ: the columns the product reads from every input tab. */
function inputRows(grid: sheets_v4.Schema$Sheet | undefined): RawSheet['rows'] {
  return trimRows(gridDataRows(grid?.data ?? undefined).map((r) => r.slice(0, READ_COLUMN_COUNT)));
}

export function rowsDigest(rows: RawSheet['rows']): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}

/** The wanted tabs of a spreadsheets.get reply (SPREADSHEET_READ_FIELDS); missing tabs are absent. */
export function readSpreadsheet(data: sheets_v4.Schema$Spreadsheet, wanted: readonly string[]): SpreadsheetRead {
  const sheets = sheetInfos(data);
  const byId = new Map((data.sheets ?? []).flatMap((s) => (typeof s.properties?.sheetId === 'number' ? [[s.properties.sheetId, s] as const] : [])));
  const notes = new Map<number, TabNotes>();
  for (const [id, s] of byId) notes.set(id, notesOf(s.data ?? undefined));
  const workbook: RawSheet[] = [];
  const digests = new Map<number, string>();
  for (const name of wanted) {
    const info = findSheet(sheets, name);
    if (!info || digests.has(info.sheetId)) continue;
    const rows = inputRows(byId.get(info.sheetId));
    digests.set(info.sheetId, rowsDigest(rows));
    workbook.push({ name: info.title, rows });
  }
  return { sheets, workbook, notes, digests };
}

/**
 * Whether the tabs read still hold what the read saw, from a batchUpdate reply carrying them
 * (VALUES_RESPONSE_FIELDS over the same columns): false when a value differs or a tab is gone.
 */
export function sameAsRead(reply: sheets_v4.Schema$Spreadsheet | undefined, digests: ReadonlyMap<number, string>): boolean {
  if (!reply) return false;
  const byId = new Map((reply.sheets ?? []).flatMap((s) => (typeof s.properties?.sheetId === 'number' ? [[s.properties.sheetId, s] as const] : [])));
  for (const [id, digest] of digests) {
    const grid = byId.get(id);
    if (!grid || rowsDigest(inputRows(grid)) !== digest) return false;
  }
  return true;
}
