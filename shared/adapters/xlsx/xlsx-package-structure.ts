import { posix } from 'node:path';
import { MAIN_NS, REL_NS } from './xlsx-sheet-xml.js';
import { attributeOf, childOf, childrenOf, parseXml, type XmlDocument, type XmlElement } from './xml-document.js';
import { inflatePart, readZipParts, type ZipPart } from './zip-archive.js';
import { InflateBudget } from './zip-inflate-limits.js';

/**
 * How an .xlsx package says what it holds: the package relationships point to the workbook part,
 * whose `<sheets>` list the tabs, each pointing through the workbook's relationships to its part.
 * Read with the XML parser (xml-document.ts), so every valid spelling is understood, and "cannot
 * tell" (a part missing or not well-formed) is undefined, never an empty list.
 */

export const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
export const OFFICE_DOCUMENT_REL_TYPE = `${REL_NS}/officeDocument`;
/** ISO 29500 Strict spells the namespaces differently; its tabs are read, but never edited. */
const STRICT_MAIN_NS = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_REL_NS = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
const STRICT_OFFICE_DOCUMENT_REL_TYPE = `${STRICT_REL_NS}/officeDocument`;

/** OPC compares part names without regard to ASCII case. */
export const partKey = (name: string): string => name.toLowerCase();

/** The part name a relationship target points to, from the part whose relationships hold it. */
export function resolveTarget(sourcePart: string, target: string): string {
  let decoded = target;
  try {
    // Targets are URIs: a part name with spaces or non-ASCII letters is percent-encoded.
    decoded = decodeURIComponent(target);
  } catch {
    // Not valid percent-encoding: taken as written.
  }
  if (decoded.startsWith('/')) return posix.normalize(decoded).slice(1);
  return posix.normalize(posix.join(posix.dirname(sourcePart), decoded)).replace(/^\.\//, '');
}

/** The relationships part of a part (`xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`; the package's own is `_rels/.rels`). */
export function relsPartOf(part: string): string {
  const dir = posix.dirname(part);
  return `${dir === '.' ? '' : `${dir}/`}_rels/${posix.basename(part)}.rels`;
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  el: XmlElement;
}

export interface RelsDocument {
  doc: XmlDocument;
  root: XmlElement;
  rels: Relationship[];
}

/** A relationships part, or undefined when absent, not well-formed or not the form OPC defines. */
export function parseRels(xml: string | undefined): RelsDocument | undefined {
  if (xml === undefined) return undefined;
  const doc = parseXml(xml);
  if (!doc || doc.root.local !== 'Relationships' || doc.root.uri !== PKG_REL_NS) return undefined;
  const rels: Relationship[] = [];
  for (const el of doc.root.children) {
    if (el.local !== 'Relationship' || el.uri !== PKG_REL_NS) return undefined;
    const id = attributeOf(el, 'Id');
    const type = attributeOf(el, 'Type');
    const target = attributeOf(el, 'Target');
    if (id === undefined || type === undefined || target === undefined) return undefined;
    rels.push({ id, type, target, external: attributeOf(el, 'TargetMode') === 'External', el });
  }
  return { doc, root: doc.root, rels };
}

export interface WorkbookTab {
  name: string;
  sheetId: number;
  /** The relationship id (`r:id`) that points to the tab's part. */
  rid: string | undefined;
  el: XmlElement;
}

export interface WorkbookDocument {
  part: string;
  doc: XmlDocument;
  root: XmlElement;
  /** Transitional SpreadsheetML (the only kind edited), not Strict. */
  transitional: boolean;
  sheets: XmlElement;
  tabs: WorkbookTab[];
}

/**
 * The workbook part of a package and its tabs, reading parts through `text`. Undefined when the
 * package does not say, or says it in a form that cannot be read: no workbook part, not
 * well-formed, no `<sheets>`, a `<sheet>` without a name, or no tab at all (Excel never writes a
 * workbook without one, so an empty list means the list was not understood).
 */
export function readWorkbookDocument(text: (part: string) => string | undefined): WorkbookDocument | undefined {
  const rootRels = parseRels(text('_rels/.rels'));
  const officeDoc = rootRels?.rels.find((r) => !r.external && (r.type === OFFICE_DOCUMENT_REL_TYPE || r.type === STRICT_OFFICE_DOCUMENT_REL_TYPE));
  const part = officeDoc ? resolveTarget('', officeDoc.target) : 'xl/workbook.xml';
  const xml = text(part);
  const doc = xml === undefined ? undefined : parseXml(xml);
  if (!doc) return undefined;
  const root = doc.root;
  const transitional = root.uri === MAIN_NS;
  if (root.local !== 'workbook' || (!transitional && root.uri !== STRICT_MAIN_NS)) return undefined;
  const relNs = transitional ? REL_NS : STRICT_REL_NS;
  const sheets = childOf(root, 'sheets', root.uri);
  if (!sheets) return undefined;
  const tabs: WorkbookTab[] = [];
  for (const el of childrenOf(sheets, 'sheet', root.uri)) {
    const name = attributeOf(el, 'name');
    if (name === undefined) return undefined;
    tabs.push({ name, sheetId: Number(attributeOf(el, 'sheetId')), rid: attributeOf(el, 'id', relNs), el });
  }
  if (tabs.length === 0) return undefined;
  return { part, doc, root, transitional, sheets, tabs };
}

/**
 * A part's bytes as XML text: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark.
 * `utf8` tells whether the text can be written back as UTF-8 unchanged: bytes that are not valid
 * UTF-8 would not survive the round trip, so an editor must leave such a part alone.
 */
export function xmlTextOf(bytes: Buffer): { text: string; utf8: boolean } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), utf8: false };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), utf8: false };
  }
  const text = bytes.toString('utf8');
  // A replacement character is either in the text or stands for bytes that were not UTF-8.
  const utf8 = !text.includes('\ufffd') || Buffer.from(text, 'utf8').equals(bytes);
  return { text, utf8 };
}

/** The parts of an archive by part name (OPC: case-insensitive), inflated on demand within one budget. */
export function partReader(parts: readonly ZipPart[], budget: InflateBudget = new InflateBudget()): (name: string) => Buffer | undefined {
  const byKey = new Map<string, ZipPart>();
  for (const p of parts) byKey.set(partKey(p.entry.name.toString('utf8')), p);
  return (name) => {
    const part = byKey.get(partKey(name));
    return part === undefined ? undefined : inflatePart(part, budget);
  };
}

/**
 * The tab names of an .xlsx in tab order, read without loading the workbook; undefined when they
 * cannot be told (see readWorkbookDocument). Throws ZipInflateLimitError for a part past the
 * inflate bounds.
 */
export function tabNamesOf(bytes: Buffer): string[] | undefined {
  const parts = readZipParts(bytes);
  if (!parts) return undefined;
  const read = partReader(parts);
  const doc = readWorkbookDocument((name) => {
    const raw = read(name);
    return raw === undefined ? undefined : xmlTextOf(raw).text;
  });
  return doc?.tabs.map((t) => t.name);
}
