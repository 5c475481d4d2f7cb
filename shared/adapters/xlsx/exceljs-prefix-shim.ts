import { CT_NS, PKG_REL_NS } from './xlsx-package-structure.js';
import { MAIN_NS } from './xlsx-sheet-xml.js';
import { applyEdits, parseXml, type TextEdit, type XmlElement } from './xml-document.js';

/**
 * exceljs matches elements by the names as written (`sheet`, `row`, `c`), so a package whose parts
 * spell SpreadsheetML with a prefix (the OpenXML SDK, and so ClosedXML, write `<x:worksheet
 * xmlns:x="...main">`; Tencent Office does too) loads as an empty workbook and then fails with a
 * TypeError: every staff workbook from such a tool would be unreadable. The copy of a part given
 * to exceljs therefore has the prefix of those elements removed. The file itself is never changed.
 *
 * Only parts whose root element is prefixed are parsed (a look at the first bytes decides), so
 * the parts of the usual producers cost nothing.
 */

/** Extended document properties (docProps/app.xml), which the OpenXML SDK writes as `<ap:Properties>`. */
const EXTENDED_PROPERTIES_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties';
const NAMESPACES = new Set([MAIN_NS, PKG_REL_NS, CT_NS, EXTENDED_PROPERTIES_NS]);
const NAME_END = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]); // space, tab, LF, CR, `>`, `/`

/**
 * Whether the root element's name has a prefix declared on it for one of NAMESPACES, from the
 * first bytes (past a byte-order mark, the declaration and comments): the usual unprefixed parts,
 * and core.xml's `cp:` (another namespace), are never decoded nor parsed.
 */
function rootPrefixToStrip(raw: Buffer): boolean {
  const limit = Math.min(raw.length, 8192);
  let i = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  while (i < limit) {
    const lt = raw.indexOf(0x3c, i);
    if (lt < 0 || lt >= limit) return false;
    const next = raw[lt + 1];
    if (next === 0x3f || next === 0x21) {
      const close = raw.indexOf(next === 0x3f ? '?>' : '-->', lt);
      if (close < 0) return false;
      i = close + 2;
      continue;
    }
    let j = lt + 1;
    while (j < limit && !NAME_END.has(raw[j] ?? 0x3e)) j++;
    const name = raw.toString('latin1', lt + 1, j);
    const colon = name.indexOf(':');
    if (colon < 0) return false;
    const prefix = name.slice(0, colon);
    const tagEnd = raw.indexOf(0x3e, j);
    const tag = raw.toString('utf8', lt, tagEnd < 0 ? limit : tagEnd + 1);
    return [...NAMESPACES].some((ns) => tag.includes(`xmlns:${prefix}="${ns}"`) || tag.includes(`xmlns:${prefix}='${ns}'`));
  }
  return false;
}

/** The part's XML with SpreadsheetML, relationship and content-type elements unprefixed, or the part itself. */
export function unprefixedForExceljs(raw: Buffer): Buffer {
  if (!rootPrefixToStrip(raw)) return raw;
  const doc = parseXml(raw.toString('utf8'));
  // A part that does not parse is given as it is: exceljs reports it.
  if (doc === undefined) return raw;
  const edits: TextEdit[] = [];
  const visit = (el: XmlElement): void => {
    if (el.prefix !== '' && NAMESPACES.has(el.uri)) {
      const cut = el.prefix.length + 1;
      edits.push({ start: el.start + 1, end: el.start + 1 + cut, text: '' });
      if (!el.selfClosing) edits.push({ start: el.contentEnd + 2, end: el.contentEnd + 2 + cut, text: '' });
    }
    for (const child of el.children) visit(child);
  };
  visit(doc.root);
  if (edits.length === 0) return raw;
  // The byte-order mark is dropped from exceljs' copy: saxes would take it for text before the root.
  return Buffer.from(applyEdits(doc.source, edits).replace(/^\uFEFF/, ''), 'utf8');
}
