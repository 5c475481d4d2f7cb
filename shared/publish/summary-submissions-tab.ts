import { vietnamDay } from '../domain/calendar-date.js';
import type { UnitCode } from '../domain/ids.js';
import type { UnitReport } from './run-result.js';
import type { UnitStatus } from '../domain/unit-status.js';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { SUMMARY_TAB, UNIT_STATUS_LABEL, UNIT_STATUS_STYLE, type StatusStyle } from './labels.js';
import { dateCell, dateTimeCell, numberCell, styledCell, tableSheet } from './sheet-layout.js';
import { scopeNameCell, updatedMeta, valueOf, type ScopeRow, type SummaryContext } from './summary-context.js';

/** Statuses a stored record can have, in the order the totals list them (`unchanged` is a per-run status, never shown here). */
const STORED_STATUS_ORDER: readonly UnitStatus[] = ['ok', 'invalid', 'missing', 'unreadable'];

/** A missing report is only an error once its due date has passed; before that it is a reminder. */
function statusStyle(report: UnitReport, asOf: string): StatusStyle | undefined {
  if (report.status === 'missing' && report.due !== undefined && asOf <= report.due) return 'warning';
  return UNIT_STATUS_STYLE[report.status];
}

/** Whether usable data arrived by the due date (the rule of `reporting.on_time` and `report_late`). */
function onTimeCell(r: UnitReport): TabCell {
  if (r.receivedAt === undefined || (r.status !== 'ok' && r.status !== 'invalid')) return null;
  if (r.due === undefined || vietnamDay(r.receivedAt) <= r.due) return styledCell('Đúng hạn', 'ok');
  return styledCell('Muộn', 'warning');
}

export const SUBMISSION_HEADERS = [
  'Mã',
  'Đơn vị',
  'Trạng thái (lần đọc gần nhất)',
  'Hạn nộp',
  'Nhận số liệu lúc',
  'Nộp đúng hạn',
  'Thay đổi lần cuối',
  'Kiểm tra lúc',
  'Phải nộp (đơn vị)',
  'Đã nộp (đơn vị)',
  'Tỷ lệ nộp (%)',
  'Nộp đúng hạn (đơn vị)',
  'Tỷ lệ nộp đúng hạn (%)',
  'Số lỗi',
  'Số cảnh báo',
  'Số xã dùng số liệu cũ',
] as const;

/** What the status column shows: the result of the last read of each workbook, which an unchanged workbook keeps. */
export const SUBMISSIONS_STATUS_NOTE =
  'Trạng thái là kết quả lần đọc gần nhất của từng bảng tính (cột "Kiểm tra lúc"); bảng tính không thay đổi từ lần trước thì giữ trạng thái đó, không đọc lại.';

/**
 * `Tình hình nộp báo cáo`: DHIS2's reporting-rate table and the list of reporting units in one, in
 * tree order and grouped by the hierarchy: each unit above reporting units (the province, a
 * district over reporting communes, a group) with its `reporting.*` figures, each reporting unit
 * with its workbook's status, dates (date cells), whether it arrived on time, and its findings;
 * then a totals line that counts what the table shows.
 */
export function renderSubmissionsTab(ctx: SummaryContext): TabWrite {
  const asOf = ctx.result.asOf;
  const reports = new Map<UnitCode, UnitReport>();
  for (const u of ctx.result.units) if (!reports.has(u.code)) reports.set(u.code, u);
  const rows: { scope: ScopeRow; report?: UnitReport }[] = [];
  const placed = new Set<string>();
  for (const s of ctx.scopes) {
    const report = reports.get(s.scope as UnitCode);
    if (report === undefined && valueOf(ctx, s.scope, 'reporting.expected') === undefined) continue;
    rows.push(report === undefined ? { scope: s } : { scope: s, report });
    if (report) placed.add(report.code);
  }
  // A report for a unit the hierarchy does not place (cannot happen in a run) still gets its row.
  for (const r of reports.values()) {
    if (!placed.has(r.code)) rows.push({ scope: { scope: r.code, label: r.name, depth: 0, level: '', communes: 0 }, report: r });
  }

  const body = rows.map(({ scope, report }): TabCell[] => {
    const v = (id: string): number | undefined => valueOf(ctx, scope.scope, id);
    // A reporting unit's own 1-of-1 says nothing its status does not; units above others get the rates.
    const rates = report === undefined || (v('reporting.expected') ?? 0) > 1;
    const rateCells: TabCell[] = rates
      ? [
          numberCell(v('reporting.expected'), 'int'),
          numberCell(v('reporting.received'), 'int'),
          numberCell(v('reporting.rate'), 'percent'),
          numberCell(v('reporting.on_time'), 'int'),
          numberCell(v('reporting.on_time_rate'), 'percent'),
        ]
      : [null, null, null, null, null];
    if (report === undefined) return [scope.scope, styledCell(scope.label, 'total'), null, null, null, null, null, null, ...rateCells, null, null, null];
    return [
      report.code,
      scopeNameCell({ ...scope, label: report.name }),
      styledCell(UNIT_STATUS_LABEL[report.status], statusStyle(report, asOf)),
      dateCell(report.due),
      dateTimeCell(report.receivedAt),
      onTimeCell(report),
      dateTimeCell(report.lastChangedAt),
      dateTimeCell(report.checkedAt),
      ...rateCells,
      numberCell(report.errors, 'int'),
      numberCell(report.warnings, 'int'),
      numberCell(report.staleCommunes.length, 'int'),
    ];
  });

  const all = [...reports.values()];
  const counts = STORED_STATUS_ORDER.map((s) => `${UNIT_STATUS_LABEL[s]}: ${all.filter((r) => r.status === s).length}`);
  const sum = (f: (r: UnitReport) => number): number => all.reduce((acc, r) => acc + f(r), 0);
  const total: TabCell[] = [
    null,
    // One text over the empty cells to its right: the counts of the status column, as shown above.
    styledCell(`Tổng cộng: ${all.length} đơn vị báo cáo (${counts.join('; ')})`, 'total'),
    ...Array.from({ length: 11 }, () => null),
    numberCell(
      sum((r) => r.errors),
      'int',
    ),
    numberCell(
      sum((r) => r.warnings),
      'int',
    ),
    numberCell(
      sum((r) => r.staleCommunes.length),
      'int',
    ),
  ];
  return tableSheet({
    name: SUMMARY_TAB.submissions,
    title: `TÌNH HÌNH NỘP BÁO CÁO - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    wrapHeaders: true,
    headers: [...SUBMISSION_HEADERS],
    body,
    footer: [total, [], [SUBMISSIONS_STATUS_NOTE]],
    freezeColumns: 2,
    bodyLevels: rows.map((r) => r.scope.depth),
  });
}
