import type { TabWrite } from '../../ports/workbook-gateway.js';
import { CHART_CONTENT_TYPE, CHART_REL_TYPE, DRAWING_CONTENT_TYPE, DRAWING_REL_TYPE, renderChartXml, renderDrawingXml, sheetRef } from './xlsx-chart-xml.js';
import { COMMENTS_CONTENT_TYPE, COMMENTS_REL_TYPE, notesOf, renderCommentsXml, renderNotesVml, VML_CONTENT_TYPE, VML_REL_TYPE } from './xlsx-notes-xml.js';
import { MAIN_NS, REL_NS, renderWorksheet } from './xlsx-sheet-xml.js';
import { baseStylesXml, ensureTabStyles } from './xlsx-style-sheet.js';
import { isValidSheetName } from './xlsx-tab-names.js';
import { escapeXmlAttr, escapeXmlText } from './xml-text.js';
import { newZipPart, newZipPartAsync, writeZip, type ZipPart } from './zip-archive.js';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
export const WORKSHEET_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
export const WORKSHEET_REL_TYPE = `${REL_NS}/worksheet`;

/** The parts a sheet refers to besides itself (charts, notes), with its relationships. */
interface SheetExtras {
  parts: ZipPart[];
  overrides: string[];
  rels: string[];
  drawingRelId?: string;
  legacyDrawingRelId?: string;
}

/**
 * Charts (a drawing part with one chart part each) and notes (a comments part and the VML shapes
 * Excel shows them in) of sheet `sheetNo`; chart parts are numbered from `firstChart` on.
 */
function sheetExtras(tab: TabWrite, sheetNo: number, firstChart: number, small: (name: string, xml: string) => ZipPart): SheetExtras {
  const out: SheetExtras = { parts: [], overrides: [], rels: [] };
  const charts = tab.charts ?? [];
  if (charts.length > 0) {
    const relIds = charts.map((_, i) => `rId${i + 1}`);
    const drawingRels = charts
      .map((_, i) => `<Relationship Id="${relIds[i] ?? ''}" Type="${CHART_REL_TYPE}" Target="../charts/chart${firstChart + i}.xml"/>`)
      .join('');
    charts.forEach((chart, i) => {
      out.parts.push(small(`xl/charts/chart${firstChart + i}.xml`, renderChartXml(tab, chart)));
      out.overrides.push(`<Override PartName="/xl/charts/chart${firstChart + i}.xml" ContentType="${CHART_CONTENT_TYPE}"/>`);
    });
    out.parts.push(
      small(`xl/drawings/drawing${sheetNo}.xml`, renderDrawingXml(charts, relIds)),
      small(`xl/drawings/_rels/drawing${sheetNo}.xml.rels`, `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${drawingRels}</Relationships>`),
    );
    out.overrides.push(`<Override PartName="/xl/drawings/drawing${sheetNo}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/>`);
    out.drawingRelId = 'rId1';
    out.rels.push(`<Relationship Id="rId1" Type="${DRAWING_REL_TYPE}" Target="../drawings/drawing${sheetNo}.xml"/>`);
  }
  const notes = notesOf(tab);
  if (notes.length > 0) {
    out.parts.push(small(`xl/comments${sheetNo}.xml`, renderCommentsXml(notes)), small(`xl/drawings/vmlDrawing${sheetNo}.vml`, renderNotesVml(notes, sheetNo)));
    out.overrides.push(`<Override PartName="/xl/comments${sheetNo}.xml" ContentType="${COMMENTS_CONTENT_TYPE}"/>`);
    out.legacyDrawingRelId = 'rId2';
    out.rels.push(
      `<Relationship Id="rId2" Type="${VML_REL_TYPE}" Target="../drawings/vmlDrawing${sheetNo}.vml"/>`,
      `<Relationship Id="rId3" Type="${COMMENTS_REL_TYPE}" Target="../comments${sheetNo}.xml"/>`,
    );
  }
  if (out.rels.length > 0) {
    out.parts.push(
      small(`xl/worksheets/_rels/sheet${sheetNo}.xml.rels`, `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${out.rels.join('')}</Relationships>`),
    );
  }
  return out;
}

/** `_xlnm.Print_Titles` of each tab that repeats header rows on every printed page. */
function printTitles(tabs: readonly TabWrite[]): string {
  const names = tabs.flatMap((t, i) => {
    const rows = t.print?.repeatRows ?? 0;
    return rows > 0 ? [`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXmlText(`${sheetRef(t.name)}!$1:$${rows}`)}</definedName>`] : [];
  });
  return names.length === 0 ? '' : `<definedNames>${names.join('')}</definedNames>`;
}

/**
 * A whole new .xlsx of the given tabs, in order, rendered without exceljs: the minimal package
 * Excel, LibreOffice and exceljs open ([Content_Types].xml, _rels/.rels, xl/workbook.xml, its
 * relationships, xl/styles.xml and one part per sheet; strings inline, no shared strings, no
 * theme, no document properties), plus, for tabs that have them, native charts (DrawingML chart
 * parts in a drawing), notes (comments with their VML shapes) and print titles. The first tab is
 * the active one.
 *
 * Sheets are deflated on libuv's thread pool while the next one is rendered: the summary's
 * per-commune tables are most of a run's output. Undefined when a tab name is one Excel refuses
 * (the caller then uses exceljs, which reports it).
 */
export async function buildNewWorkbook(tabs: readonly TabWrite[], now: Date = new Date()): Promise<Buffer | undefined> {
  if (tabs.length === 0 || !tabs.every((t) => isValidSheetName(t.name))) return undefined;
  const styles = ensureTabStyles(baseStylesXml());
  if (!styles) return undefined; // the base stylesheet is ours: cannot happen
  const small = (name: string, xml: string): ZipPart => newZipPart(name, Buffer.from(xml, 'utf8'), 6, now);

  let nextChart = 1;
  const extras = tabs.map((tab, i) => {
    const e = sheetExtras(tab, i + 1, nextChart, small);
    nextChart += tab.charts?.length ?? 0;
    return e;
  });
  const sheets: Promise<ZipPart>[] = tabs.map((tab, i) => {
    const e = extras[i];
    const xml = renderWorksheet(tab, styles.ids, {
      selected: i === 0,
      ...(e?.drawingRelId === undefined ? {} : { drawingRelId: e.drawingRelId }),
      ...(e?.legacyDrawingRelId === undefined ? {} : { legacyDrawingRelId: e.legacyDrawingRelId }),
    });
    return newZipPartAsync(`xl/worksheets/sheet${i + 1}.xml`, xml, 6, now);
  });

  const overrides = tabs.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${WORKSHEET_CONTENT_TYPE}"/>`).join('');
  const hasNotes = extras.some((e) => e.legacyDrawingRelId !== undefined);
  const contentTypes =
    `${XML_DECL}<Types xmlns="${CT_NS}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    (hasNotes ? `<Default Extension="vml" ContentType="${VML_CONTENT_TYPE}"/>` : '') +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${overrides}${extras.flatMap((e) => e.overrides).join('')}</Types>`;
  const rootRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const sheetEls = tabs.map((t, i) => `<sheet name="${escapeXmlAttr(t.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const workbook = `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheetEls}</sheets>${printTitles(tabs)}</workbook>`;
  const sheetRels = tabs.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${WORKSHEET_REL_TYPE}" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const workbookRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${sheetRels}<Relationship Id="rId${tabs.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;

  return writeZip([
    small('[Content_Types].xml', contentTypes),
    small('_rels/.rels', rootRels),
    small('xl/workbook.xml', workbook),
    small('xl/_rels/workbook.xml.rels', workbookRels),
    small('xl/styles.xml', styles.xml),
    ...(await Promise.all(sheets)),
    ...extras.flatMap((e) => e.parts),
  ]);
}
