/**
 * Text as it goes into and comes out of SpreadsheetML parts written or edited without exceljs.
 */

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return XML_ENTITIES[e] ?? '';
  });
}

/**
 * Characters XML 1.0 cannot carry at all (not even as references): C0 controls other than tab,
 * line feed and carriage return, U+FFFE/U+FFFF, and UTF-16 halves without their other half.
 */
// eslint-disable-next-line no-control-regex -- the C0 controls XML 1.0 forbids are exactly what this strips.
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Excel's limit on the characters of one cell; a longer text makes Excel repair the file. */
export const MAX_CELL_CHARS = 32_767;

/** `text` without the characters XML 1.0 cannot carry. */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL_XML, '');
}

/** Escapes text for an element's content (`<`, `&`, `>`; a carriage return as a reference so it survives parsing). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes text for a double-quoted attribute value (line breaks and tabs as references, which attribute parsing would otherwise turn into spaces). */
export function escapeXmlAttr(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\r':
        return '&#13;';
      case '\n':
        return '&#10;';
      default:
        return '&#9;';
    }
  });
}

/**
 * A cell's text as Excel must receive it so that it shows exactly that text: characters XML cannot
 * carry removed, at most MAX_CELL_CHARS long, and a literal `_xHHHH_` protected by escaping its
 * underscore (`_x005F_`), since Excel reads `_xHHHH_` in cell text as the character U+HHHH.
 */
export function cellText(text: string): string {
  // Cut before stripping, so a surrogate pair split by the cut loses its orphaned half too.
  const clean = stripIllegalXml(text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text);
  return clean.replace(/_(?=x[0-9a-fA-F]{4}_)/g, '_x005F_');
}
