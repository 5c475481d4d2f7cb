import { columnLetters } from '../../domain/ids.js';
import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import type { TabStyleIds } from './xlsx-style-sheet.js';
import { cellText, escapeXmlText, MAX_CELL_CHARS } from './xml-text.js';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Column letters by number, cached: a summary sheet asks for the same few dozen half a million times. */
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
/**
 * Anything in a text that needs more than copying: markup characters, controls, surrogates and
 * non-characters, `_x` (Excel's escape), edge whitespace. Most cells have none, and one test is
 * much cheaper than the four passes of cellText, escaping and the preserve check.
 */
const NEEDS_WORK = /[&<>\u0000-\u001f\ud800-\udfff\ufffe\uffff]|_x|^\s|\s$/;

function inlineString(ref: string, text: string, s: string): string {
  if (text.length <= MAX_CELL_CHARS && !NEEDS_WORK.test(text)) return `<c r="${ref}"${s} t="inlineStr"><is><t>${text}</t></is></c>`;
  const t = cellText(text);
  const open = NEEDS_PRESERVE.test(t) ? '<t xml:space="preserve">' : '<t>';
  return `<c r="${ref}"${s} t="inlineStr"><is>${open}${escapeXmlText(t)}</t></is></c>`;
}

function numberCell(ref: string, value: number, s: string): string {
  // A cell cannot hold NaN or infinity; `#NUM!` is what Excel itself shows for them.
  if (!Number.isFinite(value)) return `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>`;
  return `<c r="${ref}"${s}><v>${value}</v></c>`;
}

/** The ` s="N"` attribute of each tab style ('' for the default style 0). */
type StyleAttrs = Readonly<Record<keyof TabStyleIds, string>>;

function styleAttrs(styles: TabStyleIds): StyleAttrs {
  const attr = (id: number): string => (id === 0 ? '' : ` s="${id}"`);
  return {
    title: attr(styles.title),
    header: attr(styles.header),
    error: attr(styles.error),
    warning: attr(styles.warning),
    ok: attr(styles.ok),
    int: attr(styles.int),
    decimal: attr(styles.decimal),
    percent: attr(styles.percent),
  };
}

/**
 * One cell's XML, or '' for an empty one. Strings are inline strings (`t="inlineStr"`), which are
 * never formulas, so `=SUM(A1)`, `+84 912` or `@x` show exactly as given; plain strings of the
 * header row get the header look, as in the exceljs writer (xlsx-tab-writer.ts).
 */
function cellXml(ref: string, value: TabCell, s: StyleAttrs, isHeader: boolean): string {
  if (value === null) return '';
  if (typeof value === 'string') return inlineString(ref, value, isHeader ? s.header : '');
  if (typeof value === 'number') return numberCell(ref, value, '');
  if ('format' in value) return numberCell(ref, value.value, s[value.format]);
  return inlineString(ref, value.value, s[value.style]);
}

export interface WorksheetXmlOptions {
  /** Whether the sheet is the workbook's active tab (its view must then be selected). */
  selected?: boolean;
}

/** Rendered rows are turned into UTF-8 bytes in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 20;

/**
 * A TabWrite as a complete worksheet part, UTF-8: widths, a header row frozen below and filtered,
 * every cell styled through `styles` (cellXfs indexes of the workbook the part goes into). The part
 * has no relationships of its own.
 *
 * Rows are converted to bytes a chunk at a time, so a sheet of half a million cells never exists
 * as one JavaScript string (twice its UTF-8 size for Vietnamese text, plus the pieces it was
 * concatenated from).
 */
export function renderWorksheet(tab: TabWrite, styles: TabStyleIds, options: WorksheetXmlOptions = {}): Buffer {
  const header = tab.headerRow !== undefined && tab.headerRow > 0 ? tab.headerRow : undefined;
  const attrs = styleAttrs(styles);
  const chunks: Buffer[] = [];
  let chunk = '';
  let lastRow = 0;
  let lastCol = 0;
  tab.rows.forEach((cells, r) => {
    const rowNo = r + 1;
    const isHeader = rowNo === header;
    let xml = '';
    cells.forEach((value, c) => {
      const cell = cellXml(letters(c + 1) + rowNo, value, attrs, isHeader);
      if (cell === '') return;
      xml += cell;
      if (c + 1 > lastCol) lastCol = c + 1;
    });
    if (xml === '') return;
    chunk += `<row r="${rowNo}">${xml}</row>`;
    lastRow = rowNo;
    if (chunk.length >= CHUNK_CHARS) {
      chunks.push(Buffer.from(chunk, 'utf8'));
      chunk = '';
    }
  });
  if (chunk !== '') chunks.push(Buffer.from(chunk, 'utf8'));

  const head: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    `<dimension ref="${lastRow === 0 ? 'A1' : `A1:${letters(lastCol)}${lastRow}`}"/>`,
  ];
  const selected = options.selected === true ? ' tabSelected="1"' : '';
  if (header !== undefined) {
    const top = `A${header + 1}`;
    head.push(
      `<sheetViews><sheetView${selected} workbookViewId="0">`,
      `<pane ySplit="${header}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/>`,
      `<selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/>`,
      '</sheetView></sheetViews>',
    );
  } else {
    head.push(`<sheetViews><sheetView${selected} workbookViewId="0"/></sheetViews>`);
  }
  head.push('<sheetFormatPr defaultRowHeight="15"/>');
  const cols: string[] = [];
  tab.widths?.forEach((w, c) => {
    if (Number.isFinite(w) && w > 0) cols.push(`<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`);
  });
  if (cols.length > 0) head.push(`<cols>${cols.join('')}</cols>`);
  head.push(chunks.length === 0 ? '<sheetData/>' : '<sheetData>');
  const tail: string[] = chunks.length === 0 ? [] : ['</sheetData>'];
  const headerCells = header === undefined ? 0 : (tab.rows[header - 1]?.length ?? 0);
  if (header !== undefined && headerCells > 0) tail.push(`<autoFilter ref="A${header}:${letters(headerCells)}${header}"/>`);
  tail.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>', '</worksheet>');
  return Buffer.concat([Buffer.from(head.join(''), 'utf8'), ...chunks, Buffer.from(tail.join(''), 'utf8')]);
}

/** renderWorksheet as a string (tests, and callers that edit the text further). */
export function renderWorksheetXml(tab: TabWrite, styles: TabStyleIds, options: WorksheetXmlOptions = {}): string {
  return renderWorksheet(tab, styles, options).toString('utf8');
}
