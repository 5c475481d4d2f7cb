import { HEADING_FONT_SIZE, LOOK_ARGB, NUM_FMT, TITLE_FONT_SIZE } from './xlsx-styles.js';
import { escapeXmlAttr } from './xml-text.js';
import { parseXml } from './xml-document.js';
import { findSection, parseAttributes, setAttribute, topLevelElements } from './xml-scan.js';

/** Deepest indentation a name cell gets its own style for (deeper levels share it). */
export const MAX_INDENT = 5;

/** Every cell style a rendered tab uses besides the workbook's default (cellXfs index 0). */
export type TabStyle =
  | 'title'
  | 'heading'
  | 'header'
  | 'total'
  | 'error'
  | 'warning'
  | 'ok'
  | 'int'
  | 'decimal'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'wrap'
  | 'indent1'
  | 'indent2'
  | 'indent3'
  | 'indent4'
  | 'indent5';

/** In cellXfs order: the first eight are those of earlier versions, so their indexes stay put in workbooks written before. */
const TAB_STYLES: readonly TabStyle[] = [
  'title',
  'header',
  'error',
  'warning',
  'ok',
  'int',
  'decimal',
  'percent',
  'heading',
  'total',
  'date',
  'datetime',
  'wrap',
  'indent1',
  'indent2',
  'indent3',
  'indent4',
  'indent5',
];

/** The cellXfs index (`s` attribute of a cell) of each tab style in one workbook's styles.xml. */
export type TabStyleIds = Readonly<Record<TabStyle, number>>;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** Ids below this are reserved for built-in formats. */
const FIRST_CUSTOM_NUM_FMT_ID = 164;

/**
 * The fonts, fills and border of the looks, spelled as exceljs writes them (xlsx-styles.ts), so a
 * workbook exceljs made with these looks already has them and nothing is appended.
 */
const FONT = {
  title: `<font><b/><sz val="${TITLE_FONT_SIZE}"/></font>`,
  bold: '<font><b/></font>',
  heading: `<font><b/><sz val="${HEADING_FONT_SIZE}"/></font>`,
};
const solidFill = (argb: string): string => `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/></patternFill></fill>`;
const FILL = {
  header: solidFill(LOOK_ARGB.header),
  error: solidFill(LOOK_ARGB.error),
  warning: solidFill(LOOK_ARGB.warning),
  ok: solidFill(LOOK_ARGB.ok),
};
const side = (tag: string): string => `<${tag} style="thin"><color rgb="${LOOK_ARGB.border}"/></${tag}>`;
const THIN_BORDER = `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`;

interface XfParts {
  numFmtId?: number;
  fontId?: number;
  fillId?: number;
  borderId?: number;
  alignment?: string;
}

function xf(p: XfParts): string {
  const applies = [
    p.numFmtId !== undefined ? ' applyNumberFormat="1"' : '',
    p.fontId !== undefined ? ' applyFont="1"' : '',
    p.fillId !== undefined ? ' applyFill="1"' : '',
    p.borderId !== undefined ? ' applyBorder="1"' : '',
    p.alignment !== undefined ? ' applyAlignment="1"' : '',
  ].join('');
  const open = `<xf numFmtId="${p.numFmtId ?? 0}" fontId="${p.fontId ?? 0}" fillId="${p.fillId ?? 0}" borderId="${p.borderId ?? 0}" xfId="0"${applies}`;
  return p.alignment === undefined ? `${open}/>` : `${open}>${p.alignment}</xf>`;
}

/**
 * Adds the elements of `wanted` missing from the `<tag>` section (compared by canonical key, so a
 * differently spelled equal element counts as present) and sets its count. Returns the new XML and
 * each wanted element's index, or undefined when the section is absent or unreadable.
 */
function ensureItems(xml: string, tag: string, item: string, wanted: readonly string[]): { xml: string; ids: number[] } | undefined {
  // `tag`, `item` and `wanted` carry the stylesheet's prefix already (see withPrefix).
  const section = findSection(xml, tag);
  if (!section || section.selfClosing) return undefined;
  const items = topLevelElements(section.body);
  if (!items || items.some((i) => i.name !== item)) return undefined;
  const keys = items.map((i) => i.key);
  const added: string[] = [];
  const ids: number[] = [];
  for (const w of wanted) {
    const key = topLevelElements(w)?.[0]?.key;
    if (key === undefined) return undefined;
    let at = keys.indexOf(key);
    if (at < 0) {
      at = keys.length;
      keys.push(key);
      added.push(w);
    }
    ids.push(at);
  }
  if (added.length === 0) return { xml, ids };
  const openTag = setAttribute(section.openTag, 'count', String(keys.length));
  const rebuilt = `${openTag}${section.body}${added.join('')}</${tag}>`;
  return { xml: xml.slice(0, section.start) + rebuilt + xml.slice(section.end), ids };
}

/** The id of a custom number format, added to `<numFmts>` (created when absent) when missing. `p` is the stylesheet's prefix (`x:` or ''). */
function ensureNumFmt(xml: string, formatCode: string, p: string): { xml: string; id: number } | undefined {
  const section = findSection(xml, `${p}numFmts`);
  const fmt = (id: number): string => `<${p}numFmt numFmtId="${id}" formatCode="${escapeXmlAttr(formatCode)}"/>`;
  if (!section || section.selfClosing) {
    // numFmts is the first child of styleSheet.
    const root = findSection(xml, `${p}styleSheet`);
    if (!root || root.selfClosing) return undefined;
    const at = section ? section.start : root.bodyStart;
    const end = section ? section.end : root.bodyStart;
    const id = FIRST_CUSTOM_NUM_FMT_ID;
    return { xml: `${xml.slice(0, at)}<${p}numFmts count="1">${fmt(id)}</${p}numFmts>${xml.slice(end)}`, id };
  }
  const items = topLevelElements(section.body);
  if (!items || items.some((i) => i.name !== `${p}numFmt`)) return undefined;
  let maxId = FIRST_CUSTOM_NUM_FMT_ID - 1;
  for (const i of items) {
    const attrs = parseAttributes(/^<[^>]*>/.exec(i.xml)?.[0] ?? '');
    const id = Number(attrs.get('numFmtId'));
    if (!Number.isInteger(id)) return undefined;
    if (attrs.get('formatCode') === formatCode) return { xml, id };
    maxId = Math.max(maxId, id);
  }
  const id = maxId + 1;
  const openTag = setAttribute(section.openTag, 'count', String(items.length + 1));
  return { xml: `${xml.slice(0, section.start)}${openTag}${section.body}${fmt(id)}</${p}numFmts>${xml.slice(section.end)}`, id };
}

/**
 * styles.xml with every style a rendered tab needs, and their cellXfs indexes.
 *
 * Only what is missing is appended: each font, fill, border, number format and cell format is
 * looked up first by canonical key (attribute order, quoting and child order do not matter), so a
 * second write into the same workbook finds the first write's styles and leaves styles.xml as it
 * is, and a workbook exceljs made with the same looks needs nothing at all. (Excel re-spells fonts
 * and fills when staff save the workbook; the next write then appends its handful of styles once
 * more, a bounded cost of about ten small elements per save by staff.)
 *
 * The stylesheet is read with the XML parser first (any quoting; the root's namespace prefix, such
 * as the OpenXML SDK's `x:`, is used for every element added) and the result must parse again.
 * Undefined when styles.xml is not a SpreadsheetML stylesheet these edits can handle (the caller
 * then falls back to exceljs).
 */
export function ensureTabStyles(stylesXml: string): { xml: string; ids: TabStyleIds } | undefined {
  // Workbooks made from one template share one styles.xml: a run over hundreds of them works it out once.
  const known = memo.get(stylesXml);
  if (known !== undefined) return known === null ? undefined : known;
  const result = computeTabStyles(stylesXml);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(stylesXml, result ?? null);
  return result;
}

const MEMO_SIZE = 32;
const memo = new Map<string, { xml: string; ids: TabStyleIds } | null>();

/** Our own markup (no text content holds `<`) with every tag name given the prefix `p`. */
const withPrefix = (xml: string, p: string): string => (p === '' ? xml : xml.replace(/<(\/?)([A-Za-z])/g, `<$1${p}$2`));

function computeTabStyles(stylesXml: string): { xml: string; ids: TabStyleIds } | undefined {
  const doc = parseXml(stylesXml);
  if (!doc || doc.hasDoctype || doc.root.local !== 'styleSheet' || doc.root.uri !== MAIN_NS || doc.root.selfClosing) return undefined;
  const p = doc.root.prefix === '' ? '' : `${doc.root.prefix}:`;
  // cellXfs refer to cell style 0 (xfId="0"): it must exist.
  const styleXfs = findSection(stylesXml, `${p}cellStyleXfs`);
  if (!styleXfs || styleXfs.selfClosing || !styleXfs.body.includes(`<${p}xf`)) return undefined;

  // The formats carry the Vietnamese locale, so they are custom formats, not Excel's built-ins.
  const int = ensureNumFmt(stylesXml, NUM_FMT.int, p);
  if (!int) return undefined;
  const dec = ensureNumFmt(int.xml, NUM_FMT.decimal, p);
  if (!dec) return undefined;
  const pct = ensureNumFmt(dec.xml, NUM_FMT.percent, p);
  if (!pct) return undefined;
  const date = ensureNumFmt(pct.xml, NUM_FMT.date, p);
  if (!date) return undefined;
  const datetime = ensureNumFmt(date.xml, NUM_FMT.datetime, p);
  if (!datetime) return undefined;
  const items = (tag: string, item: string, xml: string, wanted: readonly string[]): { xml: string; ids: number[] } | undefined =>
    ensureItems(
      xml,
      `${p}${tag}`,
      `${p}${item}`,
      wanted.map((w) => withPrefix(w, p)),
    );
  const fonts = items('fonts', 'font', datetime.xml, [FONT.title, FONT.bold, FONT.heading]);
  if (!fonts) return undefined;
  const fills = items('fills', 'fill', fonts.xml, [FILL.header, FILL.error, FILL.warning, FILL.ok]);
  if (!fills) return undefined;
  const borders = items('borders', 'border', fills.xml, [THIN_BORDER]);
  if (!borders) return undefined;
  const [titleFont, boldFont, headingFont] = fonts.ids as [number, number, number];
  const [headerFill, errorFill, warningFill, okFill] = fills.ids as [number, number, number, number];
  const [thinBorder] = borders.ids as [number];
  const indent = (n: number): string => xf({ alignment: `<alignment indent="${n}"/>` });
  const xfs: Record<TabStyle, string> = {
    title: xf({ fontId: titleFont }),
    header: xf({ fontId: boldFont, fillId: headerFill, borderId: thinBorder, alignment: '<alignment horizontal="center" vertical="center" wrapText="1"/>' }),
    error: xf({ fillId: errorFill }),
    warning: xf({ fillId: warningFill }),
    ok: xf({ fillId: okFill }),
    int: xf({ numFmtId: int.id }),
    decimal: xf({ numFmtId: dec.id }),
    percent: xf({ numFmtId: pct.id }),
    heading: xf({ fontId: headingFont }),
    total: xf({ fontId: boldFont }),
    date: xf({ numFmtId: date.id, alignment: '<alignment horizontal="center"/>' }),
    datetime: xf({ numFmtId: datetime.id, alignment: '<alignment horizontal="center"/>' }),
    wrap: xf({ alignment: '<alignment wrapText="1"/>' }),
    indent1: indent(1),
    indent2: indent(2),
    indent3: indent(3),
    indent4: indent(4),
    indent5: indent(5),
  };
  const cellXfs = items(
    'cellXfs',
    'xf',
    borders.xml,
    TAB_STYLES.map((s) => xfs[s]),
  );
  if (!cellXfs) return undefined;
  if (cellXfs.xml !== stylesXml && parseXml(cellXfs.xml) === undefined) return undefined;
  const ids = Object.fromEntries(TAB_STYLES.map((s, i) => [s, cellXfs.ids[i] ?? 0])) as Record<TabStyle, number>;
  return { xml: cellXfs.xml, ids };
}

/**
 * A minimal stylesheet for a workbook the gateway creates: Calibri 11 as the default font (no theme
 * part is written, so no theme references), the two reserved fills, an empty border, the Normal
 * cell style; ensureTabStyles then adds the looks.
 */
export function baseStylesXml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<styleSheet xmlns="${MAIN_NS}">` +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '</styleSheet>'
  );
}
