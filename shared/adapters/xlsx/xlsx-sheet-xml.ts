import { columnLetters } from '../../domain/ids.js';
import type { TabCell, TabWrite, TextCell } from '../../ports/workbook-gateway.js';
import { MAX_INDENT, type TabStyle, type TabStyleIds } from './xlsx-style-sheet.js';
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
// eslint-disable-next-line no-control-regex -- C0 controls are matched on purpose: such text must be escaped or stripped for XML.
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
  return Object.fromEntries(Object.entries(styles).map(([k, id]) => [k, attr(id)])) as Record<keyof TabStyleIds, string>;
}

const INDENT_STYLES: readonly TabStyle[] = ['indent1', 'indent2', 'indent3', 'indent4', 'indent5'];

/** The style of a text cell: its look, else its indentation or wrapping (plain cells only have those). */
function textStyle(cell: TextCell, s: StyleAttrs): string {
  if (cell.style !== undefined) return s[cell.style];
  const indent = INDENT_STYLES[Math.min(MAX_INDENT, Math.trunc(cell.indent ?? 0)) - 1];
  if (indent !== undefined) return s[indent];
  return cell.wrap === true ? s.wrap : '';
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
  return inlineString(ref, value.value, textStyle(value, s));
}

export interface WorksheetXmlOptions {
  /** Whether the sheet is the workbook's active tab (its view must then be selected). */
  selected?: boolean;
  /**
   * Relationship ids of the sheet's drawing (charts) and legacy drawing (the shapes of its
   * notes): only a writer that also writes those parts passes them, so a sheet never refers to
   * a part its package lacks.
   */
  drawingRelId?: string;
  legacyDrawingRelId?: string;
}

/** Rendered rows are turned into UTF-8 bytes in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 20;

/** The row element's attributes beyond its number: height and outline level. */
function rowAttrs(tab: TabWrite, index: number): string {
  let out = '';
  const ht = tab.rowHeights?.[index];
  if (ht !== undefined && Number.isFinite(ht) && ht > 0) out += ` ht="${ht}" customHeight="1"`;
  const level = tab.rowLevels?.[index];
  if (level !== undefined && level > 0) out += ` outlineLevel="${Math.min(7, Math.trunc(level))}"`;
  return out;
}

/** The frozen pane: header rows and, when asked, the first columns. */
function sheetView(tab: TabWrite, header: number | undefined, selected: string): string {
  const xSplit = tab.freezeColumns !== undefined && tab.freezeColumns > 0 ? Math.trunc(tab.freezeColumns) : 0;
  const ySplit = header ?? 0;
  if (xSplit === 0 && ySplit === 0) return `<sheetViews><sheetView${selected} workbookViewId="0"/></sheetViews>`;
  const top = `${letters(xSplit + 1)}${ySplit + 1}`;
  const pane = xSplit > 0 && ySplit > 0 ? 'bottomRight' : xSplit > 0 ? 'topRight' : 'bottomLeft';
  const splits = `${xSplit > 0 ? ` xSplit="${xSplit}"` : ''}${ySplit > 0 ? ` ySplit="${ySplit}"` : ''}`;
  return (
    `<sheetViews><sheetView${selected} workbookViewId="0">` +
    `<pane${splits} topLeftCell="${top}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}" activeCell="${top}" sqref="${top}"/>` +
    '</sheetView></sheetViews>'
  );
}

/** `<sheetPr>`: group buttons above their detail (a parent row precedes its children) and fit-to-page printing. */
function sheetPr(tab: TabWrite): string {
  const outline = tab.rowLevels?.some((l) => l !== undefined && l > 0) === true;
  const fit = tab.print?.fitToWidth === true;
  if (!outline && !fit) return '';
  return `<sheetPr>${outline ? '<outlinePr summaryBelow="0"/>' : ''}${fit ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>`;
}

/** Paper size 9 is A4; fitToHeight 0 lets a long table run onto as many pages as it needs. */
function pageSetup(tab: TabWrite): string {
  if (!tab.print) return '';
  const fit = tab.print.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : '';
  return `<pageSetup paperSize="9" orientation="${tab.print.orientation}"${fit}/>`;
}

/**
 * A TabWrite as a complete worksheet part, UTF-8: widths, a header row (and the first columns
 * when asked) frozen, filtered, every cell styled through `styles` (cellXfs indexes of the
 * workbook the part goes into), row heights and outline levels, page setup. Charts and notes
 * are referred to only through the relationship ids in `options`.
 *
 * Rows are converted to bytes a chunk at a time, so a sheet of half a million cells never exists
 * as one JavaScript string (twice its UTF-8 size for Vietnamese text, plus the pieces it was
 * concatenated from).
 */
export function renderWorksheet(tab: TabWrite, styles: TabStyleIds, options: WorksheetXmlOptions = {}): Buffer {
  const header = tab.headerRow !== undefined && tab.headerRow > 0 ? tab.headerRow : undefined;
  const attrs = styleAttrs(styles);
  const chunks: Buffer[] = [];
  const shaped = tab.rowHeights !== undefined || tab.rowLevels !== undefined;
  let chunk = '';
  let lastRow = 0;
  let lastCol = 0;
  let maxLevel = 0;
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
    const extra = shaped ? rowAttrs(tab, r) : '';
    if (xml === '' && extra === '') return;
    const level = tab.rowLevels?.[r];
    if (level !== undefined && level > maxLevel) maxLevel = Math.min(7, Math.trunc(level));
    chunk += xml === '' ? `<row r="${rowNo}"${extra}/>` : `<row r="${rowNo}"${extra}>${xml}</row>`;
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
    sheetPr(tab),
    `<dimension ref="${lastRow === 0 || lastCol === 0 ? 'A1' : `A1:${letters(lastCol)}${lastRow}`}"/>`,
    sheetView(tab, header, options.selected === true ? ' tabSelected="1"' : ''),
    `<sheetFormatPr defaultRowHeight="15"${maxLevel > 0 ? ` outlineLevelRow="${maxLevel}"` : ''}/>`,
  ];
  const cols: string[] = [];
  tab.widths?.forEach((w, c) => {
    if (Number.isFinite(w) && w > 0) cols.push(`<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`);
  });
  if (cols.length > 0) head.push(`<cols>${cols.join('')}</cols>`);
  head.push(chunks.length === 0 ? '<sheetData/>' : '<sheetData>');
  const tail: string[] = chunks.length === 0 ? [] : ['</sheetData>'];
  const headerCells = header === undefined ? 0 : (tab.rows[header - 1]?.length ?? 0);
  if (header !== undefined && headerCells > 0) tail.push(`<autoFilter ref="A${header}:${letters(headerCells)}${header}"/>`);
  tail.push('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>', pageSetup(tab));
  if (options.drawingRelId !== undefined) tail.push(`<drawing r:id="${options.drawingRelId}"/>`);
  if (options.legacyDrawingRelId !== undefined) tail.push(`<legacyDrawing r:id="${options.legacyDrawingRelId}"/>`);
  tail.push('</worksheet>');
  return Buffer.concat([Buffer.from(head.join(''), 'utf8'), ...chunks, Buffer.from(tail.join(''), 'utf8')]);
}

/** renderWorksheet as a string (tests, and callers that edit the text further). */
export function renderWorksheetXml(tab: TabWrite, styles: TabStyleIds, options: WorksheetXmlOptions = {}): string {
  return renderWorksheet(tab, styles, options).toString('utf8');
}
