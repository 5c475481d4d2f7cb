import type { sheets_v4 } from '@googleapis/sheets';
import type { TabCell, TabWrite, TextCellStyle } from '../../ports/workbook-gateway.js';

/**
 * Builders for spreadsheets.batchUpdate requests. Every request names its tab by sheetId; values
 * are always written as stringValue/numberValue, never formulaValue, so text such as `=1+1` or
 * `06` stays exactly the text it was.
 */
export type SheetRequest = sheets_v4.Schema$Request;
type Color = sheets_v4.Schema$Color;
type CellFormat = sheets_v4.Schema$CellFormat;
type CellData = sheets_v4.Schema$CellData;

const rgb = (hex: string): Color => ({
  red: parseInt(hex.slice(0, 2), 16) / 255,
  green: parseInt(hex.slice(2, 4), 16) / 255,
  blue: parseInt(hex.slice(4, 6), 16) / 255,
});

/** The same looks as the .xlsx templates, so both front ends read alike. */
export const COLORS = {
  header: rgb('DDEBF7'),
  error: rgb('F8CBAD'),
  warning: rgb('FFE699'),
  ok: rgb('C6EFCE'),
  /** Background of a cell marked with an error note. */
  mark: rgb('F4CCCC'),
} as const;

/** Number formats for TabCell formats; percent values are already in percent units (26.61). */
export const NUMBER_PATTERNS = {
  int: '#,##0',
  decimal: '#,##0.00',
  percent: '0.00"%"',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
} as const;

/** Sheets' number format types: date cells are serial numbers shown as dates. */
const NUMBER_TYPES: Record<keyof typeof NUMBER_PATTERNS, 'NUMBER' | 'DATE' | 'DATE_TIME'> = {
  int: 'NUMBER',
  decimal: 'NUMBER',
  percent: 'NUMBER',
  date: 'DATE',
  datetime: 'DATE_TIME',
};

type Look = TextCellStyle;

/** Pixels of left padding per indentation level of a name cell (Sheets has no indent; padding does the same). */
const INDENT_PIXELS = 12;

function lookFormat(look: Look): CellFormat {
  switch (look) {
    case 'title':
      return { textFormat: { bold: true, fontSize: 14 } };
    case 'heading':
      return { textFormat: { bold: true, fontSize: 12 } };
    case 'total':
      return { textFormat: { bold: true } };
    case 'header':
      return {
        textFormat: { bold: true },
        backgroundColor: COLORS.header,
        wrapStrategy: 'WRAP',
        verticalAlignment: 'MIDDLE',
        horizontalAlignment: 'CENTER',
      };
    case 'error':
      return { backgroundColor: COLORS.error };
    case 'warning':
      return { backgroundColor: COLORS.warning };
    case 'ok':
      return { backgroundColor: COLORS.ok };
  }
}

/** One TabCell as CellData; `inHeader` gives plain strings of the header row the header look. */
export function cellData(cell: TabCell | undefined, inHeader: boolean): CellData {
  if (cell === null || cell === undefined) return inHeader ? { userEnteredFormat: lookFormat('header') } : {};
  if (typeof cell === 'string') {
    const data: CellData = { userEnteredValue: { stringValue: cell } };
    if (inHeader) data.userEnteredFormat = lookFormat('header');
    return data;
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? { userEnteredValue: { numberValue: cell } } : {};
  const note = cell.note === undefined || cell.note === '' ? {} : { note: cell.note };
  if ('format' in cell) {
    if (!Number.isFinite(cell.value)) return {};
    const date = cell.format === 'date' || cell.format === 'datetime';
    return {
      userEnteredValue: { numberValue: cell.value },
      userEnteredFormat: {
        numberFormat: { type: NUMBER_TYPES[cell.format], pattern: NUMBER_PATTERNS[cell.format] },
        ...(date ? { horizontalAlignment: 'CENTER' } : {}),
      },
      ...note,
    };
  }
  let format: CellFormat | undefined;
  if (cell.style !== undefined) format = lookFormat(cell.style);
  else if ((cell.indent ?? 0) > 0) format = { padding: { top: 2, right: 3, bottom: 2, left: 3 + INDENT_PIXELS * (cell.indent ?? 0) } };
  else if (cell.wrap === true) format = { wrapStrategy: 'WRAP' };
  return { userEnteredValue: { stringValue: cell.value }, ...(format === undefined ? {} : { userEnteredFormat: format }), ...note };
}

/** Grid size and frozen rows and columns a TabWrite needs. */
export interface TabGeometry {
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  frozenColumnCount: number;
}

export function tabGeometry(tab: TabWrite): TabGeometry {
  const frozenRowCount = tab.headerRow !== undefined && tab.headerRow > 0 ? tab.headerRow : 0;
  const frozenColumnCount = tab.freezeColumns !== undefined && tab.freezeColumns > 0 ? Math.trunc(tab.freezeColumns) : 0;
  const widest = tab.rows.reduce((m, r) => Math.max(m, r.length), 0);
  // Charts need the cells they are anchored to.
  const chartColumns = Math.max(0, ...(tab.charts ?? []).map((c) => c.anchor.column + c.anchor.columns));
  const chartRows = Math.max(0, ...(tab.charts ?? []).map((c) => c.anchor.row + c.anchor.rows));
  return {
    // Google refuses to freeze every row (or column) of a sheet, so there is always one more.
    rowCount: Math.max(tab.rows.length, frozenRowCount + 1, chartRows, 1),
    columnCount: Math.max(widest, tab.widths?.length ?? 0, frozenColumnCount + 1, chartColumns, 1),
    frozenRowCount,
    frozenColumnCount,
  };
}

const gridProperties = (g: TabGeometry): sheets_v4.Schema$GridProperties => ({
  rowCount: g.rowCount,
  columnCount: g.columnCount,
  frozenRowCount: g.frozenRowCount,
  frozenColumnCount: g.frozenColumnCount,
});

/** Creates a tab with our sheetId and the size its content needs. */
export function addSheetRequest(sheetId: number, title: string, geometry: TabGeometry, index?: number): SheetRequest {
  return {
    addSheet: {
      properties: {
        sheetId,
        title,
        ...(index === undefined ? {} : { index }),
        gridProperties: gridProperties(geometry),
      },
    },
  };
}

/**
 * Sizes an existing tab to exactly its new content (rows below are deleted: that is how leftover
 * rows of a longer earlier write go away), freezes the header, and restores the title. The title
 * also works as an assertion: if `sheetId` now belongs to a tab staff renamed while another tab
 * carries our title, Google refuses the duplicate name and the batch fails before any change.
 */
export function resizeSheetRequest(sheetId: number, title: string, geometry: TabGeometry): SheetRequest {
  return {
    updateSheetProperties: {
      properties: {
        sheetId,
        title,
        gridProperties: gridProperties(geometry),
      },
      fields: 'title,gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount,gridProperties.frozenColumnCount',
    },
  };
}

/** Sets only the title of `sheetId`: a no-op when it already has it (see resizeSheetRequest). */
export function titleRequest(sheetId: number, title: string): SheetRequest {
  return { updateSheetProperties: { properties: { sheetId, title }, fields: 'title' } };
}

/** Characters to pixels, close to how the .xlsx widths look. */
export const widthPixels = (chars: number): number => Math.round(chars * 7.5 + 10);

/**
 * Writes every cell of the tab's grid: cells the rows do not cover are cleared (value, format,
 * note, validation), which replaces whatever an earlier write left there.
 */
export function writeCellsRequests(sheetId: number, tab: TabWrite, geometry: TabGeometry): SheetRequest[] {
  const headerIndex = geometry.frozenRowCount > 0 ? geometry.frozenRowCount - 1 : -1;
  const rows: sheets_v4.Schema$RowData[] = tab.rows.map((row, r) => {
    const values: CellData[] = [];
    const width = r === headerIndex ? Math.max(row.length, 1) : row.length;
    for (let c = 0; c < width; c++) values.push(cellData(row[c], r === headerIndex));
    return { values };
  });
  const requests: SheetRequest[] = [
    {
      updateCells: {
        range: { sheetId, startRowIndex: 0, endRowIndex: geometry.rowCount, startColumnIndex: 0, endColumnIndex: geometry.columnCount },
        rows,
        fields: 'userEnteredValue,userEnteredFormat,note,dataValidation',
      },
    },
  ];
  const widths = tab.widths ?? [];
  let c = 0;
  while (c < widths.length) {
    const w = widths[c];
    let end = c + 1;
    while (end < widths.length && widths[end] === w) end += 1;
    if (w !== undefined && w > 0) {
      requests.push({
        updateDimensionProperties: {
          range: { sheetId, dimension: 'COLUMNS', startIndex: c, endIndex: end },
          properties: { pixelSize: widthPixels(w) },
          fields: 'pixelSize',
        },
      });
    }
    c = end;
  }
  return requests;
}

/**
 * A cell mark placed or removed: note and background only, so staff's other formatting stays.
 * `keepNote` removes only the background (the note there is no longer ours).
 */
export function markRequest(sheetId: number, rowIndex: number, columnIndex: number, note: string | undefined, keepNote = false): SheetRequest {
  return {
    updateCells: {
      start: { sheetId, rowIndex, columnIndex },
      rows: [{ values: [note === undefined ? {} : { note, userEnteredFormat: { backgroundColor: COLORS.mark } }] }],
      fields: keepNote && note === undefined ? 'userEnteredFormat.backgroundColor' : 'note,userEnteredFormat.backgroundColor',
    },
  };
}

/** Protects rows 1..rows (titles and header) so only `editors` (the office and the service account) change them. */
export function protectRowsRequest(sheetId: number, rows: number, editors: readonly string[]): SheetRequest {
  return {
    addProtectedRange: {
      protectedRange: {
        range: { sheetId, startRowIndex: 0, endRowIndex: rows },
        description: 'Tiêu đề biểu mẫu: không sửa để hệ thống đọc được số liệu',
        warningOnly: false,
        editors: { users: [...editors] },
      },
    },
  };
}

/** A block of cells, 1-based, inclusive bounds. */
export interface CellBlock {
  fromRow: number;
  toRow: number;
  fromColumn: number;
  toColumn: number;
}

/** Protects a block of pre-filled cells (the DTTS plan) so only `editors` change them. */
export function protectBlockRequest(sheetId: number, block: CellBlock, editors: readonly string[]): SheetRequest {
  return {
    addProtectedRange: {
      protectedRange: {
        range: { sheetId, startRowIndex: block.fromRow - 1, endRowIndex: block.toRow, startColumnIndex: block.fromColumn - 1, endColumnIndex: block.toColumn },
        description: 'Số liệu do văn phòng điều phối điền sẵn (kế hoạch giao): không sửa',
        warningOnly: false,
        editors: { users: [...editors] },
      },
    },
  };
}

/** A dropdown over a block of cells (1-based, inclusive bounds). */
export interface DropdownSpec {
  fromRow: number;
  toRow: number;
  fromColumn: number;
  toColumn: number;
  values: readonly string[];
  /** Reject other input. Default false: the parser also accepts `x`, `1`, `có`..., so Sheets only warns. */
  strict?: boolean;
}

export function dropdownRequest(sheetId: number, spec: DropdownSpec): SheetRequest {
  return {
    setDataValidation: {
      range: {
        sheetId,
        startRowIndex: spec.fromRow - 1,
        endRowIndex: spec.toRow,
        startColumnIndex: spec.fromColumn - 1,
        endColumnIndex: spec.toColumn,
      },
      rule: {
        condition: { type: 'ONE_OF_LIST', values: spec.values.map((v) => ({ userEnteredValue: v })) },
        strict: spec.strict ?? false,
        showCustomUi: true,
        inputMessage: `Chọn: ${spec.values.join(' / ')}`,
      },
    },
  };
}

export function deleteSheetRequest(sheetId: number): SheetRequest {
  return { deleteSheet: { sheetId } };
}

/**
 * Vietnamese locale and time zone for a spreadsheet we create: Sheets then shows numbers as
 * `1.955,5` and `26,61%` (a service account's new files otherwise get en_US).
 */
export function vietnameseLocaleRequest(): SheetRequest {
  return { updateSpreadsheetProperties: { properties: { locale: 'vi_VN', timeZone: 'Asia/Ho_Chi_Minh' }, fields: 'locale,timeZone' } };
}
