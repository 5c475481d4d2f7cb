import { posix } from 'node:path';
import type { CellMarks } from '../../ports/workbook-gateway.js';
import { COMMENTS_CONTENT_TYPE, editComments, editVml, VML_CONTENT_TYPE, vmlIdBlocks } from './xlsx-comments.js';
import { MarkStyles } from './xlsx-mark-styles.js';
import { parseRels, PKG_REL_NS, relsPartOf, resolveTarget, type RelsDocument } from './xlsx-package-structure.js';
import { REL_NS } from './xlsx-sheet-xml.js';
import { tabNameKey } from './xlsx-tab-names.js';
import { escapeXmlAttr } from './xml-text.js';
import { applyEdits, appendInside, parseXml, siblingName, type TextEdit } from './xml-document.js';
import { setAttribute } from './xml-scan.js';
import { cellPosition, scanWorksheet, type ScannedTag } from './xlsx-sheet-scan.js';

/**
 * Error marks on staff's own sheets, drawn by editing the package as the Google front end draws
 * them: each error cell gets a light red background and a note with the message; a mark whose cell
 * was fixed is taken away. A value staff typed is never touched: only the cell's `s` (its format,
 * cloned with the mark's fill, see MarkStyles) and the sheet's notes change. Staff's own
 * background colours and notes are kept: a cell with either keeps it, and is marked by what is
 * left to add.
 *
 * A sheet these edits cannot read safely (a part that does not parse, cells without a reference,
 * notes in a form not understood) gets no marks; the tab the write is about is written anyway,
 * and the feedback tab lists every problem with its cell.
 */

const COMMENTS_REL_TYPE = `${REL_NS}/comments`;
const VML_REL_TYPE = `${REL_NS}/vmlDrawing`;

/** Children of `<worksheet>` that come after `<legacyDrawing>` (ISO 29500 CT_Worksheet order). */
const AFTER_LEGACY_DRAWING = new Set([
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
  'AlternateContent',
]);

/** The parts of the package being edited (see xlsx-package-edit.ts). */
export interface MarkParts {
  has(name: string): boolean;
  text(name: string): string | undefined;
  set(name: string, content: string): void;
  remove(name: string): void;
  names(): string[];
}

export interface MarkTypes {
  typeOf(part: string): string | undefined;
  addOverride(part: string, contentType: string): boolean;
  removeOverride(part: string): boolean;
}

/** One tab that may be marked: its name and its worksheet part. */
export interface MarkableSheet {
  name: string;
  part: string;
}

export interface MarkContext {
  parts: MarkParts;
  types: MarkTypes;
  /** The workbook's sheets that are not being replaced by this write. */
  sheets: readonly MarkableSheet[];
  stylesPart: string;
}

/** Marks of one tab by cell: the notes to place, the marks to take away, and what earlier runs placed. */
interface TabMarks {
  set: Map<string, string[]>;
  clear: Set<string>;
  placed: Map<string, string[]>;
}

const cellKey = (cell: string): string => cell.toUpperCase().replace(/\$/g, '');

function groupByTab(marks: CellMarks): Map<string, TabMarks> {
  const out = new Map<string, TabMarks>();
  const of = (tab: string): TabMarks => {
    const key = tabNameKey(tab);
    let t = out.get(key);
    if (t === undefined) out.set(key, (t = { set: new Map(), clear: new Set(), placed: new Map() }));
    return t;
  };
  for (const m of marks.clear) {
    const t = of(m.tab);
    const cell = cellKey(m.cell);
    t.clear.add(cell);
    t.placed.set(cell, [...(t.placed.get(cell) ?? []), m.note]);
  }
  for (const m of marks.set) {
    const t = of(m.tab);
    const cell = cellKey(m.cell);
    const notes = t.set.get(cell) ?? [];
    if (!notes.includes(m.note)) notes.push(m.note);
    t.set.set(cell, notes);
  }
  // A cell both fixed and still wrong (another problem on it) keeps its mark with the new note.
  for (const t of out.values()) for (const cell of t.set.keys()) t.clear.delete(cell);
  return out;
}

/**
 * Draws and clears the marks of every markable tab they name. Each tab is all or nothing; styles
 * are written once at the end. Marks naming a tab that is absent (renamed, deleted) or being
 * replaced are left out.
 */
export function drawCellMarks(ctx: MarkContext, marks: CellMarks | undefined): void {
  if (marks === undefined || (marks.set.length === 0 && marks.clear.length === 0)) return;
  const stylesXml = ctx.parts.text(ctx.stylesPart);
  const styles = stylesXml === undefined ? undefined : MarkStyles.parse(stylesXml);
  if (styles === undefined) return;
  const commits: (() => void)[] = [];
  const reserved: Reserved = { parts: new Set(), idBlocks: new Set() };
  for (const [key, tabMarks] of groupByTab(marks)) {
    const sheet = ctx.sheets.find((s) => tabNameKey(s.name) === key);
    if (sheet === undefined) continue;
    const commit = markSheet(ctx, reserved, sheet.part, tabMarks, styles);
    if (commit !== undefined) commits.push(commit);
  }
  if (commits.length === 0) return;
  // The sheets' new `s` values point into the new stylesheet: without it, no sheet is marked.
  const xml = styles.xml();
  if (xml === undefined) return;
  for (const commit of commits) commit();
  if (xml !== stylesXml) ctx.parts.set(ctx.stylesPart, xml);
}

/** A sheet's rels, parsed, or an empty one when the part does not exist; undefined when it cannot be read. */
function sheetRels(ctx: MarkContext, part: string): { rels: RelsDocument; existed: boolean } | undefined {
  const name = relsPartOf(part);
  const text = ctx.parts.text(name);
  if (text === undefined && ctx.parts.has(name)) return undefined;
  const rels = parseRels(text ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"></Relationships>`);
  if (rels === undefined || rels.doc.hasDoctype) return undefined;
  return { rels, existed: text !== undefined };
}

/**
 * Names and VML shape id blocks taken by sheets marked in this write: their parts are written only
 * once every sheet is ready, so two sheets must not both pick `comments1.xml`.
 */
interface Reserved {
  parts: Set<string>;
  idBlocks: Set<number>;
}

/** A free part name `<dir>/<stem>N.<ext>`, reserved for this write. */
function freePart(ctx: MarkContext, reserved: Reserved, dir: string, stem: string, ext: string): string {
  let n = 1;
  const name = (): string => posix.join(dir, `${stem}${n}.${ext}`);
  while (ctx.parts.has(name()) || reserved.parts.has(name().toLowerCase())) n++;
  reserved.parts.add(name().toLowerCase());
  return name();
}

/** The edits that mark one sheet, to apply once every sheet and the stylesheet are ready; undefined when the sheet cannot be marked safely. */
function markSheet(ctx: MarkContext, reserved: Reserved, part: string, marks: TabMarks, styles: MarkStyles): (() => void) | undefined {
  const xml = ctx.parts.text(part);
  const sheet = xml === undefined ? undefined : scanWorksheet(xml);
  if (xml === undefined || sheet === undefined) return undefined;
  const { prefix, sheetData } = sheet;
  const rows = new Map(sheet.rows.map((r) => [r.r, r]));
  const attrNum = (tag: ScannedTag, name: string): number => Number(tag.attrs.get(name) ?? 0);
  /** The format a cell shows: its own, or for a cell not written, its row's or its column's. */
  const styleOf = (r: number, column: number): number => {
    const row = rows.get(r);
    const cell = row?.cells.get(column);
    if (cell !== undefined) return attrNum(cell, 's');
    if (row !== undefined && row.el.attrs.get('customFormat') === '1') return attrNum(row.el, 's');
    return sheet.cols.find((c) => column >= c.min && column <= c.max)?.style ?? 0;
  };

  const edits: TextEdit[] = [];
  /** New cells by row, to insert in order (in their row, or in a new row). */
  const newCells = new Map<number, { column: number; xml: string }[]>();
  const restyle = (cell: string, next: (xf: number) => number): void => {
    const at = cellPosition(cell);
    if (at === undefined) return;
    const current = styleOf(at.row, at.column);
    if (!Number.isInteger(current) || current < 0 || current >= styles.count) return;
    const target = next(current);
    if (target === current) return;
    const el = rows.get(at.row)?.cells.get(at.column);
    if (el !== undefined) {
      edits.push({ start: el.start, end: el.startTagEnd, text: setAttribute(el.tag, 's', String(target)) });
      return;
    }
    const list = newCells.get(at.row) ?? [];
    list.push({ column: at.column, xml: `<${prefix}c r="${cell}" s="${target}"/>` });
    newCells.set(at.row, list);
  };
  for (const cell of marks.set.keys()) restyle(cell, (xf) => styles.marked(xf));
  for (const cell of marks.clear) restyle(cell, (xf) => styles.unmarked(xf));

  // Cells inserted go before the first cell to their right, or at the row's end; several at one
  // place are one edit, and inserts sort before the restyle of the cell they precede.
  const inserts: TextEdit[] = [];
  for (const [r, list] of newCells) {
    list.sort((a, b) => a.column - b.column);
    const row = rows.get(r);
    if (row === undefined) continue;
    const existing = [...row.cells].sort((a, b) => a[0] - b[0]);
    const at = new Map<number, string[]>();
    const atEnd: string[] = [];
    for (const add of list) {
      const before = existing.find(([column]) => column > add.column);
      if (before === undefined) atEnd.push(add.xml);
      else at.set(before[1].start, [...(at.get(before[1].start) ?? []), add.xml]);
    }
    for (const [start, texts] of at) inserts.push({ start, end: start, text: texts.join('') });
    // The row's start tag is rewritten for its spans, or the whole row for an empty-element row.
    const spans = row.el.attrs.get('spans');
    const m = spans === undefined ? null : /^(\d+):(\d+)$/.exec(spans);
    const wider = m ? `${Math.min(Number(m[1]), ...list.map((a) => a.column))}:${Math.max(Number(m[2]), ...list.map((a) => a.column))}` : spans;
    const tag = wider !== undefined && wider !== spans ? setAttribute(row.el.tag, 'spans', wider) : row.el.tag;
    if (row.el.selfClosing) {
      inserts.push({ start: row.el.start, end: row.el.end, text: `${tag.replace(/\s*\/>$/, '>')}${atEnd.join('')}</${row.el.name}>` });
      continue;
    }
    if (tag !== row.el.tag) edits.push({ start: row.el.start, end: row.el.startTagEnd, text: tag });
    if (atEnd.length > 0) inserts.push({ start: row.el.contentEnd, end: row.el.contentEnd, text: atEnd.join('') });
  }
  const rowsAt = new Map<number, string[]>();
  const rowsAtEnd: string[] = [];
  for (const r of [...newCells.keys()].filter((n) => !rows.has(n)).sort((a, b) => a - b)) {
    const cells = (newCells.get(r) ?? [])
      .sort((a, b) => a.column - b.column)
      .map((c) => c.xml)
      .join('');
    const text = `<${prefix}row r="${r}">${cells}</${prefix}row>`;
    const before = sheet.rows.find((row) => row.r > r);
    if (before === undefined) rowsAtEnd.push(text);
    else rowsAt.set(before.el.start, [...(rowsAt.get(before.el.start) ?? []), text]);
  }
  for (const [start, texts] of rowsAt) inserts.push({ start, end: start, text: texts.join('') });
  if (rowsAtEnd.length > 0) {
    inserts.push(
      sheetData.selfClosing
        ? { start: sheetData.start, end: sheetData.end, text: `${sheetData.tag.replace(/\s*\/>$/, '>')}${rowsAtEnd.join('')}</${sheetData.name}>` }
        : { start: sheetData.contentEnd, end: sheetData.contentEnd, text: rowsAtEnd.join('') },
    );
  }

  // Notes: the comments part and the VML drawing Excel draws them from.
  const relsInfo = sheetRels(ctx, part);
  if (relsInfo === undefined) return undefined;
  const { rels } = relsInfo;
  const relsEdits: TextEdit[] = [];
  const commentsRel = rels.rels.find((r) => r.type === COMMENTS_REL_TYPE && !r.external);
  const commentsPart = commentsRel === undefined ? undefined : resolveTarget(part, commentsRel.target);
  const existingComments = commentsPart === undefined ? undefined : ctx.parts.text(commentsPart);
  if (commentsPart !== undefined && existingComments === undefined) return undefined;
  const notes = editComments(existingComments, {
    set: new Map([...marks.set].map(([cell, list]) => [cell, list.join('\n')])),
    clear: marks.clear,
    placed: marks.placed,
  });
  if (notes === undefined) return undefined;

  const legacy = sheet.legacyDrawing;
  // The relationships prefix of the root, or one the element declares itself (as ours do when the root has none).
  const ownRelPrefix = legacy === undefined ? undefined : [...legacy.attrs].find(([k, v]) => k.startsWith('xmlns:') && v === REL_NS)?.[0].slice(6);
  const relIdPrefix = ownRelPrefix ?? sheet.relPrefix;
  const legacyRid = legacy === undefined || relIdPrefix === undefined ? undefined : legacy.attrs.get(`${relIdPrefix}:id`);
  // A <legacyDrawing> whose relationship id cannot be read (a prefix declared elsewhere) is not one to edit.
  if (legacy !== undefined && legacyRid === undefined) return undefined;
  const vmlRel = rels.rels.find((r) => r.type === VML_REL_TYPE && !r.external && (legacyRid === undefined || r.id === legacyRid));
  if (legacy !== undefined && vmlRel === undefined) return undefined;
  const vmlPart = vmlRel === undefined ? undefined : resolveTarget(part, vmlRel.target);
  const existingVml = vmlPart === undefined ? undefined : ctx.parts.text(vmlPart);
  if (vmlPart !== undefined && existingVml === undefined) return undefined;
  const blocks = ctx.parts
    .names()
    .filter((n) => n.toLowerCase().endsWith('.vml'))
    .flatMap((n) => vmlIdBlocks(ctx.parts.text(n) ?? ''));
  const needVml = existingVml !== undefined || notes.ours.size > 0;
  const idBlock = Math.max(0, ...blocks, ...reserved.idBlocks) + 1;
  const vml = needVml ? editVml(existingVml, notes.ours, notes.removed, idBlock) : { xml: undefined };
  if (vml === undefined) return undefined;
  if (existingVml === undefined && vml.xml !== undefined) reserved.idBlocks.add(idBlock);

  const usedIds = new Set(rels.rels.map((r) => r.id));
  const newRid = (): string => {
    let n = rels.rels.length + 1;
    while (usedIds.has(`rId${n}`)) n++;
    usedIds.add(`rId${n}`);
    return `rId${n}`;
  };
  const relEl = (id: string, type: string, target: string): string =>
    `<${siblingName(rels.root, 'Relationship')} Id="${id}" Type="${type}" Target="${escapeXmlAttr(posix.relative(posix.dirname(part), target))}"/>`;
  const typeChanges: (() => boolean)[] = [];
  const partChanges: (() => void)[] = [];
  const newRels: string[] = [];

  // The comments part: written, created or removed.
  if (notes.xml !== undefined) {
    const target = commentsPart ?? freePart(ctx, reserved, posix.dirname(posix.dirname(part)), 'comments', 'xml');
    const text = notes.xml;
    partChanges.push(() => ctx.parts.set(target, text));
    if (commentsPart === undefined) {
      newRels.push(relEl(newRid(), COMMENTS_REL_TYPE, target));
      typeChanges.push(() => ctx.types.addOverride(target, COMMENTS_CONTENT_TYPE));
    }
  } else if (commentsPart !== undefined && commentsRel !== undefined) {
    partChanges.push(() => ctx.parts.remove(commentsPart));
    relsEdits.push({ start: commentsRel.el.start, end: commentsRel.el.end, text: '' });
    typeChanges.push(() => ctx.types.removeOverride(commentsPart));
  }

  // The VML drawing and the sheet's <legacyDrawing> pointing to it.
  if (vml.xml !== undefined) {
    const target = vmlPart ?? freePart(ctx, reserved, posix.join(posix.dirname(posix.dirname(part)), 'drawings'), 'vmlDrawing', 'vml');
    const text = vml.xml;
    partChanges.push(() => ctx.parts.set(target, text));
    if (vmlPart === undefined) {
      const rid = newRid();
      newRels.push(relEl(rid, VML_REL_TYPE, target));
      if (ctx.types.typeOf(target) !== VML_CONTENT_TYPE) typeChanges.push(() => ctx.types.addOverride(target, VML_CONTENT_TYPE));
      const el =
        sheet.relPrefix !== undefined
          ? `<${prefix}legacyDrawing ${sheet.relPrefix}:id="${rid}"/>`
          : `<${prefix}legacyDrawing xmlns:rel="${REL_NS}" rel:id="${rid}"/>`;
      const after = sheet.tail.find((c) => AFTER_LEGACY_DRAWING.has(c.local));
      const at = after?.start ?? sheet.root.contentEnd;
      edits.push({ start: at, end: at, text: el });
    }
  } else if (vmlPart !== undefined && vmlRel !== undefined) {
    partChanges.push(() => ctx.parts.remove(vmlPart));
    relsEdits.push({ start: vmlRel.el.start, end: vmlRel.el.end, text: '' });
    typeChanges.push(() => ctx.types.removeOverride(vmlPart));
    if (legacy !== undefined) edits.push({ start: legacy.start, end: legacy.end, text: '' });
  }

  if (newRels.length > 0) relsEdits.push(appendInside(rels.doc.source, rels.root, newRels.join('')));
  let sheetXml: string;
  let relsXml: string;
  try {
    sheetXml = applyEdits(xml, [...inserts, ...edits]);
    relsXml = applyEdits(rels.doc.source, relsEdits);
  } catch {
    // Two edits on one span of text (a case not foreseen above): no marks on this sheet.
    return undefined;
  }
  // The sheet's edits are whole tags of ours at tag boundaries the scan found: it is not parsed
  // again (a staff sheet is the one big part here); the small relationships part is.
  if (parseXml(relsXml) === undefined) return undefined;
  const source = xml;
  return () => {
    // Each override is checked to parse as it is added: one that would not (it cannot, they are
    // ours) stops this package edit, and the caller writes the workbook with exceljs instead.
    if (!typeChanges.every((change) => change())) throw new Error('the content types could not take the notes parts');
    for (const change of partChanges) change();
    if (sheetXml !== source) ctx.parts.set(part, sheetXml);
    const relsName = relsPartOf(part);
    const relCount = parseRels(relsXml)?.rels.length ?? 0;
    if (relCount === 0) {
      if (relsInfo.existed) ctx.parts.remove(relsName);
    } else if (relsXml !== rels.doc.source || !relsInfo.existed) {
      ctx.parts.set(relsName, relsXml);
    }
  };
}
