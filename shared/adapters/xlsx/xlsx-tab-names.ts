import { headerKey } from '../../forms/header-key.js';

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
