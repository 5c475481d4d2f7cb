import type { TabWrite } from '../../ports/workbook-gateway.js';
import { MAIN_NS, REL_NS, renderWorksheet } from './xlsx-sheet-xml.js';
import { baseStylesXml, ensureTabStyles } from './xlsx-style-sheet.js';
import { isValidSheetName } from './xlsx-tab-names.js';
import { escapeXmlAttr } from './xml-text.js';
import { newZipPart, newZipPartAsync, writeZip, type ZipPart } from './zip-archive.js';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
export const WORKSHEET_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
export const WORKSHEET_REL_TYPE = `${REL_NS}/worksheet`;

/**
 * A whole new .xlsx of the given tabs, in order, rendered without exceljs: the minimal package
 * Excel, LibreOffice and exceljs open ([Content_Types].xml, _rels/.rels, xl/workbook.xml, its
 * relationships, xl/styles.xml and one part per sheet; strings inline, no shared strings, no
 * theme, no document properties). The first tab is the active one.
 *
 * Sheets are deflated on libuv's thread pool while the next one is rendered: the summary's
 * per-commune tables are most of a run's output. Undefined when a tab name is one Excel refuses
 * (the caller then uses exceljs, which reports it).
 */
export async function buildNewWorkbook(tabs: readonly TabWrite[], now: Date = new Date()): Promise<Buffer | undefined> {
  if (tabs.length === 0 || !tabs.every((t) => isValidSheetName(t.name))) return undefined;
  const styles = ensureTabStyles(baseStylesXml());
  if (!styles) return undefined; // the base stylesheet is ours: cannot happen

  const sheets: Promise<ZipPart>[] = tabs.map((tab, i) => {
    const xml = renderWorksheet(tab, styles.ids, { selected: i === 0 });
    return newZipPartAsync(`xl/worksheets/sheet${i + 1}.xml`, xml, 6, now);
  });

  const overrides = tabs.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${WORKSHEET_CONTENT_TYPE}"/>`).join('');
  const contentTypes =
    `${XML_DECL}<Types xmlns="${CT_NS}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${overrides}</Types>`;
  const rootRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const sheetEls = tabs.map((t, i) => `<sheet name="${escapeXmlAttr(t.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const workbook = `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheetEls}</sheets></workbook>`;
  const sheetRels = tabs.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${WORKSHEET_REL_TYPE}" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const workbookRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${sheetRels}<Relationship Id="rId${tabs.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;

  const small = (name: string, xml: string): ZipPart => newZipPart(name, Buffer.from(xml, 'utf8'), 6, now);
  return writeZip([
    small('[Content_Types].xml', contentTypes),
    small('_rels/.rels', rootRels),
    small('xl/workbook.xml', workbook),
    small('xl/_rels/workbook.xml.rels', workbookRels),
    small('xl/styles.xml', styles.xml),
    ...(await Promise.all(sheets)),
  ]);
}
