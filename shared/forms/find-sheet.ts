import { headerKey } from './header-key.js';
import type { RawSheet, RawWorkbook } from './raw-sheet.js';

/**
 * Finds a tab by name the way staff read names: case, surrounding spaces and tone-mark placement
 * do not matter (`ntm`, ` Giảm nghèo `). The first match is used; later ones are returned so the
 * caller can warn about them.
 */
export function findSheet(raw: RawWorkbook, name: string): { sheet?: RawSheet; duplicates: RawSheet[] } {
  const key = headerKey(name);
  const found = raw.sheets.filter((s) => headerKey(s.name) === key);
  const [sheet, ...duplicates] = found;
  return sheet === undefined ? { duplicates } : { sheet, duplicates };
}
