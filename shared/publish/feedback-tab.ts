import type { PeriodId } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import type { SheetIssue } from '../domain/issue.js';
import { FEEDBACK_TAB_NAME } from '../forms/tab-specs.js';
import { PROGRAMME_MODULES } from '../programmes/registry.js';
import type { UnitReport } from './run-result.js';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { ISSUE_SEVERITY_LABEL, UNIT_STATUS_LABEL, UNIT_STATUS_STYLE } from './labels.js';
import { styledCell, tableSheet, wrappedCell } from './sheet-layout.js';
import { formatViDateTime } from './vi-time.js';

export interface FeedbackInput {
  unit: Unit;
  report: UnitReport;
  issues: readonly SheetIssue[];
  /** ISO instant of the check. */
  checkedAt: string;
  period: PeriodId;
}

/** Tabs in the order staff see them in a unit workbook; other tabs follow by name. */
const TAB_ORDER: readonly string[] = ['', ...PROGRAMME_MODULES.map((m) => m.tab)];

function tabRank(tab: string): number {
  const i = TAB_ORDER.indexOf(tab);
  return i === -1 ? TAB_ORDER.length : i;
}

/** Column number of letters (`A` -> 1, `AA` -> 27). */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Orders A1 cells naturally: by column (A < B < AA), then by row as a number, so A2 < A10 < B1.
 * Text that is not an A1 cell sorts after every cell, by code point.
 */
export function compareA1(a: string, b: string): number {
  const ma = /^([A-Za-z]+)(\d+)$/.exec(a);
  const mb = /^([A-Za-z]+)(\d+)$/.exec(b);
  if (ma && mb) {
    // Row first: one commune's problems stay together, in the order staff read the sheet.
    return Number(ma[2]) - Number(mb[2]) || columnNumber(ma[1] ?? '') - columnNumber(mb[1] ?? '');
  }
  if (ma) return -1;
  if (mb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Feedback order: errors before warnings, then by tab (workbook-level first, then `NTM`,
 * `Giảm nghèo`, then others by name), then by cell (issues about a whole tab first).
 */
export function compareFeedbackIssues(a: SheetIssue, b: SheetIssue): number {
  const sev = (i: SheetIssue): number => (i.severity === 'error' ? 0 : 1);
  if (sev(a) !== sev(b)) return sev(a) - sev(b);
  if (a.tab !== b.tab) return tabRank(a.tab) - tabRank(b.tab) || (a.tab < b.tab ? -1 : 1);
  if (a.cell === undefined || b.cell === undefined) return (a.cell === undefined ? 0 : 1) - (b.cell === undefined ? 0 : 1);
  return compareA1(a.cell, b.cell);
}

const NO_ISSUES = 'Không phát hiện lỗi. Cảm ơn đơn vị đã báo cáo đúng mẫu.';

/**
 * The `Kết quả kiểm tra` tab written into a unit's workbook: when it was checked, its status, and
 * one row per issue with the cell, the value as read, and how to fix it.
 */
export function renderFeedbackTab(input: FeedbackInput): TabWrite {
  const { unit, report } = input;
  const errors = input.issues.filter((i) => i.severity === 'error').length;
  const warnings = input.issues.length - errors;
  const meta: TabCell[][] = [
    [`Kiểm tra lúc: ${formatViDateTime(input.checkedAt)}`],
    [`Kỳ báo cáo: ${input.period}`],
    [styledCell(`Trạng thái: ${UNIT_STATUS_LABEL[report.status]}`, UNIT_STATUS_STYLE[report.status])],
    [`Số lỗi: ${errors}`],
    [`Số cảnh báo: ${warnings}`],
    [
      'Các dòng có mức độ "Lỗi" chưa được tính vào số liệu tổng hợp; với các dòng đó, hệ thống giữ số liệu hợp lệ gần nhất cho đến khi đơn vị sửa xong. "Cảnh báo" không chặn số liệu nhưng cần kiểm tra lại.',
    ],
  ];
  if (report.staleCommunes.length > 0) {
    meta.push([`Xã đang dùng số liệu hợp lệ gần nhất (chưa nhận số liệu mới): ${report.staleCommunes.join(', ')}`]);
  }
  const sorted = input.issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => compareFeedbackIssues(a.issue, b.issue) || a.i - b.i)
    .map(({ issue }) => issue);
  const body = sorted.map((i): TabCell[] => [
    i.tab === '' ? null : i.tab,
    i.cell ?? null,
    // Values read from staff cells go back as strings: the gateway writes strings as text, so a
    // value such as `=SUM(A1)` shows as typed instead of becoming a formula.
    i.value === undefined ? null : String(i.value),
    styledCell(ISSUE_SEVERITY_LABEL[i.severity], i.severity === 'error' ? 'error' : 'warning'),
    wrappedCell(i.message),
    i.hint === undefined ? null : wrappedCell(i.hint),
  ]);
  return tableSheet({
    name: FEEDBACK_TAB_NAME,
    title: `KẾT QUẢ KIỂM TRA SỐ LIỆU BÁO CÁO - ${unit.name}`,
    meta,
    headers: ['Trang tính', 'Ô', 'Giá trị đã đọc', 'Mức độ', 'Nội dung', 'Cách sửa'],
    body,
    // Messages and fixes wrap within a column a page can hold instead of running under the next one.
    maxWidths: { 4: 60, 5: 50 },
    // As a footer, the no-issue sentence does not widen the first column.
    footer: body.length === 0 ? [[styledCell(NO_ISSUES, 'ok')]] : [],
  });
}
