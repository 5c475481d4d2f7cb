import { WorkbookWriteError } from '../../ports/workbook-gateway.js';
import { parseRels, partReader, readWorkbookDocument, relsPartOf, resolveTarget, xmlTextOf } from './xlsx-package-structure.js';
import { tabNameKey } from './xlsx-tab-names.js';
import { readZipParts } from './zip-archive.js';

/**
 * The last check before a workbook file is replaced: every tab of the original is still in the
 * package about to be written (matched as the writer matches names, so a tab renamed to the name
 * written counts), and every tab of that package points to a part it holds. The written package is
 * read back with the same parser as the original, never trusted because the code that made it
 * "should" have kept everything: a workbook whose tab list was misread once lost every staff tab.
 */

/** The tabs of a package whose relationship leads to a part the package holds; undefined when the list cannot be read. */
function tabsWithParts(bytes: Buffer): string[] | undefined {
  const parts = readZipParts(bytes);
  if (!parts) return undefined;
  const read = partReader(parts);
  const text = (name: string): string | undefined => {
    const raw = read(name);
    return raw === undefined ? undefined : xmlTextOf(raw).text;
  };
  const wb = readWorkbookDocument(text);
  if (!wb) return undefined;
  const rels = parseRels(text(relsPartOf(wb.part)))?.rels ?? [];
  const names = new Set(parts.map((p) => p.entry.name.toString('utf8').toLowerCase()));
  return wb.tabs
    .filter((t) => {
      const rel = rels.find((r) => r.id === t.rid);
      return rel !== undefined && !rel.external && names.has(resolveTarget(wb.part, rel.target).toLowerCase());
    })
    .map((t) => t.name);
}

/**
 * Throws WorkbookWriteError (kind 'io', reason in Vietnamese) when `written` lacks a tab of
 * `originalTabs` or its tab list cannot be read: the file is then left as it is.
 */
export function assertTabsKept(ref: string, originalTabs: readonly string[], written: Buffer): void {
  let present: string[] | undefined;
  try {
    present = tabsWithParts(written);
  } catch {
    present = undefined;
  }
  if (present === undefined) {
    throw new WorkbookWriteError(ref, 'io', 'không kiểm tra được danh sách trang tính của bản sắp ghi nên đã không ghi; tệp được giữ nguyên');
  }
  const left = new Map<string, number>();
  for (const name of present) left.set(tabNameKey(name), (left.get(tabNameKey(name)) ?? 0) + 1);
  const missing: string[] = [];
  for (const name of originalTabs) {
    const n = left.get(tabNameKey(name)) ?? 0;
    if (n === 0) missing.push(name);
    else left.set(tabNameKey(name), n - 1);
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    throw new WorkbookWriteError(ref, 'io', `đã dừng ghi vì bản ghi mới sẽ làm mất trang tính ${list}; tệp được giữ nguyên`);
  }
}
