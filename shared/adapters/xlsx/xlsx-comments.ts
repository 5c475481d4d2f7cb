import { MAIN_NS } from './xlsx-sheet-xml.js';
import { cellText, escapeXmlAttr, escapeXmlText } from './xml-text.js';
import { applyEdits, appendInside, attributeOf, childOf, childrenOf, parseXml, type TextEdit, type XmlDocument, type XmlElement } from './xml-document.js';

/**
 * A sheet's notes as SpreadsheetML keeps them: the comments part (`xl/commentsN.xml`: authors and
 * one `<comment ref>` per cell, the text) and the legacy VML drawing (`xl/drawings/vmlDrawingN.vml`:
 * one hidden note shape per comment, which Excel needs to show the note; LibreOffice reads the
 * comments part alone). Notes staff wrote are never changed: a note is replaced only when its
 * author is MARK_AUTHOR or its text is what an earlier run put there, and removed only when its text
 * is still exactly that (a line staff added keeps it).
 */

/** The author our notes carry (Excel shows it in the note's tooltip). */
export const MARK_AUTHOR = 'Hệ thống kiểm tra số liệu';

export const COMMENTS_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
export const VML_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.vmlDrawing';

const VML_NS = 'urn:schemas-microsoft-com:vml';
const OFFICE_NS = 'urn:schemas-microsoft-com:office:office';
const EXCEL_NS = 'urn:schemas-microsoft-com:office:excel';

/** The text of a comment: its runs' texts, joined. */
function commentText(el: XmlElement): string {
  const text = childOf(el, 'text', MAIN_NS);
  if (text === undefined) return '';
  const parts: string[] = [];
  const walk = (e: XmlElement): void => {
    if (e.local === 't' && e.uri === MAIN_NS) parts.push(e.text);
    else for (const c of e.children) if (!(c.local === 'rPh' && c.uri === MAIN_NS)) walk(c);
  };
  walk(text);
  return parts.join('');
}

const cellKey = (ref: string): string => ref.toUpperCase().replace(/\$/g, '');

const commentXml = (ref: string, authorId: number, note: string): string =>
  `<comment ref="${escapeXmlAttr(ref)}" authorId="${authorId}"><text><r><rPr><sz val="9"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">${escapeXmlText(cellText(note))}</t></r></text></comment>`;

/** What one sheet's notes should become. */
export interface NoteChanges {
  /** Notes to place, by cell (`D4`). */
  set: ReadonlyMap<string, string>;
  /** Cells whose note of ours goes. */
  clear: ReadonlySet<string>;
  /** What earlier runs put in each cell's note: a note holding nothing else is ours, whoever saved it since. */
  placed: ReadonlyMap<string, readonly string[]>;
}

export interface CommentsResult {
  /** The new comments part, or undefined when no comment is left (the part is then removed). */
  xml: string | undefined;
  /** Cells that have a note of ours after the edit (each needs a note shape in the VML). */
  ours: Set<string>;
  /** Cells whose note of ours was removed (their shape goes). */
  removed: Set<string>;
}

/**
 * The comments part after placing and clearing our notes. `xml` undefined means a new part; the
 * result is undefined when an existing part cannot be read safely (no notes are drawn then).
 * A cell that has a note of staff's keeps it: ours is not added there.
 */
export function editComments(existing: string | undefined, changes: NoteChanges): CommentsResult | undefined {
  let doc: XmlDocument | undefined;
  if (existing !== undefined) {
    doc = parseXml(existing);
    if (!doc || doc.hasDoctype || doc.root.local !== 'comments' || doc.root.uri !== MAIN_NS || doc.root.prefix !== '') return undefined;
  }
  const source =
    doc?.source ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN_NS}"><authors></authors><commentList></commentList></comments>`;
  doc ??= parseXml(source);
  if (!doc) return undefined;
  const root = doc.root;
  const authors = childOf(root, 'authors', MAIN_NS);
  const list = childOf(root, 'commentList', MAIN_NS);
  if (!authors || !list) return undefined;
  const names = childrenOf(authors, 'author', MAIN_NS).map((a) => a.text);
  const edits: TextEdit[] = [];
  let authorId = names.indexOf(MARK_AUTHOR);
  if (authorId < 0 && changes.set.size > 0) {
    authorId = names.length;
    edits.push(appendInside(doc.source, authors, `<author>${escapeXmlText(MARK_AUTHOR)}</author>`));
  }
  const ours = new Set<string>();
  const removed = new Set<string>();
  const present = new Set<string>();
  let left = 0;
  for (const c of childrenOf(list, 'comment', MAIN_NS)) {
    const ref = cellKey(attributeOf(c, 'ref') ?? '');
    present.add(ref);
    const note = changes.set.get(ref);
    // Ours by its text: every line one we put there. Programs that save the file again may put
    // their own author on every note (exceljs does), so the author alone would not tell.
    const known = new Set([...(changes.placed.get(ref) ?? []), ...(note === undefined ? [] : [note])].flatMap((p) => p.split('\n')));
    const onlyOurs = commentText(c)
      .split('\n')
      .every((line) => known.has(line));
    const byUs = names[Number(attributeOf(c, 'authorId'))] === MARK_AUTHOR;
    if (note !== undefined && (byUs || onlyOurs)) {
      edits.push({ start: c.start, end: c.end, text: commentXml(ref, authorId, note) });
      ours.add(ref);
      left++;
      continue;
    }
    // Staff may have written into a note of ours: then it is theirs too, and stays.
    if (changes.clear.has(ref) && onlyOurs) {
      edits.push({ start: c.start, end: c.end, text: '' });
      removed.add(ref);
      continue;
    }
    if (byUs) ours.add(ref);
    left++;
  }
  const added: string[] = [];
  for (const [ref, note] of changes.set) {
    if (present.has(ref)) continue;
    added.push(commentXml(ref, authorId, note));
    ours.add(ref);
    left++;
  }
  if (added.length > 0) edits.push(appendInside(doc.source, list, added.join('')));
  if (left === 0) return { xml: undefined, ours, removed };
  const xml = applyEdits(doc.source, edits);
  return parseXml(xml) === undefined ? undefined : { xml, ours, removed };
}

/** `D4` -> zero-based row 3, column 3. */
function cellPosition(ref: string): { row: number; column: number } | undefined {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ref);
  if (!m) return undefined;
  let column = 0;
  for (const ch of m[1] ?? '') column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, column: column - 1 };
}

/** The namespace declarations our shapes carry when the drawing's root does not bind `v`, `o` and `x` (openpyxl's). */
const SHAPE_NS = ` xmlns:v="${VML_NS}" xmlns:o="${OFFICE_NS}" xmlns:x="${EXCEL_NS}"`;

/** A hidden note shape, as Excel writes one (anchored beside the cell, shown on hover). */
function noteShape(id: number, z: number, ref: string, ns: string): string {
  const at = cellPosition(ref) ?? { row: 0, column: 0 };
  const anchor = [at.column + 1, 15, Math.max(0, at.row - 1), 10, at.column + 4, 15, at.row + 4, 4].join(', ');
  return (
    `<v:shape${ns} id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:72pt;z-index:${z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${anchor}</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${at.row}</x:Row><x:Column>${at.column}</x:Column></x:ClientData>` +
    '</v:shape>'
  );
}

const shapeType = (ns: string): string =>
  `<v:shapetype${ns} id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`;

/** The note shapes of a VML drawing by cell (`D4`), as they are in the text. */
function noteShapes(doc: XmlDocument): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  for (const shape of doc.root.children) {
    if (shape.local !== 'shape' || shape.uri !== VML_NS) continue;
    const data = childOf(shape, 'ClientData', EXCEL_NS);
    if (data === undefined || attributeOf(data, 'ObjectType') !== 'Note') continue;
    const row = Number(childOf(data, 'Row', EXCEL_NS)?.text.trim());
    const column = Number(childOf(data, 'Column', EXCEL_NS)?.text.trim());
    if (!Number.isInteger(row) || !Number.isInteger(column)) continue;
    let letters = '';
    for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    out.set(`${letters}${row + 1}`, shape);
  }
  return out;
}

/**
 * The VML drawing after the notes changed: a shape for every note of ours that has none, the
 * shapes of our removed notes gone, everything else (staff's notes, form controls) as it was.
 * `idBlock` is the drawing's shape id block for a new drawing (unique in the workbook). Undefined
 * when an existing drawing cannot be read as XML (then no notes are drawn); `xml` undefined when
 * the drawing is left with no shape at all.
 */
export function editVml(
  existing: string | undefined,
  ours: ReadonlySet<string>,
  removed: ReadonlySet<string>,
  idBlock: number,
): { xml: string | undefined } | undefined {
  const source =
    existing ??
    `<xml xmlns:v="${VML_NS}" xmlns:o="${OFFICE_NS}" xmlns:x="${EXCEL_NS}"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idBlock}"/></o:shapelayout>${shapeType('')}</xml>`;
  const doc = parseXml(source);
  if (!doc || doc.hasDoctype) return undefined;
  const root = doc.root;
  // Our shapes are spelled with `v:`, `o:` and `x:`; a drawing that binds them otherwise (or not
  // at all, as openpyxl's) gets shapes that declare them themselves.
  const ns = root.bindings['v'] === VML_NS && root.bindings['o'] === OFFICE_NS && root.bindings['x'] === EXCEL_NS ? '' : SHAPE_NS;
  const shapes = noteShapes(doc);
  const edits: TextEdit[] = [];
  for (const ref of removed) {
    const shape = shapes.get(ref);
    if (shape !== undefined) edits.push({ start: shape.start, end: shape.end, text: '' });
  }
  const ids = [...source.matchAll(/_x0000_s(\d+)/g)].map((m) => Number(m[1]));
  const block = Number(/<o:idmap\b[^>]*\bdata="(\d+)/.exec(source)?.[1] ?? idBlock);
  let next = Math.max(block * 1024, ...ids) + 1;
  let z = shapes.size + 1;
  const added: string[] = [];
  const hasType = /id="_x0000_t202"/.test(source);
  for (const ref of ours) if (!shapes.has(ref)) added.push(noteShape(next++, z++, ref, ns));
  if (added.length > 0) edits.push(appendInside(doc.source, root, `${hasType ? '' : shapeType(ns)}${added.join('')}`));
  const xml = applyEdits(doc.source, edits);
  const after = parseXml(xml);
  if (!after) return undefined;
  const anyShape = after.root.children.some((c) => c.local === 'shape' && c.uri === VML_NS);
  return { xml: anyShape ? xml : undefined };
}

/** The shape id blocks (`o:idmap data`) a VML drawing claims: new drawings take a block no other has. */
export function vmlIdBlocks(xml: string): number[] {
  const out: number[] = [];
  for (const m of xml.matchAll(/<o:idmap\b[^>]*\bdata="([\d,\s]+)"/g)) for (const n of (m[1] ?? '').split(',')) if (n.trim() !== '') out.push(Number(n.trim()));
  return out;
}
