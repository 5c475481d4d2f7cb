import { posix } from 'node:path';
import { parseRels, relsPartOf, resolveTarget } from './xlsx-package-structure.js';
import { REL_NS } from './xlsx-sheet-xml.js';
import { applyEdits, startTagWith, type TextEdit } from './xml-document.js';
import type { ZipPart } from './zip-archive.js';

/**
 * exceljs finds a sheet's comments, notes' drawings, tables and drawings by the part names Excel
 * uses (`xl/comments1.xml`) and by the relative targets Excel writes (`../comments1.xml`). Other
 * producers name them otherwise (openpyxl: `/xl/comments/comment1.xml`, an absolute target), and
 * exceljs then fails with a TypeError: the workbook would be unreadable. In the copy exceljs
 * reads, such parts are renamed to Excel's names and the sheets' targets rewritten to Excel's
 * form. The file itself is never changed.
 */

interface Kind {
  type: string;
  /** The names exceljs recognises. */
  name: RegExp;
  /** An Excel-style name for the k-th part of the kind. */
  rename: (k: number) => string;
}

const KINDS: readonly Kind[] = [
  { type: `${REL_NS}/comments`, name: /^xl\/comments\d+\.xml$/, rename: (k) => `xl/comments${k}.xml` },
  { type: `${REL_NS}/vmlDrawing`, name: /^xl\/drawings\/vmlDrawing\d+\.vml$/, rename: (k) => `xl/drawings/vmlDrawing${k}.vml` },
  { type: `${REL_NS}/table`, name: /^xl\/tables\/table\d+\.xml$/, rename: (k) => `xl/tables/table${k}.xml` },
  { type: `${REL_NS}/drawing`, name: /^xl\/drawings\/[a-zA-Z0-9]+\.xml$/, rename: (k) => `xl/drawings/drawing${k}.xml` },
];

const SHEET_RELS = /^xl\/worksheets\/_rels\/[^/]+\.xml\.rels$/;

/** `parts` (inflated, stored) with the parts exceljs would not find renamed and the sheets' targets in Excel's form. */
export function excelPartNamesForExceljs(parts: readonly ZipPart[]): ZipPart[] {
  const names = parts.map((p) => p.entry.name.toString('utf8'));
  const taken = new Set(names);
  const renamed = new Map<string, string>();
  const relsText = new Map<number, string>();
  names.forEach((name, i) => {
    if (!SHEET_RELS.test(name)) return;
    const xml = parts[i]?.data.toString('utf8');
    const rels = xml === undefined ? undefined : parseRels(xml);
    if (!rels || xml === undefined) return;
    const sheet = `xl/worksheets/${posix.basename(name, '.rels')}`;
    const edits: TextEdit[] = [];
    for (const r of rels.rels) {
      const kind = KINDS.find((k) => k.type === r.type);
      if (!kind || r.external) continue;
      const part = resolveTarget(sheet, r.target);
      if (!taken.has(part) && !renamed.has(part)) continue;
      let next = renamed.get(part) ?? part;
      if (!kind.name.test(next)) {
        let k = 1;
        while (taken.has(kind.rename(k))) k++;
        next = kind.rename(k);
        taken.add(next);
        renamed.set(part, next);
      }
      const target = posix.relative('xl/worksheets', next);
      if (target !== r.target) edits.push({ start: r.el.start, end: r.el.startTagEnd, text: startTagWith(r.el, 'Target', target) });
    }
    if (edits.length > 0) relsText.set(i, applyEdits(xml, edits));
  });
  if (relsText.size === 0 && renamed.size === 0) return [...parts];
  // A renamed part's own relationships move with it (same folder, so its targets still hold).
  const newNameOf = (name: string): string => {
    const direct = renamed.get(name);
    if (direct !== undefined) return direct;
    for (const [from, to] of renamed) if (relsPartOf(from) === name) return relsPartOf(to);
    return name;
  };
  return parts.map((p, i) => {
    const name = names[i] ?? '';
    const text = relsText.get(i);
    const newName = newNameOf(name);
    if (text === undefined && newName === name) return p;
    const data = text === undefined ? p.data : Buffer.from(text, 'utf8');
    return { entry: { ...p.entry, name: Buffer.from(newName, 'utf8'), compressedSize: data.length, size: data.length }, data };
  });
}
