import { posix } from 'node:path';
import type { TabWrite } from '../../ports/workbook-gateway.js';
import { WORKSHEET_CONTENT_TYPE, WORKSHEET_REL_TYPE } from './xlsx-package-new.js';
import { MAIN_NS, REL_NS, renderWorksheet } from './xlsx-sheet-xml.js';
import { ensureTabStyles } from './xlsx-style-sheet.js';
import { isValidSheetName, sameTabName, tabNameKey } from './xlsx-tab-names.js';
import { decodeXml, escapeXmlAttr, escapeXmlText } from './xml-text.js';
import { findSection, parseAttributes, setAttribute, topLevelElements, type ScannedElement } from './xml-scan.js';
import { inflatePart, newZipPart, readZipParts, writeZip, type ZipPart } from './zip-archive.js';

/**
 * Writing tabs into an existing .xlsx by editing its zip package, instead of loading the whole
 * workbook with exceljs and serialising it again.
 *
 * Only what the write is about changes: the worksheet part of each written tab, and when needed
 * xl/workbook.xml (a new or renamed tab), its relationships and [Content_Types].xml (a new tab),
 * xl/styles.xml (the looks, appended once). Every other entry keeps its compressed bytes, so staff's
 * sheets, charts, pivot tables, validations and anything else exceljs does not model stay exactly
 * as they were. A unit workbook is edited in about a millisecond.
 */

const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const OFFICE_DOCUMENT_REL_TYPE = `${REL_NS}/officeDocument`;
const STYLES_REL_TYPE = `${REL_NS}/styles`;
const CALC_CHAIN_REL_TYPE = `${REL_NS}/calcChain`;

/** The part name a relationship target points to, from the part whose relationships hold it. */
function resolveTarget(sourcePart: string, target: string): string {
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
function relsPartOf(part: string): string {
  const dir = posix.dirname(part);
  return `${dir === '.' ? '' : `${dir}/`}_rels/${posix.basename(part)}.rels`;
}

/** OPC compares part names without regard to ASCII case. */
const partKey = (name: string): string => name.toLowerCase();

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  el: ScannedElement;
}

/** A relationships part's text and its relationships, or undefined when it is not the plain form expected. */
function parseRels(xml: string): { xml: string; rels: Relationship[] } | undefined {
  const root = findSection(xml, 'Relationships');
  if (!root || !root.openTag.includes(`xmlns="${PKG_REL_NS}"`)) return undefined;
  if (root.selfClosing) return { xml, rels: [] };
  const els = topLevelElements(root.body, false);
  if (!els || els.some((e) => e.name !== 'Relationship')) return undefined;
  const rels: Relationship[] = [];
  for (const el of els) {
    const a = parseAttributes(el.xml);
    const id = a.get('Id');
    const type = a.get('Type');
    const target = a.get('Target');
    if (id === undefined || type === undefined || target === undefined) return undefined;
    rels.push({ id, type, target, external: a.get('TargetMode') === 'External', el });
  }
  return { xml, rels };
}

/** A part's new content: XML text, or bytes already UTF-8 (a rendered sheet). */
type PartContent = string | Buffer;

const asText = (c: PartContent): string => (typeof c === 'string' ? c : c.toString('utf8'));
const asBytes = (c: PartContent): Buffer => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

/** The package's entries by name, decoded on demand, with the edits to write back. */
class Package {
  private readonly byKey = new Map<string, number>();
  private readonly changed = new Map<number, PartContent>();
  private readonly removed = new Set<number>();
  private readonly added: { name: string; content: PartContent }[] = [];

  constructor(readonly parts: readonly ZipPart[]) {
    parts.forEach((p, i) => this.byKey.set(partKey(p.entry.name.toString('utf8')), i));
  }

  /** Whether no two entries share a name (a package that does not is not one to edit). */
  get namesUnique(): boolean {
    return this.byKey.size === this.parts.length;
  }

  has(name: string): boolean {
    const i = this.byKey.get(partKey(name));
    if (i === undefined) return this.added.some((a) => partKey(a.name) === partKey(name));
    return !this.removed.has(i);
  }

  /** The current text of a part (as edited so far), or undefined when absent or unreadable. */
  text(name: string): string | undefined {
    const i = this.byKey.get(partKey(name));
    if (i === undefined) {
      const added = this.added.find((a) => partKey(a.name) === partKey(name));
      return added === undefined ? undefined : asText(added.content);
    }
    if (this.removed.has(i)) return undefined;
    const edited = this.changed.get(i);
    if (edited !== undefined) return asText(edited);
    const part = this.parts[i];
    const raw = part === undefined ? undefined : inflatePart(part);
    return raw?.toString('utf8');
  }

  /** Sets a part's content, adding the part when absent. */
  set(name: string, content: PartContent): void {
    const i = this.byKey.get(partKey(name));
    if (i === undefined) {
      const at = this.added.findIndex((a) => partKey(a.name) === partKey(name));
      if (at >= 0) this.added[at] = { name, content };
      else this.added.push({ name, content });
      return;
    }
    this.removed.delete(i);
    this.changed.set(i, content);
  }

  remove(name: string): void {
    const i = this.byKey.get(partKey(name));
    if (i !== undefined) this.removed.add(i);
  }

  /** Names of every part, present or added. */
  names(): string[] {
    return [
      ...this.parts.flatMap((p, i) => (this.removed.has(i) ? [] : [p.entry.name.toString('utf8')])),
      ...this.added.map((a) => a.name),
    ];
  }

  /** The archive: untouched entries copied as stored, edited and added ones deflated anew. */
  toZip(now: Date): Buffer {
    const out: ZipPart[] = [];
    this.parts.forEach((p, i) => {
      if (this.removed.has(i)) return;
      const edited = this.changed.get(i);
      out.push(edited === undefined ? p : newZipPart(p.entry.name.toString('utf8'), asBytes(edited), 6, now));
    });
    for (const a of this.added) out.push(newZipPart(a.name, asBytes(a.content), 6, now));
    return writeZip(out);
  }
}

/** Content types: the parsed [Content_Types].xml with helpers to read and edit overrides. */
class ContentTypes {
  /** The elements of the current text, worked out again after an edit. */
  private cached: ScannedElement[] | undefined;

  constructor(private xml: string) {}

  static parse(xml: string | undefined): ContentTypes | undefined {
    if (xml === undefined) return undefined;
    const root = findSection(xml, 'Types');
    if (!root || root.selfClosing || !root.openTag.includes(`xmlns="${CT_NS}"`)) return undefined;
    const els = topLevelElements(root.body, false);
    if (!els || els.some((e) => e.name !== 'Default' && e.name !== 'Override')) return undefined;
    const types = new ContentTypes(xml);
    types.cached = els;
    return types;
  }

  private elements(): ScannedElement[] {
    if (this.cached === undefined) {
      const root = findSection(this.xml, 'Types');
      this.cached = (root && topLevelElements(root.body, false)) ?? [];
    }
    return this.cached;
  }

  /** The content type of a part: its override, else the default for its extension. */
  typeOf(part: string): string | undefined {
    const els = this.elements();
    for (const e of els) {
      if (e.name !== 'Override') continue;
      const a = parseAttributes(e.xml);
      if (partKey(a.get('PartName') ?? '') === partKey(`/${part}`)) return a.get('ContentType');
    }
    const ext = posix.extname(part).slice(1).toLowerCase();
    for (const e of els) {
      if (e.name !== 'Default') continue;
      const a = parseAttributes(e.xml);
      if ((a.get('Extension') ?? '').toLowerCase() === ext) return a.get('ContentType');
    }
    return undefined;
  }

  addOverride(part: string, contentType: string): void {
    const el = `<Override PartName="/${escapeXmlAttr(part)}" ContentType="${escapeXmlAttr(contentType)}"/>`;
    const at = this.xml.lastIndexOf('</Types>');
    this.xml = this.xml.slice(0, at) + el + this.xml.slice(at);
    this.cached = undefined;
  }

  removeOverride(part: string): void {
    for (const e of this.elements()) {
      if (e.name === 'Override' && partKey(parseAttributes(e.xml).get('PartName') ?? '') === partKey(`/${part}`)) {
        this.xml = this.xml.replace(e.xml, '');
        this.cached = undefined;
        return;
      }
    }
  }

  get text(): string {
    return this.xml;
  }
}

/**
 * Removes a part's relationships part and every part reachable only through it (comments, notes'
 * drawings, tables, drawings and their charts of a sheet being replaced), with their content types.
 * A part another relationships part still points to stays.
 */
function removeRelatedParts(pkg: Package, types: ContentTypes, part: string): void {
  const start = relsPartOf(part);
  if (!pkg.has(start)) return;
  // Who points to what, over every relationships part of the package.
  const pointers = new Map<string, Set<string>>();
  for (const name of pkg.names()) {
    if (!name.endsWith('.rels')) continue;
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(name);
    if (!m) continue;
    const source = `${m[1] ?? ''}${m[2] ?? ''}`;
    const parsed = parseRels(pkg.text(name) ?? '');
    for (const r of parsed?.rels ?? []) {
      if (r.external) continue;
      const target = partKey(resolveTarget(source, r.target));
      const set = pointers.get(target) ?? new Set<string>();
      set.add(partKey(name));
      pointers.set(target, set);
    }
  }
  const gone = new Set<string>([partKey(start)]);
  const queue: string[] = [];
  const enqueueTargets = (source: string): void => {
    const parsed = parseRels(pkg.text(relsPartOf(source)) ?? '');
    for (const r of parsed?.rels ?? []) if (!r.external) queue.push(resolveTarget(source, r.target));
  };
  enqueueTargets(part);
  pkg.remove(start);
  while (queue.length > 0) {
    const target = queue.shift() ?? '';
    const key = partKey(target);
    if (gone.has(key) || key === partKey(part) || !pkg.has(target)) continue;
    const stillPointed = [...(pointers.get(key) ?? [])].some((rels) => !gone.has(rels));
    if (stillPointed) continue;
    gone.add(key);
    const rels = relsPartOf(target);
    if (pkg.has(rels)) {
      enqueueTargets(target);
      gone.add(partKey(rels));
      pkg.remove(rels);
    }
    pkg.remove(target);
    types.removeOverride(target);
  }
}

/** `'Name'!`, a sheet reference as a formula writes it (quotes doubled). */
const quotedRef = (name: string): string => `'${name.replace(/'/g, "''")}'!`;

/** A formula with references to sheet `from` pointing to `to` (quoted and, for simple names, bare forms). */
function renameSheetRefs(formula: string, from: string, to: string): string {
  let out = formula.split(quotedRef(from)).join(quotedRef(to));
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(from)) {
    out = out.replace(new RegExp(`(^|[=,(:\\s+\\-*/&^])${from.replace(/\./g, '\\.')}!`, 'g'), (_, lead: string) => `${lead}${quotedRef(to)}`);
  }
  return out;
}

/**
 * Defined names after a tab was replaced: names local to it that Excel itself derives from the
 * sheet (`_xlnm.Print_Area`, `_xlnm.Print_Titles`, `_xlnm._FilterDatabase`...) describe the old
 * content and are dropped; when the tab was renamed, references to the old name in the others
 * follow it. Formulas in other sheets that name the old tab are not rewritten (parts left as they
 * are): a rename only happens when the names differ in case, spacing or tone-mark placement.
 */
function fixDefinedNames(workbookXml: string, sheetIndex: number, oldName: string, newName: string): string {
  const section = findSection(workbookXml, 'definedNames');
  if (!section || section.selfClosing) return workbookXml;
  const els = topLevelElements(section.body, false);
  if (!els) return workbookXml;
  const kept: string[] = [];
  for (const el of els) {
    const a = parseAttributes(/^<[^>]*>/.exec(el.xml)?.[0] ?? '');
    if (a.get('localSheetId') === String(sheetIndex) && (a.get('name') ?? '').startsWith('_xlnm.')) continue;
    let xml = el.xml;
    const parts = /^(<[^>]*[^/]>)([\s\S]*)(<\/[^>]*>)$/.exec(xml);
    if (oldName !== newName && parts) {
      // Compared decoded: producers write the apostrophes of `'Tab name'!` as ' or as &apos;.
      const formula = decodeXml(parts[2] ?? '');
      const renamed = renameSheetRefs(formula, oldName, newName);
      if (renamed !== formula) xml = `${parts[1] ?? ''}${escapeXmlText(renamed)}${parts[3] ?? ''}`;
    }
    kept.push(xml);
  }
  if (kept.length === els.length && kept.every((k, i) => k === els[i]?.xml)) return workbookXml;
  const rebuilt = kept.length === 0 ? '' : `${section.openTag}${kept.join('')}</definedNames>`;
  return workbookXml.slice(0, section.start) + rebuilt + workbookXml.slice(section.end);
}

/** The one tab per name that a write keeps: a later TabWrite of the same name replaces an earlier one in its place. */
export function uniqueTabs(tabs: readonly TabWrite[]): TabWrite[] {
  const unique: TabWrite[] = [];
  for (const tab of tabs) {
    const at = unique.findIndex((t) => sameTabName(t.name, tab.name));
    if (at >= 0) unique[at] = tab;
    else unique.push(tab);
  }
  return unique;
}

interface SheetEntry {
  name: string;
  sheetId: number;
  rid: string;
  el: ScannedElement;
}

/**
 * The .xlsx `bytes` with each tab replaced (matched like the reader matches names; renamed to the
 * name written; kept in its place, hidden state and all) or added as the last tab. Undefined when
 * the package is one these text edits cannot handle safely: zip64 or encrypted, prefixed or
 * Strict-namespace XML, a matched tab that is a chart sheet, no stylesheet, an invalid tab name.
 * The caller then falls back to a full load with exceljs.
 */
export function writeTabsIntoPackage(bytes: Buffer, tabs: readonly TabWrite[], now: Date = new Date()): Buffer | undefined {
  const writes = uniqueTabs(tabs);
  if (writes.length === 0 || !writes.every((t) => isValidSheetName(t.name))) return undefined;
  const parts = readZipParts(bytes);
  if (!parts) return undefined;
  const pkg = new Package(parts);
  if (!pkg.namesUnique) return undefined;
  const types = ContentTypes.parse(pkg.text('[Content_Types].xml'));
  if (!types) return undefined;

  const rootRels = parseRels(pkg.text('_rels/.rels') ?? '');
  const officeDoc = rootRels?.rels.find((r) => r.type === OFFICE_DOCUMENT_REL_TYPE && !r.external);
  if (!officeDoc) return undefined;
  const workbookPart = resolveTarget('', officeDoc.target);
  const workbookRelsPart = relsPartOf(workbookPart);
  let workbookXml = pkg.text(workbookPart);
  const relsParsed = parseRels(pkg.text(workbookRelsPart) ?? '');
  if (workbookXml === undefined || !relsParsed) return undefined;
  let relsXml = relsParsed.xml;
  const rels = relsParsed.rels;

  const root = findSection(workbookXml, 'workbook');
  if (!root || root.selfClosing || !root.openTag.includes(`xmlns="${MAIN_NS}"`)) return undefined;
  const rPrefix = new RegExp(`\\sxmlns:([A-Za-z_][\\w.-]*)="${REL_NS.replace(/[./]/g, '\\$&')}"`).exec(root.openTag)?.[1];
  if (rPrefix === undefined) return undefined;
  const sheetsSection = findSection(workbookXml, 'sheets');
  if (!sheetsSection || sheetsSection.selfClosing) return undefined;
  const sheetEls = topLevelElements(sheetsSection.body, false);
  if (!sheetEls || sheetEls.length === 0 || sheetEls.some((e) => e.name !== 'sheet' || !e.xml.endsWith('/>'))) return undefined;
  const sheets: SheetEntry[] = [];
  for (const el of sheetEls) {
    const a = parseAttributes(el.xml);
    const name = a.get('name');
    const sheetId = Number(a.get('sheetId'));
    const rid = a.get(`${rPrefix}:id`);
    if (name === undefined || !Number.isInteger(sheetId) || rid === undefined) return undefined;
    sheets.push({ name, sheetId, rid, el });
  }
  const activeTab = Number(/<workbookView\b[^>]*?\sactiveTab="(\d+)"/.exec(workbookXml)?.[1] ?? '0');

  const stylesRel = rels.find((r) => r.type === STYLES_REL_TYPE && !r.external);
  if (!stylesRel) return undefined;
  const stylesPart = resolveTarget(workbookPart, stylesRel.target);
  const stylesXml = pkg.text(stylesPart);
  const styles = stylesXml === undefined ? undefined : ensureTabStyles(stylesXml);
  if (!styles) return undefined;
  if (styles.xml !== stylesXml) pkg.set(stylesPart, styles.xml);

  let sheetsXml = sheetsSection.body;
  let replacedAny = false;
  let nextSheetId = Math.max(...sheets.map((s) => s.sheetId)) + 1;
  const usedRids = new Set(rels.map((r) => r.id));
  const newSheetEls: string[] = [];
  const newRelEls: string[] = [];
  const sheetKeys = sheets.map((s) => tabNameKey(s.name));
  for (const tab of writes) {
    const key = tabNameKey(tab.name);
    const index = sheetKeys.indexOf(key);
    const sheet = sheets[index];
    if (sheet) {
      const rel = rels.find((r) => r.id === sheet.rid);
      if (!rel || rel.external || rel.type !== WORKSHEET_REL_TYPE) return undefined;
      const part = resolveTarget(workbookPart, rel.target);
      if (!pkg.has(part)) return undefined;
      const type = types.typeOf(part);
      if (type === undefined) types.addOverride(part, WORKSHEET_CONTENT_TYPE);
      else if (type !== WORKSHEET_CONTENT_TYPE) return undefined;
      removeRelatedParts(pkg, types, part);
      pkg.set(part, renderWorksheet(tab, styles.ids, { selected: index === activeTab }));
      if (sheet.name !== tab.name) {
        const renamed = setAttribute(sheet.el.xml, 'name', tab.name);
        sheetsXml = sheetsXml.replace(sheet.el.xml, () => renamed);
      }
      workbookXml = fixDefinedNames(workbookXml, index, sheet.name, tab.name);
      replacedAny = true;
    } else {
      let n = 1;
      while (pkg.has(posix.join(posix.dirname(workbookPart), `worksheets/sheet${n}.xml`))) n++;
      const part = posix.join(posix.dirname(workbookPart), `worksheets/sheet${n}.xml`);
      let r = rels.length + 1;
      while (usedRids.has(`rId${r}`)) r++;
      const rid = `rId${r}`;
      usedRids.add(rid);
      pkg.set(part, renderWorksheet(tab, styles.ids));
      types.addOverride(part, WORKSHEET_CONTENT_TYPE);
      newSheetEls.push(`<sheet name="${escapeXmlAttr(tab.name)}" sheetId="${nextSheetId}" ${rPrefix}:id="${rid}"/>`);
      newRelEls.push(`<Relationship Id="${rid}" Type="${WORKSHEET_REL_TYPE}" Target="worksheets/sheet${n}.xml"/>`);
      nextSheetId++;
    }
  }

  if (replacedAny) {
    // The calculation chain lists formula cells by sheet; one that lists cells of the old content
    // makes Excel repair the file. Without it Excel simply rebuilds it.
    const calc = rels.find((r) => r.type === CALC_CHAIN_REL_TYPE && !r.external);
    if (calc) {
      const part = resolveTarget(workbookPart, calc.target);
      pkg.remove(part);
      types.removeOverride(part);
      relsXml = relsXml.replace(calc.el.xml, '');
    }
  }

  // The workbook's sheet list is re-read after the edits to definedNames, which come after it.
  const currentSheets = findSection(workbookXml, 'sheets');
  if (!currentSheets || currentSheets.selfClosing) return undefined;
  const newSheets = `${sheetsXml}${newSheetEls.join('')}`;
  if (newSheets !== currentSheets.body) {
    workbookXml = `${workbookXml.slice(0, currentSheets.bodyStart)}${newSheets}${workbookXml.slice(currentSheets.end - '</sheets>'.length)}`;
  }
  if (workbookXml !== pkg.text(workbookPart)) pkg.set(workbookPart, workbookXml);
  if (newRelEls.length > 0) {
    const at = relsXml.lastIndexOf('</Relationships>');
    if (at < 0) return undefined;
    relsXml = relsXml.slice(0, at) + newRelEls.join('') + relsXml.slice(at);
  }
  if (relsXml !== relsParsed.xml) pkg.set(workbookRelsPart, relsXml);
  const typesBefore = pkg.text('[Content_Types].xml');
  if (types.text !== typesBefore) pkg.set('[Content_Types].xml', types.text);
  return pkg.toZip(now);
}
