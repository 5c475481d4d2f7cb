import { formatViDate } from '../format/vi-number.js';
import type { UnitReport } from '../pipeline/run-result.js';
import type { UnitStatus } from '../ports/store.js';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { SUMMARY_TAB, UNIT_STATUS_LABEL, UNIT_STATUS_STYLE, type StatusStyle } from './labels.js';
import { numberCell, styledCell, tableSheet } from './sheet-layout.js';
import { updatedMeta, type SummaryContext } from './summary-context.js';
import { formatViDateTime } from './vi-time.js';

const STATUS_ORDER: readonly UnitStatus[] = ['ok', 'invalid', 'missing', 'unreadable', 'unchanged'];

/** A missing report is only an error once its due date has passed; before that it is a reminder. */
function statusStyle(report: UnitReport, asOf: string): StatusStyle | undefined {
  if (report.status === 'missing' && report.due !== undefined && asOf <= report.due) return 'warning';
  return UNIT_STATUS_STYLE[report.status];
}

/** `Tình hình nộp báo cáo`: one row per reporting unit (tree order), then a total line. */
export function renderSubmissionsTab(ctx: SummaryContext): TabWrite {
  const headers = [
    'Mã',
    'Đơn vị',
    'Trạng thái',
    'Hạn nộp',
    'Thay đổi lần cuối',
    'Kiểm tra lúc',
    'Số lỗi',
    'Số cảnh báo',
    'Số xã dùng số liệu cũ',
  ];
  const asOf = ctx.result.asOf;
  const reports = ctx.result.units
    .map((u, i) => ({ u, i }))
    .sort((a, b) => ctx.rank(a.u.code) - ctx.rank(b.u.code) || a.i - b.i)
    .map(({ u }) => u);
  const body = reports.map((r): TabCell[] => [
    r.code,
    r.name,
    styledCell(UNIT_STATUS_LABEL[r.status], statusStyle(r, asOf)),
    r.due === undefined ? null : formatViDate(r.due),
    r.lastChangedAt === undefined ? null : formatViDateTime(r.lastChangedAt),
    r.checkedAt === undefined ? null : formatViDateTime(r.checkedAt),
    numberCell(r.errors, 'int'),
    numberCell(r.warnings, 'int'),
    numberCell(r.staleCommunes.length, 'int'),
  ]);
  const counts = STATUS_ORDER.map((s) => `${UNIT_STATUS_LABEL[s]}: ${reports.filter((r) => r.status === s).length}`);
  const sum = (f: (r: UnitReport) => number): number => reports.reduce((acc, r) => acc + f(r), 0);
  const total: TabCell[] = [
    { value: 'Tổng cộng', style: 'header' },
    `${reports.length} đơn vị`,
    counts.join('; '),
    null,
    null,
    null,
    numberCell(sum((r) => r.errors), 'int'),
    numberCell(sum((r) => r.warnings), 'int'),
    numberCell(sum((r) => r.staleCommunes.length), 'int'),
  ];
  return tableSheet({
    name: SUMMARY_TAB.submissions,
    title: `TÌNH HÌNH NỘP BÁO CÁO - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    headers,
    body,
    footer: [total],
  });
}
