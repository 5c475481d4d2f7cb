import { headerKey } from '../../forms/header-key.js';
import { stripIllegalXml } from './xml-text.js';

/**
 * Tab names are compared the way the parsers compare them (forms/header-key.ts): Unicode NFC,
 * case folding, trimmed and collapsed spaces, old/new tone-mark placement unified.
 */
export function tabNameKey(name: string): string {
  return headerKey(name);
}

export function sameTabName(a: string, b: string): boolean {
  return tabNameKey(a) === tabNameKey(b);
}

/** Excel's limit on a tab name's length. */
export const MAX_SHEET_NAME_CHARS = 31;

/**
 * Whether Excel accepts `name` as a tab name: 1 to 31 characters, none of `\ / ? * [ ] :` nor a
 * control character, not starting or ending with an apostrophe, and not `History` (reserved).
 */
export function isValidSheetName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_SHEET_NAME_CHARS) return false;
  // eslint-disable-next-line no-control-regex -- Excel refuses control characters in tab names; this is that check.
  if (/[\\/?*[\]:\u0000-\u001f]/.test(name) || stripIllegalXml(name) !== name) return false;
  if (name.startsWith("'") || name.endsWith("'")) return false;
  return name.toLowerCase() !== 'history';
}
