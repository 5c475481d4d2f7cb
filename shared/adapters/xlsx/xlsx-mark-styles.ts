import { parseXml } from './xml-document.js';
import { findSection, parseAttributes, setAttribute, topLevelElements, type ScannedElement } from './xml-scan.js';

/**
 * The light red background of a cell marked with an error (the Google front end's colour, so a
 * mark looks the same in both). A cell is recognised as marked by this colour alone: Excel and
 * LibreOffice re-spell fills when staff save (a `bgColor` added, the ids renumbered), but keep it.
 */
export const MARK_ARGB = 'FFF4CCCC';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** Attributes of an `<xf>` that say how it fills the cell; everything else is staff's formatting. */
const FILL_ATTRS = new Set(['fillId', 'applyFill']);

interface Fill {
  /** No background at all (patternType none or absent): a cell a mark may fill. */
  none: boolean;
  /** Our mark's background. */
  mark: boolean;
}

function readFill(xml: string | undefined): Fill {
  if (xml === undefined) return { none: true, mark: false };
  const pattern = /<(?:\w+:)?patternFill\b[^>]*>/.exec(xml)?.[0];
  if (pattern === undefined) return { none: !/<(?:\w+:)?gradientFill\b/.test(xml), mark: false };
  const type = parseAttributes(pattern).get('patternType') ?? 'none';
  const fg = /<(?:\w+:)?fgColor\b[^>]*>/.exec(xml)?.[0];
  const rgb = fg === undefined ? undefined : parseAttributes(fg).get('rgb')?.toUpperCase();
  return { none: type === 'none', mark: type === 'solid' && rgb === MARK_ARGB };
}

/** An xf's key without its fill attributes: two xfs equal under it differ only in background. */
function keyWithoutFill(xf: ScannedElement): string {
  const open = /^<[^>]*>/.exec(xf.xml)?.[0] ?? '';
  const attrs = [...parseAttributes(open)].filter(([k]) => !FILL_ATTRS.has(k) && k !== 'xmlns' && !k.startsWith('xmlns:'));
  const body = xf.xml.slice(open.length);
  return `${attrs
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort()
    .join(' ')}|${open.endsWith('/>') ? '' : body}`;
}

/**
 * Cell formats with and without the mark's background, added to a stylesheet as needed. A marked
 * format is the cell's own format with only its fill changed (number format, font, border,
 * alignment and protection kept), so marking never changes how a value reads; unmarking finds the
 * format the cell had (the same format without a fill, which is never removed) rather than guessing
 * one. A cell with a background of its own is left as it is: its note marks it, its colour stays.
 */
export class MarkStyles {
  private readonly fills: ScannedElement[];
  private readonly xfs: ScannedElement[];
  private readonly added = { fills: [] as string[], xfs: [] as string[] };
  private markFill: number | undefined;

  private constructor(
    private readonly source: string,
    private readonly prefix: string,
    fills: ScannedElement[],
    xfs: ScannedElement[],
  ) {
    this.fills = fills;
    this.xfs = xfs;
  }

  /** Undefined when styles.xml is not a stylesheet these edits can handle (no marks are drawn then). */
  static parse(stylesXml: string): MarkStyles | undefined {
    const doc = parseXml(stylesXml);
    if (!doc || doc.hasDoctype || doc.root.local !== 'styleSheet' || doc.root.uri !== MAIN_NS) return undefined;
    const p = doc.root.prefix === '' ? '' : `${doc.root.prefix}:`;
    const fills = findSection(stylesXml, `${p}fills`);
    const xfs = findSection(stylesXml, `${p}cellXfs`);
    if (!fills || fills.selfClosing || !xfs || xfs.selfClosing) return undefined;
    const fillItems = topLevelElements(fills.body);
    const xfItems = topLevelElements(xfs.body);
    if (!fillItems || !xfItems || fillItems.some((i) => i.name !== `${p}fill`) || xfItems.some((i) => i.name !== `${p}xf`)) return undefined;
    return new MarkStyles(stylesXml, p, fillItems, xfItems);
  }

  /** Number of cell formats (a cell's `s` must be below it). */
  get count(): number {
    return this.xfs.length;
  }

  private fillOfXf(xf: number): Fill {
    const item = this.xfs[xf];
    if (item === undefined) return { none: true, mark: false };
    const id = Number(parseAttributes(/^<[^>]*>/.exec(item.xml)?.[0] ?? '').get('fillId') ?? 0);
    return readFill(this.fills[id]?.xml);
  }

  isMarked(xf: number): boolean {
    return this.fillOfXf(xf).mark;
  }

  private markFillId(): number {
    if (this.markFill !== undefined) return this.markFill;
    const existing = this.fills.findIndex((f) => readFill(f.xml).mark);
    if (existing >= 0) {
      this.markFill = existing;
      return existing;
    }
    const p = this.prefix;
    const xml = `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${MARK_ARGB}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
    this.fills.push({ name: `${p}fill`, xml, key: topLevelElements(xml)?.[0]?.key ?? xml });
    this.added.fills.push(xml);
    this.markFill = this.fills.length - 1;
    return this.markFill;
  }

  /** The index of an xf, appended when no equal one exists. */
  private xfIndex(xml: string): number {
    const key = topLevelElements(xml)?.[0]?.key ?? xml;
    const at = this.xfs.findIndex((x) => x.key === key);
    if (at >= 0) return at;
    this.xfs.push({ name: `${this.prefix}xf`, xml, key });
    this.added.xfs.push(xml);
    return this.xfs.length - 1;
  }

  /** The format a marked cell gets: its own with the mark's fill, or its own when it already has a background. */
  marked(xf: number): number {
    const item = this.xfs[xf];
    const fill = this.fillOfXf(xf);
    if (item === undefined || fill.mark || !fill.none) return xf;
    const open = /^<[^>]*>/.exec(item.xml)?.[0] ?? '';
    const rest = item.xml.slice(open.length);
    const tag = setAttribute(setAttribute(open, 'fillId', String(this.markFillId())), 'applyFill', '1');
    return this.xfIndex(tag + rest);
  }

  /** The format a cell gets back when its mark is cleared: the same format without the mark's fill. */
  unmarked(xf: number): number {
    const item = this.xfs[xf];
    if (item === undefined || !this.fillOfXf(xf).mark) return xf;
    const key = keyWithoutFill(item);
    const original = this.xfs.findIndex((x, i) => i !== xf && keyWithoutFill(x) === key && this.fillOfXf(i).none);
    if (original >= 0) return original;
    const open = /^<[^>]*>/.exec(item.xml)?.[0] ?? '';
    const tag = setAttribute(open, 'fillId', '0').replace(/\s+applyFill\s*=\s*(?:"[^"]*"|'[^']*')/, '');
    return this.xfIndex(tag + item.xml.slice(open.length));
  }

  /** styles.xml with what was added, or undefined when the result would not parse. */
  xml(): string | undefined {
    if (this.added.fills.length === 0 && this.added.xfs.length === 0) return this.source;
    let xml = this.source;
    const append = (tag: string, items: readonly string[], count: number): boolean => {
      if (items.length === 0) return true;
      const section = findSection(xml, `${this.prefix}${tag}`);
      if (!section || section.selfClosing) return false;
      const open = setAttribute(section.openTag, 'count', String(count));
      xml = `${xml.slice(0, section.start)}${open}${section.body}${items.join('')}</${this.prefix}${tag}>${xml.slice(section.end)}`;
      return true;
    };
    if (!append('fills', this.added.fills, this.fills.length) || !append('cellXfs', this.added.xfs, this.xfs.length)) return undefined;
    return parseXml(xml) === undefined ? undefined : xml;
  }
}
