import type { CriteriaSet } from '../../domain/criteria-set.js';
import { a1, type A1Cell } from '../../domain/ids.js';
import type { NtmRow } from '../../domain/rows.js';
import { headerKey } from '../../forms/header-key.js';
import { mapHeader } from '../../forms/header-map.js';
import type { SheetIssue } from '../../domain/issue.js';
import { isBlank, rawToText, type RawSheet } from '../../forms/raw-sheet.js';
import type { TabParseResult } from '../../forms/tab-parse-result.js';
import type { TabSpec } from '../../forms/tab-specs.js';
import { criterionHeader } from './ntm-tab-spec.js';

// `TC2`, `TC 2`, `TC2 - Giao thông`, `TC2: ...`, `TC2 (...)`: the number, then the end or free text.
const CRITERION_HEADER = /^tc ?(\d+)(?=$|[ \-.:(–])/;

/** The criterion number a header cell names, if it names one. */
export function criterionNumberOf(text: string): number | undefined {
  const m = CRITERION_HEADER.exec(headerKey(text));
  return m === null ? undefined : Number(m[1]);
}

/** `TC11-TC19` for a run of numbers, `TC3, TC7` otherwise. */
function headerRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  const sorted = [...numbers].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const from = sorted[i] ?? 0;
    const to = sorted[j] ?? 0;
    parts.push(
      j - i >= 2
        ? `${criterionHeader(from)}-${criterionHeader(to)}`
        : sorted
            .slice(i, j + 1)
            .map(criterionHeader)
            .join(', '),
    );
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * The NTM tab's criterion columns against the period's set. A workbook made for another set (10
 * columns against 19, or a TC20) would otherwise be read column by column into the wrong criteria,
 * or lose one silently; instead the tab is refused with ONE finding on its header row naming what
 * is missing and what is extra. Undefined when the columns match (or no header row is found: the
 * header mapping reports that).
 */
export function criteriaColumnsMismatch(sheet: RawSheet, spec: TabSpec, set: CriteriaSet): TabParseResult<NtmRow> | undefined {
  // The tab without its criterion columns: its other header findings still come out, once.
  const rest = mapHeader(sheet, { ...spec, columns: spec.columns.filter((c) => !c.prefix) });
  const row = rest.headerRow;
  if (row === undefined) return undefined;

  const found = new Map<number, A1Cell>();
  const cells = sheet.rows[row - 1] ?? [];
  cells.forEach((v, i) => {
    if (isBlank(v)) return;
    const n = criterionNumberOf(rawToText(v));
    if (n !== undefined && !found.has(n)) found.set(n, a1(row, i + 1));
  });
  const expected = new Set(set.criteria.map((c) => c.no));
  const missing = [...expected].filter((n) => !found.has(n));
  const extra = [...found.keys()].filter((n) => !expected.has(n));
  if (missing.length === 0 && extra.length === 0) return undefined;

  const criterionCells = new Set(found.values());
  const others = rest.issues.filter((i) => !(i.code === 'column_extra' && i.cell !== undefined && criterionCells.has(i.cell)));
  const firstExtra = extra.length === 0 ? undefined : found.get(Math.min(...extra));
  const all = set.criteria.length;
  const what = [missing.length > 0 ? `thiếu ${headerRanges(missing)}` : '', extra.length > 0 ? `thừa ${headerRanges(extra)}` : '']
    .filter((t) => t !== '')
    .join('; ');
  const issue: SheetIssue = {
    code: 'criteria_columns_mismatch',
    severity: 'error',
    tab: sheet.name,
    cell: firstExtra ?? a1(row, 1),
    value: [...found.keys()]
      .sort((a, b) => a - b)
      .map(criterionHeader)
      .join(', '),
    message: `Các cột tiêu chí ở dòng tiêu đề (dòng ${row}) không khớp với bộ tiêu chí của kỳ báo cáo (${set.title}: ${all} tiêu chí, ${criterionHeader(1)} đến ${criterionHeader(all)}): ${what}. Cả trang chưa được đọc để số liệu không bị ghi nhầm sang tiêu chí khác.`,
    hint: `Dùng mẫu bảng tính của kỳ này: dòng tiêu đề có đúng các cột ${criterionHeader(1)} đến ${criterionHeader(all)} (có thể ghi thêm tên sau, ví dụ "${criterionHeader(2)} - Giao thông"). Nếu bảng tính làm theo bộ tiêu chí khác, chép số liệu sang mẫu mới cho đúng từng tiêu chí.`,
  };
  return { rows: [], issues: [...others, issue], erroredCommunes: [], tabOk: false, untouched: false };
}
