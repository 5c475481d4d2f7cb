import { posix } from 'node:path';
import type { CellMarks, TabWrite } from '../../ports/workbook-gateway.js';
import { drawCellMarks } from './xlsx-cell-marks.js';
import { WORKSHEET_CONTENT_TYPE, WORKSHEET_REL_TYPE } from './xlsx-package-new.js';
import {
  CT_NS,
  parseRels,
  partKey,
  readWorkbookDocument,
  relsPartOf,
  resolveTarget,
  xmlTextOf,
  type RelsDocument,
  type WorkbookDocument,
} from './xlsx-package-structure.js';
import { REL_NS, renderWorksheet } from './xlsx-sheet-xml.js';
import { ensureTabStyles } from './xlsx-style-sheet.js';
import { isValidSheetName, sameTabName, tabNameKey } from './xlsx-tab-names.js';
import { escapeXmlAttr, escapeXmlText } from './xml-text.js';
import {
  appendInside,
  applyEdits,
  attributeOf,
  childOf,
  childrenOf,
  parseXml,
  prefixFor,
  siblingName,
  startTagWith,
  type TextEdit,
  type XmlDocument,
  type XmlElement,
} from './xml-document.js';
import { inflatePart, newZipPart, readZipParts, writeZip, zipCommentOf, type ZipPart } from './zip-archive.js';
import { InflateBudget } from './zip-inflate-limits.js';

/**
 * Writing tabs into an existing .xlsx by editing its zip package, instead of loading the whole
 * workbook with exceljs and serialising it again.
 *
 * Only what the write is about changes: the worksheet part of each written tab, and when needed
 * xl/workbook.xml (a new or renamed tab), its relationships and [Content_Types].xml (a new tab),
 * xl/styles.xml (the looks, appended once). Every other entry keeps its compressed bytes, so staff's
 * sheets, charts, pivot tables, validations and anything else exceljs does not model stay exactly
 * as they were. A unit workbook is edited in about a millisecond.
 *
 * The bookkeeping parts are read with an XML parser (xml-document.ts): any quoting, namespace
 * prefix, entity or comment means what it says, and an edit changes only the elements it is about,
 * spelled with the prefixes the part already uses. A part the parser cannot read, or one with a
 * document type declaration (OOXML forbids them; their entities could change what the text says),
 * is never edited: the caller falls back to exceljs.
 */

const OFFICE_DOCUMENT_REL_TYPE = `${REL_NS}/officeDocument`;
const STYLES_REL_TYPE = `${REL_NS}/styles`;
const CALC_CHAIN_REL_TYPE = `${REL_NS}/calcChain`;

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
  /** Inflated text of the parts read so far (a part is read again by several steps). */
  private readonly texts = new Map<number, string | undefined>();

  constructor(
    readonly parts: readonly ZipPart[],
    private readonly budget: InflateBudget,
  ) {
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

  /**
   * The current text of a part (as edited so far), or undefined when absent, unreadable or not
   * UTF-8 (a part this editor could not write back unchanged). Throws ZipInflateLimitError.
   */
  text(name: string): string | undefined {
    const i = this.byKey.get(partKey(name));
    if (i === undefined) {
      const added = this.added.find((a) => partKey(a.name) === partKey(name));
      return added === undefined ? undefined : asText(added.content);
    }
    if (this.removed.has(i)) return undefined;
    const edited = this.changed.get(i);
    if (edited !== undefined) return asText(edited);
    if (this.texts.has(i)) return this.texts.get(i);
    const part = this.parts[i];
    const raw = part === undefined ? undefined : inflatePart(part, this.budget);
    const decoded = raw === undefined ? undefined : xmlTextOf(raw);
    const text = decoded?.utf8 ? decoded.text : undefined;
    this.texts.set(i, text);
    return text;
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
    return [...this.parts.flatMap((p, i) => (this.removed.has(i) ? [] : [p.entry.name.toString('utf8')])), ...this.added.map((a) => a.name)];
  }

  /** The archive: untouched entries copied as stored, edited and added ones deflated anew, the comment kept. */
  toZip(now: Date, comment: Buffer): Buffer {
    const out: ZipPart[] = [];
    this.parts.forEach((p, i) => {
      if (this.removed.has(i)) return;
      const edited = this.changed.get(i);
      out.push(edited === undefined ? p : newZipPart(p.entry.name.toString('utf8'), asBytes(edited), 6, now));
    });
    for (const a of this.added) out.push(newZipPart(a.name, asBytes(a.content), 6, now));
    return writeZip(out, comment);
  }
}

/** A parsed part that may be edited: well-formed and without a document type declaration. */
function editable(doc: XmlDocument | undefined): XmlDocument | undefined {
  return doc && !doc.hasDoctype ? doc : undefined;
}

/** Part names as [Content_Types].xml writes them (`/xl/a%20b.xml`) compared as part names. */
function samePartName(written: string | undefined, part: string): boolean {
  if (written === undefined) return false;
  return partKey(resolveTarget('', written)) === partKey(part);
}

/** Content types: the parsed [Content_Types].xml with helpers to read and edit overrides. */
class ContentTypes {
  private constructor(private doc: XmlDocument) {}

  static parse(xml: string | undefined): ContentTypes | undefined {
    const doc = editable(xml === undefined ? undefined : parseXml(xml));
    if (!doc || doc.root.local !== 'Types' || doc.root.uri !== CT_NS) return undefined;
    if (doc.root.children.some((e) => e.uri !== CT_NS || (e.local !== 'Default' && e.local !== 'Override'))) return undefined;
    return new ContentTypes(doc);
  }

  /** The content type of a part: its override, else the default for its extension. */
  typeOf(part: string): string | undefined {
    const root = this.doc.root;
    const override = childrenOf(root, 'Override', CT_NS).find((e) => samePartName(attributeOf(e, 'PartName'), part));
    if (override) return attributeOf(override, 'ContentType');
    const ext = posix.extname(part).slice(1).toLowerCase();
    const def = childrenOf(root, 'Default', CT_NS).find((e) => (attributeOf(e, 'Extension') ?? '').toLowerCase() === ext);
    return def === undefined ? undefined : attributeOf(def, 'ContentType');
  }

  addOverride(part: string, contentType: string): boolean {
    const root = this.doc.root;
    const el = `<${siblingName(root, 'Override')} PartName="/${escapeXmlAttr(part)}" ContentType="${escapeXmlAttr(contentType)}"/>`;
    return this.edit([appendInside(this.doc.source, root, el)]);
  }

  removeOverride(part: string): boolean {
    const el = childrenOf(this.doc.root, 'Override', CT_NS).find((e) => samePartName(attributeOf(e, 'PartName'), part));
    return el === undefined ? true : this.edit([{ start: el.start, end: el.end, text: '' }]);
  }

  /** Applies edits and parses the result again; false (and nothing changed) when it would not parse. */
  private edit(edits: TextEdit[]): boolean {
    const next = parseXml(applyEdits(this.doc.source, edits));
    if (!next) return false;
    this.doc = next;
    return true;
  }

  get text(): string {
    return this.doc.source;
  }
}

/** The relationships of `source`'s relationships part as edited so far in `pkg`. */
function relsOf(pkg: Package, source: string): RelsDocument | undefined {
  const rels = parseRels(pkg.text(relsPartOf(source)));
  return rels && !rels.doc.hasDoctype ? rels : undefined;
}

/**
 * Removes a part's relationships part and every part reachable only through it (comments, notes'
 * drawings, tables, drawings and their charts of a sheet being replaced), with their content types.
 * A part another relationships part still points to stays. False when a relationships part on the
 * way cannot be read (the caller then leaves the package to exceljs).
 */
function removeRelatedParts(pkg: Package, types: ContentTypes, part: string): boolean {
  const start = relsPartOf(part);
  if (!pkg.has(start)) return true;
  // Who points to what, over every relationships part of the package.
  const pointers = new Map<string, Set<string>>();
  for (const name of pkg.names()) {
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(name);
    if (!m) continue;
    const source = `${m[1] ?? ''}${m[2] ?? ''}`;
    const parsed = parseRels(pkg.text(name));
    if (!parsed) return false;
    for (const r of parsed.rels) {
      if (r.external) continue;
      const target = partKey(resolveTarget(source, r.target));
      const set = pointers.get(target) ?? new Set<string>();
      set.add(partKey(name));
      pointers.set(target, set);
    }
  }
  const gone = new Set<string>([partKey(start)]);
  const queue: string[] = [];
  const enqueueTargets = (source: string): boolean => {
    const parsed = relsOf(pkg, source);
    if (!parsed) return false;
    for (const r of parsed.rels) if (!r.external) queue.push(resolveTarget(source, r.target));
    return true;
  };
  if (!enqueueTargets(part)) return false;
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
      if (!enqueueTargets(target)) return false;
      gone.add(partKey(rels));
      pkg.remove(rels);
    }
    pkg.remove(target);
    if (!types.removeOverride(target)) return false;
  }
  return true;
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

/** A tab replaced by this write: where it is in the tab list, its name before and after. */
interface Replaced {
  index: number;
  oldName: string;
  newName: string;
}

/**
 * Edits of the defined names after tabs were replaced: names local to a replaced tab that Excel
 * itself derives from the sheet (`_xlnm.Print_Area`, `_xlnm.Print_Titles`, `_xlnm._FilterDatabase`...)
 * describe the old content and are dropped; when a tab was renamed, references to the old name in
 * the others follow it. Formulas in other sheets that name the old tab are not rewritten (parts
 * left as they are): a rename only happens when the names differ in case, spacing or tone-mark
 * placement.
 */
function definedNameEdits(wb: WorkbookDocument, replaced: readonly Replaced[]): TextEdit[] {
  const section = childOf(wb.root, 'definedNames', wb.root.uri);
  if (!section || section.selfClosing) return [];
  const els = childrenOf(section, 'definedName', wb.root.uri);
  const edits: TextEdit[] = [];
  let dropped = 0;
  for (const el of els) {
    const local = attributeOf(el, 'localSheetId');
    const name = attributeOf(el, 'name') ?? '';
    if (name.startsWith('_xlnm.') && replaced.some((r) => String(r.index) === local)) {
      edits.push({ start: el.start, end: el.end, text: '' });
      dropped++;
      continue;
    }
    if (el.selfClosing) continue;
    let formula = el.text;
    for (const r of replaced) if (r.oldName !== r.newName) formula = renameSheetRefs(formula, r.oldName, r.newName);
    if (formula !== el.text) edits.push({ start: el.startTagEnd, end: el.contentEnd, text: escapeXmlText(formula) });
  }
  // Excel refuses an empty <definedNames>: when every name goes, the section goes.
  if (dropped > 0 && dropped === els.length && section.children.length === els.length) return [{ start: section.start, end: section.end, text: '' }];
  return edits;
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

/** The `activeTab` of the workbook's first view (0 when absent). */
function activeTabOf(wb: WorkbookDocument): number {
  const views = childOf(wb.root, 'bookViews', wb.root.uri);
  const view = views === undefined ? undefined : childOf(views, 'workbookView', wb.root.uri);
  const n = Number(view === undefined ? 0 : (attributeOf(view, 'activeTab') ?? 0));
  return Number.isInteger(n) ? n : 0;
}

/** ` r:id="rId7"` for a new `<sheet>`, declaring the relationships namespace when no prefix for it is in scope. */
function relIdAttribute(sheets: XmlElement, rid: string): string {
  const prefix = prefixFor(sheets, REL_NS);
  if (prefix !== undefined && prefix !== '') return ` ${prefix}:id="${rid}"`;
  const own = sheets.prefix === 'r' ? 'rel' : 'r';
  return ` xmlns:${own}="${REL_NS}" ${own}:id="${rid}"`;
}

/**
 * The .xlsx `bytes` with each tab replaced (matched like the reader matches names; renamed to the
 * name written; kept in its place, hidden state and all) or added as the last tab. Undefined when
 * the package is one these edits cannot handle safely: encrypted, a bookkeeping part that does not
 * parse or has a DOCTYPE, Strict-namespace XML, a matched tab that is a chart sheet, no stylesheet,
 * an invalid tab name. The caller then falls back to a full load with exceljs. Throws
 * ZipInflateLimitError when a part it reads inflates past the bounds.
 */
export function writeTabsIntoPackage(bytes: Buffer, tabs: readonly TabWrite[], now: Date = new Date(), marks?: CellMarks): Buffer | undefined {
  const writes = uniqueTabs(tabs);
  if (writes.length === 0 || !writes.every((t) => isValidSheetName(t.name))) return undefined;
  const parts = readZipParts(bytes);
  if (!parts) return undefined;
  const pkg = new Package(parts, new InflateBudget());
  if (!pkg.namesUnique) return undefined;
  const types = ContentTypes.parse(pkg.text('[Content_Types].xml'));
  if (!types) return undefined;

  const rootRels = parseRels(pkg.text('_rels/.rels'));
  const officeDoc = rootRels?.rels.find((r) => r.type === OFFICE_DOCUMENT_REL_TYPE && !r.external);
  if (!officeDoc) return undefined;
  const wb = readWorkbookDocument((name) => pkg.text(name));
  if (!wb || !wb.transitional || editable(wb.doc) === undefined || partKey(wb.part) !== partKey(resolveTarget('', officeDoc.target))) return undefined;
  const workbookPart = wb.part;
  const relsDoc = relsOf(pkg, workbookPart);
  if (!relsDoc) return undefined;
  const rels = relsDoc.rels;
  const sheetIds = wb.tabs.map((t) => t.sheetId);
  if (wb.tabs.some((t) => t.rid === undefined) || !sheetIds.every((id) => Number.isInteger(id))) return undefined;
  const activeTab = activeTabOf(wb);

  const stylesRel = rels.find((r) => r.type === STYLES_REL_TYPE && !r.external);
  if (!stylesRel) return undefined;
  const stylesPart = resolveTarget(workbookPart, stylesRel.target);
  const stylesXml = pkg.text(stylesPart);
  const styles = stylesXml === undefined ? undefined : ensureTabStyles(stylesXml);
  if (!styles) return undefined;
  if (styles.xml !== stylesXml) pkg.set(stylesPart, styles.xml);

  const workbookEdits: TextEdit[] = [];
  const relsEdits: TextEdit[] = [];
  const replaced: Replaced[] = [];
  let nextSheetId = Math.max(...sheetIds) + 1;
  const usedRids = new Set(rels.map((r) => r.id));
  const newSheetEls: string[] = [];
  const newRelEls: string[] = [];
  const sheetKeys = wb.tabs.map((t) => tabNameKey(t.name));
  const sheetElName = siblingName(wb.sheets, 'sheet');
  for (const tab of writes) {
    const index = sheetKeys.indexOf(tabNameKey(tab.name));
    const sheet = wb.tabs[index];
    if (sheet) {
      const rel = rels.find((r) => r.id === sheet.rid);
      if (!rel || rel.external || rel.type !== WORKSHEET_REL_TYPE) return undefined;
      const part = resolveTarget(workbookPart, rel.target);
      if (!pkg.has(part)) return undefined;
      const type = types.typeOf(part);
      if (type === undefined) {
        if (!types.addOverride(part, WORKSHEET_CONTENT_TYPE)) return undefined;
      } else if (type !== WORKSHEET_CONTENT_TYPE) return undefined;
      if (!removeRelatedParts(pkg, types, part)) return undefined;
      pkg.set(part, renderWorksheet(tab, styles.ids, { selected: index === activeTab }));
      if (sheet.name !== tab.name) workbookEdits.push({ start: sheet.el.start, end: sheet.el.startTagEnd, text: startTagWith(sheet.el, 'name', tab.name) });
      replaced.push({ index, oldName: sheet.name, newName: tab.name });
    } else {
      let n = 1;
      while (pkg.has(posix.join(posix.dirname(workbookPart), `worksheets/sheet${n}.xml`))) n++;
      const part = posix.join(posix.dirname(workbookPart), `worksheets/sheet${n}.xml`);
      let r = rels.length + 1;
      while (usedRids.has(`rId${r}`)) r++;
      const rid = `rId${r}`;
      usedRids.add(rid);
      pkg.set(part, renderWorksheet(tab, styles.ids));
      if (!types.addOverride(part, WORKSHEET_CONTENT_TYPE)) return undefined;
      newSheetEls.push(`<${sheetElName} name="${escapeXmlAttr(tab.name)}" sheetId="${nextSheetId}"${relIdAttribute(wb.sheets, rid)}/>`);
      newRelEls.push(`<${siblingName(relsDoc.root, 'Relationship')} Id="${rid}" Type="${WORKSHEET_REL_TYPE}" Target="worksheets/sheet${n}.xml"/>`);
      nextSheetId++;
    }
  }

  // Error marks on the tabs staff own (not those this write replaces): cell formats and notes.
  const replacedIndexes = new Set(replaced.map((r) => r.index));
  const markable = wb.tabs.flatMap((t, i) => {
    if (replacedIndexes.has(i)) return [];
    const rel = rels.find((r) => r.id === t.rid);
    if (!rel || rel.external || rel.type !== WORKSHEET_REL_TYPE) return [];
    const part = resolveTarget(workbookPart, rel.target);
    return pkg.has(part) && types.typeOf(part) === WORKSHEET_CONTENT_TYPE ? [{ name: t.name, part }] : [];
  });
  drawCellMarks({ parts: pkg, types, sheets: markable, stylesPart }, marks);

  if (replaced.length > 0) {
    // The calculation chain lists formula cells by sheet; one that lists cells of the old content
    // makes Excel repair the file. Without it Excel simply rebuilds it.
    const calc = rels.find((r) => r.type === CALC_CHAIN_REL_TYPE && !r.external);
    if (calc) {
      const part = resolveTarget(workbookPart, calc.target);
      pkg.remove(part);
      if (!types.removeOverride(part)) return undefined;
      relsEdits.push({ start: calc.el.start, end: calc.el.end, text: '' });
    }
    workbookEdits.push(...definedNameEdits(wb, replaced));
  }
  if (newSheetEls.length > 0) workbookEdits.push(appendInside(wb.doc.source, wb.sheets, newSheetEls.join('')));
  if (newRelEls.length > 0) relsEdits.push(appendInside(relsDoc.doc.source, relsDoc.root, newRelEls.join('')));

  // Every bookkeeping part written must still be well-formed XML (the content types are checked
  // at each edit, the styles by ensureTabStyles); one that is not is never written.
  for (const [part, doc, edits] of [
    [workbookPart, wb.doc, workbookEdits],
    [relsPartOf(workbookPart), relsDoc.doc, relsEdits],
  ] as const) {
    if (edits.length === 0) continue;
    const xml = applyEdits(doc.source, edits);
    if (parseXml(xml) === undefined) return undefined;
    pkg.set(part, xml);
  }
  if (types.text !== pkg.text('[Content_Types].xml')) pkg.set('[Content_Types].xml', types.text);
  return pkg.toZip(now, zipCommentOf(bytes));
}
