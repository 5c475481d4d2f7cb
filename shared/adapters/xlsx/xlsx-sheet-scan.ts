import { MAIN_NS, REL_NS } from './xlsx-sheet-xml.js';
import { parseAttributes } from './xml-scan.js';

/**
 * Where the rows, cells and a few top-level elements of a worksheet part are, found by scanning
 * its tags: what marking a cell needs (its `s`, the place of a cell or row to insert, the
 * `<legacyDrawing>`), at a fraction of what a full XML parse of a staff sheet costs (a parse
 * builds an object for every cell and value). Anything the scan does not understand (tags that
 * do not nest, a DOCTYPE, the main namespace not on the root) makes it answer undefined, and the
 * sheet is left unmarked.
 */

/** One start tag (or empty-element tag) as written, with where it is. */
export interface ScannedTag {
  /** As written, e.g. `x:row`. */
  name: string;
  local: string;
  /** The start tag's text. */
  tag: string;
  attrs: Map<string, string>;
  start: number;
  startTagEnd: number;
  /** Index of the end tag's `<` (startTagEnd for an empty-element tag). */
  contentEnd: number;
  /** Index just past the element. */
  end: number;
  selfClosing: boolean;
}

export interface ScannedRow {
  r: number;
  el: ScannedTag;
  /** Cells by column number (1-based). */
  cells: Map<number, ScannedTag>;
}

export interface SheetScan {
  /** The root's prefix for the main namespace: `''` or `x:` (with the colon). */
  prefix: string;
  root: ScannedTag;
  /** A prefix bound to the relationships namespace on the root (without the colon), if any. */
  relPrefix: string | undefined;
  sheetData: ScannedTag;
  rows: ScannedRow[];
  cols: { min: number; max: number; style: number }[];
  legacyDrawing: ScannedTag | undefined;
  /** The root's children after sheetData, in order (where a new `<legacyDrawing>` goes among them). */
  tail: ScannedTag[];
}

const TAG =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!(DOCTYPE)[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

/** `D4` -> column 4, row 4. */
export function cellPosition(cell: string): { row: number; column: number } | undefined {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(cell);
  if (!m) return undefined;
  let column = 0;
  for (const ch of m[1] ?? '') column = column * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  return row >= 1 && row <= 1_048_576 && column >= 1 && column <= 16_384 ? { row, column } : undefined;
}

const localOf = (name: string): string => name.slice(name.indexOf(':') + 1);

export function scanWorksheet(xml: string): SheetScan | undefined {
  // Names of the open elements, and the tags kept for the few that matter (rows, cells, the
  // root's children): most tags of a sheet are values (`<v>`, `<t>`), only counted.
  const names: string[] = [];
  const kept: (ScannedTag | undefined)[] = [];
  let root: ScannedTag | undefined;
  let prefix = '';
  let relPrefix: string | undefined;
  let sheetData: ScannedTag | undefined;
  let legacyDrawing: ScannedTag | undefined;
  let cols: ScannedTag | undefined;
  const colList: SheetScan['cols'] = [];
  const rows: ScannedRow[] = [];
  const tail: ScannedTag[] = [];
  let row: ScannedRow | undefined;
  const make = (m: RegExpMatchArray, name: string, at: number, selfClosing: boolean): ScannedTag => ({
    name,
    local: localOf(name),
    tag: m[0],
    attrs: parseAttributes(m[0]),
    start: at,
    startTagEnd: at + m[0].length,
    contentEnd: at + m[0].length,
    end: at + m[0].length,
    selfClosing,
  });
  for (const m of xml.matchAll(TAG)) {
    if (m[1] !== undefined) return undefined; // a DOCTYPE: its entities could change what the text says
    const name = m[3];
    if (name === undefined) continue; // comment, processing instruction, CDATA
    const at = m.index ?? 0;
    if (m[2] === '/') {
      if (names.pop() !== name) return undefined;
      const open = kept.pop();
      if (open !== undefined) {
        open.contentEnd = at;
        open.end = at + m[0].length;
        if (row !== undefined && open === row.el) row = undefined;
      }
      continue;
    }
    const selfClosing = m[5] === '/';
    const depth = names.length;
    let tag: ScannedTag | undefined;
    if (depth === 0) {
      if (root !== undefined) return undefined;
      tag = make(m, name, at, selfClosing);
      root = tag;
      const colon = name.indexOf(':');
      const p = colon < 0 ? '' : name.slice(0, colon);
      if (tag.local !== 'worksheet' || tag.attrs.get(p === '' ? 'xmlns' : `xmlns:${p}`) !== MAIN_NS) return undefined;
      prefix = p === '' ? '' : `${p}:`;
      for (const [k, v] of tag.attrs) if (k.startsWith('xmlns:') && v === REL_NS) relPrefix = k.slice(6);
    } else if (depth === 1) {
      tag = make(m, name, at, selfClosing);
      if (name === `${prefix}sheetData`) sheetData = tag;
      else if (name === `${prefix}cols`) cols = tag;
      else if (name === `${prefix}legacyDrawing`) legacyDrawing = tag;
      if (sheetData !== undefined && tag !== sheetData) tail.push(tag);
    } else if (depth === 2 && sheetData !== undefined && kept[1] === sheetData && name === `${prefix}row`) {
      tag = make(m, name, at, selfClosing);
      const r = Number(tag.attrs.get('r'));
      if (!Number.isInteger(r)) return undefined; // a row without its number cannot be placed
      row = selfClosing ? undefined : { r, el: tag, cells: new Map() };
      rows.push(row ?? { r, el: tag, cells: new Map() });
    } else if (depth === 2 && cols !== undefined && kept[1] === cols && name === `${prefix}col`) {
      tag = make(m, name, at, selfClosing);
      colList.push({ min: Number(tag.attrs.get('min')), max: Number(tag.attrs.get('max')), style: Number(tag.attrs.get('style') ?? 0) });
    } else if (depth === 3 && row !== undefined && kept[2] === row.el && name === `${prefix}c`) {
      tag = make(m, name, at, selfClosing);
      const pos = cellPosition((tag.attrs.get('r') ?? '').toUpperCase().replace(/\$/g, ''));
      if (pos === undefined || pos.row !== row.r) return undefined;
      row.cells.set(pos.column, tag);
    }
    if (!selfClosing) {
      names.push(name);
      kept.push(tag);
    }
  }
  if (names.length !== 0 || root === undefined || sheetData === undefined) return undefined;
  return { prefix, root, relPrefix, sheetData, rows, cols: colList, legacyDrawing, tail };
}
