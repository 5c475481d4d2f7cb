import { decodeXml } from './xml-text.js';

/**
 * Just enough XML reading to edit the small bookkeeping parts of an .xlsx package (workbook,
 * relationships, content types, styles) as text: start tags, their attributes, and the elements
 * directly inside a section. Anything these helpers do not understand makes them return undefined
 * and the caller falls back to a full load.
 */

/** One start, end or empty-element tag; comments and processing instructions are skipped by TAG. */
const TAG = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tag's text (`<sheet name="A" r:id="rId1"/>`), values decoded, by qualified name. */
export function parseAttributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTR)) {
    const raw = m[2] ?? m[3] ?? '';
    out.set(m[1] ?? '', raw.includes('&') ? decodeXml(raw) : raw);
  }
  return out;
}

/** A top-level element of a section's content, as written and as a canonical key (see canonicalKey). */
export interface ScannedElement {
  name: string;
  xml: string;
  key: string;
}

interface Node {
  name: string;
  attrs: string;
  children: string[];
}

function nodeKey(node: Node): string {
  return `${node.name}{${node.attrs}}[${[...node.children].sort().join(',')}]`;
}

function attrsKey(text: string): string {
  return [...parseAttributes(text)]
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort()
    .join(' ');
}

/**
 * The elements directly inside `content`, each with a key that ignores spelling: attribute order
 * and quoting, empty-element vs start+end form, whitespace between tags and the order of child
 * elements. Two elements with equal keys describe the same font, fill, border or format. Text
 * content is not part of the key (style elements have none). Undefined when the tags do not nest.
 * Without `withKeys` the keys are left empty, for callers that only need the elements' text.
 */
export function topLevelElements(content: string, withKeys = true): ScannedElement[] | undefined {
  const out: ScannedElement[] = [];
  const stack: Node[] = [];
  let start = 0;
  for (const m of content.matchAll(TAG)) {
    const name = m[2];
    if (name === undefined) continue; // comment, processing instruction or CDATA
    const at = m.index ?? 0;
    const closing = m[1] === '/';
    const empty = m[4] === '/';
    if (closing) {
      const node = stack.pop();
      if (!node || node.name !== name) return undefined;
      const key = nodeKey(node);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(key);
      else out.push({ name, xml: content.slice(start, at + m[0].length), key });
      continue;
    }
    if (stack.length === 0) start = at;
    const node: Node = { name, attrs: withKeys ? attrsKey(m[3] ?? '') : '', children: [] };
    if (empty) {
      const key = nodeKey(node);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(key);
      else out.push({ name, xml: m[0], key });
    } else {
      stack.push(node);
    }
  }
  return stack.length === 0 ? out : undefined;
}

/** The canonical key of one element's text (see topLevelElements), or undefined when it is not one element. */
export function canonicalKey(xml: string): string | undefined {
  const els = topLevelElements(xml);
  return els?.length === 1 ? els[0]?.key : undefined;
}

/** A section element (`<fonts count="2">...</fonts>`): where it is and what it holds. */
export interface XmlSection {
  /** Index of `<` of the start tag. */
  start: number;
  /** Index just past the end tag (or past the empty-element tag). */
  end: number;
  /** The start tag's text. */
  openTag: string;
  /** The text between the start and end tags ('' for an empty-element tag). */
  body: string;
  /** Index where the body starts. */
  bodyStart: number;
  selfClosing: boolean;
}

/**
 * The one unprefixed `<tag>` element in `xml` (first match), or undefined. Its body must not hold
 * another `<tag>` (true of the sections the gateway edits: sheets, Relationships, fonts, cellXfs...).
 */
export function findSection(xml: string, tag: string): XmlSection | undefined {
  const open = new RegExp(`<${tag}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'g');
  const m = open.exec(xml);
  if (!m) return undefined;
  const start = m.index;
  const openTag = m[0];
  const bodyStart = start + openTag.length;
  if (openTag.endsWith('/>')) return { start, end: bodyStart, openTag, body: '', bodyStart, selfClosing: true };
  const close = xml.indexOf(`</${tag}>`, bodyStart);
  if (close < 0) return undefined;
  return { start, end: close + tag.length + 3, openTag, body: xml.slice(bodyStart, close), bodyStart, selfClosing: false };
}

/** A start tag with one attribute set (added at the end when absent). */
export function setAttribute(openTag: string, name: string, value: string): string {
  const escaped = value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const re = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  if (re.test(openTag)) return openTag.replace(re, (_, lead: string) => `${lead}"${escaped}"`);
  const tail = openTag.endsWith('/>') ? 2 : 1;
  return `${openTag.slice(0, openTag.length - tail)} ${name}="${escaped}"${openTag.slice(openTag.length - tail)}`;
}
