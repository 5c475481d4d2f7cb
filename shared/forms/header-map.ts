import { a1 } from '../domain/ids.js';
import { closest } from './closest.js';
import { headerKey } from './header-key.js';
import type { SheetIssue } from '../domain/issue.js';
import { isBlank, rawToText, type RawSheet } from './raw-sheet.js';
import { HEADER_SEARCH_ROWS, type ColumnSpec, type TabSpec } from './tab-specs.js';

/** Where each field of a tab sits, found by header text (product.md: column order is free). */
export interface HeaderMap {
  /** 1-based row of the header; undefined when no header row was found. */
  headerRow?: number;
  /** Field name -> 1-based column. */
  columns: Map<string, number>;
  issues: SheetIssue[];
  /** False when the tab cannot be read: no header row, or a required column is missing. */
  ok: boolean;
}

// After a `TC<n>` prefix the header may go on with free text (`TC2 - Giao thông`, `TC2: ...`,
// `TC2 (Giao thông)`), but a digit would make it another criterion (TC1 vs TC10).
const PREFIX_END = new Set(['', ' ', '-', '.', ':', '(', '–']);

interface Matcher {
  spec: ColumnSpec;
  keys: string[];
}

function matches(m: Matcher, key: string): boolean {
  if (!m.spec.prefix) return m.keys.includes(key);
  // `TC 2` is read as `TC2`: the space is a common slip and cannot create a false match here.
  const compact = key.replace(/ (?=\d)/g, '');
  return m.keys.some((k) => (key.startsWith(k) && PREFIX_END.has(key.charAt(k.length))) || (compact.startsWith(k) && PREFIX_END.has(compact.charAt(k.length))));
}

function cellText(sheet: RawSheet, row: number, column: number): string {
  const v = sheet.rows[row - 1]?.[column - 1] ?? null;
  return isBlank(v) ? '' : rawToText(v).trim();
}

/** The first row within the first HEADER_SEARCH_ROWS rows containing one of the key headers. */
function findHeaderRow(sheet: RawSheet, spec: TabSpec): number | undefined {
  const keys = new Set(spec.keyHeaders.map(headerKey));
  // A key header's aliases identify the header row too (an old template's wording).
  for (const c of spec.columns) if (keys.has(headerKey(c.header))) for (const a of c.aliases ?? []) keys.add(headerKey(a));
  const last = Math.min(HEADER_SEARCH_ROWS, sheet.rows.length);
  for (let r = 1; r <= last; r++) {
    const cells = sheet.rows[r - 1] ?? [];
    for (const v of cells) if (!isBlank(v) && keys.has(headerKey(rawToText(v)))) return r;
  }
  return undefined;
}

const quoteList = (texts: readonly string[]): string => texts.map((t) => `"${t}"`).join(', ');

export function mapHeader(sheet: RawSheet, spec: TabSpec): HeaderMap {
  const tab = sheet.name;
  const headerRow = findHeaderRow(sheet, spec);
  if (headerRow === undefined) {
    return {
      columns: new Map(),
      ok: false,
      issues: [
        {
          code: 'header_not_found',
          severity: 'error',
          tab,
          message: `Không tìm thấy dòng tiêu đề của trang "${tab}": trong ${HEADER_SEARCH_ROWS} dòng đầu không có ô nào ghi ${quoteList(spec.keyHeaders)}.`,
          hint: `Giữ dòng tiêu đề của mẫu trong ${HEADER_SEARCH_ROWS} dòng đầu của trang; ô tiêu đề cột mã phải ghi đúng ${quoteList(spec.keyHeaders)}. Có thể chép lại dòng tiêu đề từ mẫu.`,
        },
      ],
    };
  }

  const matchers: Matcher[] = spec.columns.map((c) => ({ spec: c, keys: [c.header, ...(c.aliases ?? [])].map(headerKey) }));
  const columns = new Map<string, number>();
  const issues: SheetIssue[] = [];
  const extras: { column: number; text: string }[] = [];
  const width = sheet.rows[headerRow - 1]?.length ?? 0;
  let lastUsed = 0;

  for (let c = 1; c <= width; c++) {
    const text = cellText(sheet, headerRow, c);
    if (text === '') continue;
    lastUsed = c;
    const key = headerKey(text);
    const m = matchers.find((x) => matches(x, key));
    if (!m) {
      extras.push({ column: c, text });
      continue;
    }
    const first = columns.get(m.spec.field);
    if (first !== undefined) {
      issues.push({
        code: 'column_duplicate',
        severity: 'warning',
        tab,
        cell: a1(headerRow, c),
        value: text,
        message: `Cột "${text}" bị trùng với cột ${a1(headerRow, first)}; chỉ cột ${a1(headerRow, first)} được đọc.`,
        hint: `Xoá một trong hai cột hoặc đổi tiêu đề cột ${a1(headerRow, c)} nếu đó là cột khác (cột này sẽ bị bỏ qua).`,
      });
      continue;
    }
    columns.set(m.spec.field, c);
  }

  const missing = spec.columns.filter((c) => c.required && !columns.has(c.field));
  const missingHeaders = missing.map((c) => c.header);

  for (const e of extras) {
    // An extra column that looks like a missing one is most likely that column with a typo.
    const near = closest(headerKey(e.text), missingHeaders.map(headerKey), 1, 3)[0];
    const meant = near === undefined ? undefined : missingHeaders[missingHeaders.map(headerKey).indexOf(near)];
    issues.push({
      code: 'column_extra',
      severity: 'warning',
      tab,
      cell: a1(headerRow, e.column),
      value: e.text,
      message: `Cột "${e.text}" không thuộc mẫu nên được bỏ qua.`,
      hint:
        meant !== undefined
          ? `Nếu đây là cột "${meant}" thì sửa tiêu đề cho đúng "${meant}".`
          : 'Không cần làm gì nếu đây là cột ghi chú riêng của đơn vị; số liệu trong cột này không được đọc.',
    });
  }

  // The issue points at the first free cell of the header row: where the column can be added.
  const freeCell = a1(headerRow, lastUsed + 1);
  for (const c of missing) {
    const example = c.prefix ? `"${c.header}" (có thể ghi thêm tên tiêu chí phía sau, ví dụ "${c.header} - ...")` : `"${c.header}"`;
    issues.push({
      code: 'column_missing',
      severity: 'error',
      tab,
      cell: freeCell,
      message: `Thiếu cột bắt buộc "${c.header}" ở dòng tiêu đề (dòng ${headerRow}).`,
      hint: `Thêm cột có tiêu đề ${example} vào dòng ${headerRow}. Thứ tự các cột không quan trọng. Cả trang chưa được đọc cho đến khi có đủ cột.`,
    });
  }

  return { headerRow, columns, issues, ok: missing.length === 0 };
}
