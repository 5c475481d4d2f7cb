import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import type { TabStyleIds } from './xlsx-style-sheet.js';
import { cellText, escapeXmlText } from './xml-text.js';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Column letters by 1-based number (`1` -> `A`, `27` -> `AA`). */
export function columnLetters(n: number): string {
  let out = '';
  let x = n;
  while (x > 0) {
    const rem = (x - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    x = Math.floor((x - 1) / 26);
  }
  return out;
}

const letterCache: string[] = [];
function letters(n: number): string {
  let l = letterCache[n];
  if (l === undefined) {
    l = columnLetters(n);
    letterCache[n] = l;
  }
  return l;
}

/** Text that Excel would trim or whose line breaks matter needs xml:space="preserve". */
const NEEDS_PRESERVE = /^\s|\s$|[\n\r\t]/;

function inlineString(ref: string, text: string, style: number | undefined): string {
  const t = cellText(text);
  const s = style === undefined || style === 0 ? '' : ` s="${style}"`;
  const open = NEEDS_PRESERVE.test(t) ? '<t xml:space="preserve">' : '<t>';
  return `<c r="${ref}"${s} t="inlineStr"><is>${open}${escapeXmlText(t)}</t></is></c>`;
}

function numberCell(ref: string, value: number, style: number | undefined): string {
  const s = style === undefined || style === 0 ? '' : ` s="${style}"`;
  // A cell cannot hold NaN or infinity; `#NUM!` is what Excel itself shows for them.
  if (!Number.isFinite(value)) return `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>`;
  return `<c r="${ref}"${s}><v>${value}</v></c>`;
}

/**
 * One cell's XML, or '' for an empty one. Strings are inline strings (`t="inlineStr"`), which are
 * never formulas, so `=SUM(A1)`, `+84 912` or `@x` show exactly as given; plain strings of the
 * header row get the header look, as in the exceljs writer (xlsx-tab-writer.ts).
 */
function cellXml(ref: string, value: TabCell, styles: TabStyleIds, isHeader: boolean): string {
  if (value === null) return '';
  if (typeof value === 'string') return inlineString(ref, value, isHeader ? styles.header : undefined);
  if (typeof value === 'number') return numberCell(ref, value, undefined);
  if ('format' in value) return numberCell(ref, value.value, styles[value.format]);
  return inlineString(ref, value.value, styles[value.style]);
}

export interface WorksheetXmlOptions {
  /** Whether the sheet is the workbook's active tab (its view must then be selected). */
  selected?: boolean;
}

/**
 * A TabWrite as a complete worksheet part: widths, a header row frozen below and filtered, every
 * cell styled through `styles` (cellXfs indexes of the workbook the part goes into). The part has
 * no relationships of its own.
 */
export function renderWorksheetXml(tab: TabWrite, styles: TabStyleIds, options: WorksheetXmlOptions = {}): string {
  const header = tab.headerRow !== undefined && tab.headerRow > 0 ? tab.headerRow : undefined;
  const rowsXml: string[] = [];
  let lastRow = 0;
  let lastCol = 0;
  tab.rows.forEach((cells, r) => {
    const rowNo = r + 1;
    const isHeader = rowNo === header;
    let xml = '';
    cells.forEach((value, c) => {
      const cell = cellXml(letters(c + 1) + rowNo, value, styles, isHeader);
      if (cell === '') return;
      xml += cell;
      if (c + 1 > lastCol) lastCol = c + 1;
    });
    if (xml === '') return;
    rowsXml.push(`<row r="${rowNo}">${xml}</row>`);
    lastRow = rowNo;
  });

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    `<dimension ref="${lastRow === 0 ? 'A1' : `A1:${letters(lastCol)}${lastRow}`}"/>`,
  ];
  const selected = options.selected === true ? ' tabSelected="1"' : '';
  if (header !== undefined) {
    const top = `A${header + 1}`;
    out.push(
      `<sheetViews><sheetView${selected} workbookViewId="0">`,
      `<pane ySplit="${header}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/>`,
      `<selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/>`,
      '</sheetView></sheetViews>',
    );
  } else {
    out.push(`<sheetViews><sheetView${selected} workbookViewId="0"/></sheetViews>`);
  }
  out.push('<sheetFormatPr defaultRowHeight="15"/>');
  const cols: string[] = [];
  tab.widths?.forEach((w, c) => {
    if (Number.isFinite(w) && w > 0) cols.push(`<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`);
  });
  if (cols.length > 0) out.push(`<cols>${cols.join('')}</cols>`);
  out.push(rowsXml.length === 0 ? '<sheetData/>' : `<sheetData>${rowsXml.join('')}</sheetData>`);
  const headerCells = header === undefined ? 0 : (tab.rows[header - 1]?.length ?? 0);
  if (header !== undefined && headerCells > 0) out.push(`<autoFilter ref="A${header}:${letters(headerCells)}${header}"/>`);
  out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>', '</worksheet>');
  return out.join('');
}
