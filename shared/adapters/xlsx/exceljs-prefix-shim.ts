import { SaxesParser, type SaxesTagNS } from 'saxes';
import { CT_NS, PKG_REL_NS } from './xlsx-package-structure.js';
import { MAIN_NS } from './xlsx-sheet-xml.js';
import { applyEdits, type TextEdit } from './xml-document.js';

/**
 * exceljs matches elements by the names as written (`sheet`, `row`, `c`), so a package whose parts
 * spell SpreadsheetML with a prefix (the OpenXML SDK, and so ClosedXML, write `<x:worksheet
 * xmlns:x="...main">`; Tencent Office does too) loads as an empty workbook and then fails with a
 * TypeError: every staff workbook from such a tool would be unreadable. The copy of a part given
 * to exceljs therefore has the prefix of those elements removed. The file itself is never changed.
 *
 * Only parts whose root element is prefixed are parsed (a regular expression on the first bytes
 * decides), so the parts of the usual producers cost nothing.
 */

/** Extended document properties (docProps/app.xml), which the OpenXML SDK writes as `<ap:Properties>`. */
const EXTENDED_PROPERTIES_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties';
const NAMESPACES = new Set([MAIN_NS, PKG_REL_NS, CT_NS, EXTENDED_PROPERTIES_NS]);
/** A root element with a prefix, after an optional mark, declaration and comments. */
const PREFIXED_ROOT = /^\uFEFF?(?:<\?[\s\S]*?\?>)?\s*(?:<!--[\s\S]*?-->\s*)*<[A-Za-z_][\w.-]*:[A-Za-z_]/;

/** The part's XML with SpreadsheetML, relationship and content-type elements unprefixed, or the part itself. */
export function unprefixedForExceljs(raw: Buffer): Buffer {
  if (!PREFIXED_ROOT.test(raw.subarray(0, 2048).toString('utf8'))) return raw;
  // The byte-order mark is dropped from exceljs' copy: saxes would take it for text before the root.
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  const parser = new SaxesParser({ xmlns: true, position: true });
  const edits: TextEdit[] = [];
  const stripped: boolean[] = [];
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const strip = tag.prefix !== '' && NAMESPACES.has(tag.uri);
    if (strip) {
      const start = text.lastIndexOf('<', parser.position - 1);
      edits.push({ start: start + 1, end: start + 1 + tag.prefix.length + 1, text: '' });
    }
    if (!tag.isSelfClosing) stripped.push(strip);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (tag.isSelfClosing) return;
    if (stripped.pop() === true) {
      const at = text.lastIndexOf('</', parser.position - 1) + 2;
      edits.push({ start: at, end: at + tag.prefix.length + 1, text: '' });
    }
  });
  try {
    parser.write(text).close();
  } catch {
    return raw;
  }
  // A part that does not parse is given as it is: exceljs reports it.
  if (failed || edits.length === 0) return raw;
  return Buffer.from(applyEdits(text, edits), 'utf8');
}
