import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { escapeXmlAttr } from './xml-text.js';

/**
 * The bookkeeping parts of an .xlsx (workbook, relationships, content types, styles) read with a
 * real XML parser, so any valid spelling means what it says: single or double quotes, namespace
 * prefixes (the OpenXML SDK writes `<x:sheet>`), entities and character references, comments,
 * CDATA, a byte-order mark. Each element keeps where it is in the text, so an edit can change
 * just that element and copy every other character as written.
 */

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** What every document has in scope before its root: the `xml` prefix. */
const DOCUMENT_BINDINGS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  xml: 'http://www.w3.org/XML/1998/namespace',
});

/** `x:sheet` -> [`x`, `sheet`]; `sheet` -> [``, `sheet`]. */
function splitName(name: string): [string, string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

export interface XmlAttribute {
  /** As written, e.g. `r:id`. */
  name: string;
  local: string;
  /** Namespace URI ('' for an unprefixed attribute). */
  uri: string;
  value: string;
}

export interface XmlElement {
  /** As written, e.g. `x:sheet`. */
  name: string;
  prefix: string;
  local: string;
  uri: string;
  /** In document order; namespace declarations included. */
  attributes: XmlAttribute[];
  /** Namespace bindings in effect at this element (prefix -> URI, '' for the default namespace). */
  bindings: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** Character data directly inside this element, decoded (entities, CDATA). */
  text: string;
  /** Index of the start tag's `<`. */
  start: number;
  /** Index just past the start tag. */
  startTagEnd: number;
  /** Index of the end tag's `<` (the start tag's end for an empty-element tag). */
  contentEnd: number;
  /** Index just past the element. */
  end: number;
  selfClosing: boolean;
}

export interface XmlDocument {
  /** The text parsed (a byte-order mark included, offsets count it). */
  source: string;
  root: XmlElement;
  /** A document type declaration was present (OOXML forbids them). */
  hasDoctype: boolean;
  /** The encoding its XML declaration names, if any. */
  declaredEncoding: string | undefined;
}

/**
 * Parses a whole XML document, or undefined when it is not well-formed (or uses an undeclared
 * prefix or an entity it does not define): a caller that cannot read a part cannot tell what it
 * holds, and must never act as if it held nothing.
 */
export function parseXml(source: string): XmlDocument | undefined {
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom === 1 ? source.slice(1) : source;
  // saxes' namespace mode is not used: exceljs parses every sheet with saxes in its plain mode,
  // and a second mode in the same process makes V8 deoptimise the parser's shared code for both
  // (measured: exceljs' loads twice as slow once this parser ran in namespace mode between
  // them). Namespaces are resolved here instead, from the `xmlns` attributes.
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failed = false;
  let root: XmlElement | undefined;
  let hasDoctype = false;
  let declaredEncoding: string | undefined;
  const stack: XmlElement[] = [];
  parser.on('error', () => {
    failed = true;
  });
  parser.on('xmldecl', (decl) => {
    declaredEncoding = decl.encoding;
  });
  parser.on('doctype', () => {
    hasDoctype = true;
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('opentag', (tag: SaxesTagPlain) => {
    // `position` is just past the start tag; a start tag holds no other `<` (attribute values cannot).
    const startTagEnd = parser.position;
    const start = text.lastIndexOf('<', startTagEnd - 1);
    const parent = stack[stack.length - 1];
    const written = Object.entries(tag.attributes);
    // The bindings in effect inherit the parent's (through the prototype, so a redeclared prefix
    // shadows the outer one: Excel redeclares x15 inside <ext>). Not frozen: assigning over a
    // frozen inherited key would throw.
    const inherited = parent?.bindings ?? DOCUMENT_BINDINGS;
    let declared: Record<string, string> | undefined;
    for (const [name, value] of written) {
      if (name === 'xmlns') (declared ??= {})[''] = value;
      else if (name.startsWith('xmlns:')) (declared ??= {})[name.slice(6)] = value;
    }
    const bindings: Readonly<Record<string, string>> =
      declared === undefined ? inherited : Object.assign(Object.create(inherited) as Record<string, string>, declared);
    const [prefix, local] = splitName(tag.name);
    const uri = bindings[prefix];
    // An undeclared prefix: not namespace-well-formed, so the part cannot be told apart.
    if (uri === undefined && prefix !== '') failed = true;
    const attributes = written.map(([name, value]): XmlAttribute => {
      const [p, l] = splitName(name);
      if (name === 'xmlns' || p === 'xmlns') return { name, local: l, uri: XMLNS_NS, value };
      if (p === '') return { name, local: l, uri: '', value };
      const at = bindings[p];
      if (at === undefined) failed = true;
      return { name, local: l, uri: at ?? '', value };
    });
    const el: XmlElement = {
      name: tag.name,
      prefix,
      local,
      uri: uri ?? '',
      attributes,
      bindings,
      children: [],
      text: '',
      start: start + bom,
      startTagEnd: startTagEnd + bom,
      contentEnd: startTagEnd + bom,
      end: startTagEnd + bom,
      selfClosing: tag.isSelfClosing,
    };
    if (parent) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (tag.isSelfClosing) return;
    const el = stack.pop();
    if (!el) return;
    const end = parser.position;
    el.end = end + bom;
    el.contentEnd = text.lastIndexOf('</', end - 1) + bom;
  });
  try {
    parser.write(text).close();
  } catch {
    return undefined;
  }
  if (failed || root === undefined) return undefined;
  return { source, root, hasDoctype, declaredEncoding };
}

/** The value of an attribute by local name and namespace ('' for an unprefixed one). */
export function attributeOf(el: XmlElement, local: string, uri = ''): string | undefined {
  return el.attributes.find((a) => a.local === local && a.uri === uri && a.uri !== XMLNS_NS)?.value;
}

/** The child elements with this local name in this namespace. */
export function childrenOf(el: XmlElement, local: string, uri: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.uri === uri);
}

export function childOf(el: XmlElement, local: string, uri: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && c.uri === uri);
}

/** A prefix bound to `uri` where `el` is ('' when it is the default namespace), or undefined. */
export function prefixFor(el: XmlElement, uri: string): string | undefined {
  if (el.bindings[''] === uri) return '';
  // `bindings` inherits the enclosing elements' bindings through its prototype: for-in sees them.
  for (const prefix in el.bindings) {
    if (prefix !== '' && el.bindings[prefix] === uri) return prefix;
  }
  return undefined;
}

/** The qualified name to write for a new child of `parent` in the parent's own namespace. */
export function siblingName(parent: XmlElement, local: string): string {
  return parent.prefix === '' ? local : `${parent.prefix}:${local}`;
}

/** Text edits on one document, applied together (they must not overlap). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return source;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new RangeError('overlapping XML edits');
    out += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + source.slice(at);
}

/**
 * The edit that puts `xml` as the last content of `el`: before its end tag, or, for an empty-element
 * tag, by turning it into a start tag, the content and an end tag.
 */
export function appendInside(source: string, el: XmlElement, xml: string): TextEdit {
  if (!el.selfClosing) return { start: el.contentEnd, end: el.contentEnd, text: xml };
  const tag = source.slice(el.start, el.end);
  const open = tag.replace(/\s*\/>$/, '>');
  return { start: el.start, end: el.end, text: `${open}${xml}</${el.name}>` };
}

/** An element's start tag written anew with one attribute set (others kept in order, values re-escaped). */
export function startTagWith(el: XmlElement, name: string, value: string): string {
  const attrs = el.attributes.some((a) => a.name === name)
    ? el.attributes.map((a) => (a.name === name ? { ...a, value } : a))
    : [...el.attributes, { name, local: name, uri: '', value }];
  const written = attrs.map((a) => ` ${a.name}="${escapeXmlAttr(a.value)}"`).join('');
  return `<${el.name}${written}${el.selfClosing ? '/>' : '>'}`;
}
