import type { AlertKind, AlertSeverity } from '../alerts/alert.js';
import type { Severity } from '../domain/issue.js';
import type { UnitStatus } from '../domain/unit-status.js';
import type { TargetStatus } from '../targets/evaluation.js';

export { LEVEL_LABEL } from '../domain/unit.js';

/** Cell styles a status can take in a sheet (a plain cell when undefined). */
export type StatusStyle = 'ok' | 'warning' | 'error';

/**
 * Names of the summary workbook's own tabs; each programme's table (`Tổng hợp …`) is its module's,
 * written between the overview and the targets (see summaryTabNames).
 */
export const SUMMARY_TAB = {
  overview: 'Tổng quan',
  targets: 'Tiến độ chỉ tiêu',
  submissions: 'Tình hình nộp báo cáo',
  alerts: 'Cảnh báo',
} as const;

export const UNIT_STATUS_LABEL: Record<UnitStatus, string> = {
  ok: 'Hợp lệ',
  invalid: 'Có lỗi',
  missing: 'Chưa nộp',
  unreadable: 'Không đọc được',
  unchanged: 'Không thay đổi',
};

/**
 * `unchanged` keeps no style: the workbook was skipped, so this run says nothing new about it.
 * `missing` is an error here; the submissions tab softens it to a warning before the due date.
 */
export const UNIT_STATUS_STYLE: Record<UnitStatus, StatusStyle | undefined> = {
  ok: 'ok',
  invalid: 'error',
  missing: 'error',
  unreadable: 'error',
  unchanged: undefined,
};

export const TARGET_STATUS_LABEL: Record<TargetStatus, string> = {
  met: 'Đạt',
  at_risk: 'Có nguy cơ không đạt',
  missed: 'Không đạt',
  pending: 'Đang theo dõi',
};

/** A target met only at the plan's printed rounding (its cell carries a note with the exact value). */
export const TARGET_MET_BY_ROUNDING_LABEL = 'Đạt (làm tròn)';

/** Shown beside an indicator id the catalogue does not know (an id never stands alone). */
export const UNKNOWN_INDICATOR_LABEL = 'Chỉ số ngoài danh mục';

export const TARGET_STATUS_STYLE: Record<TargetStatus, StatusStyle | undefined> = {
  met: 'ok',
  at_risk: 'warning',
  missed: 'error',
  pending: undefined,
};

/** Headings and the `Loại` column: what happened, as a noun phrase. */
export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  target_missed: 'Chỉ tiêu không đạt',
  target_at_risk: 'Chỉ tiêu có nguy cơ không đạt',
  report_missing: 'Chưa nộp báo cáo',
  report_late: 'Nộp báo cáo muộn',
  data_invalid: 'Báo cáo có lỗi số liệu',
  unit_unreadable: 'Không đọc được bảng tính',
  target_inconsistent: 'Chỉ tiêu kế hoạch không thống nhất',
  regression: 'Chỉ số giảm so với lần trước',
};

/** Short forms counted in an e-mail subject: `(1 không đạt, 2 có nguy cơ)`. */
export const ALERT_KIND_SHORT: Record<AlertKind, string> = {
  target_missed: 'không đạt',
  target_at_risk: 'có nguy cơ',
  report_missing: 'chưa nộp',
  report_late: 'nộp muộn',
  data_invalid: 'có lỗi số liệu',
  unit_unreadable: 'không đọc được',
  target_inconsistent: 'chỉ tiêu không thống nhất',
  regression: 'giảm so với lần trước',
};

export const ALERT_SEVERITY_LABEL: Record<AlertSeverity, string> = {
  error: 'Nghiêm trọng',
  warning: 'Cảnh báo',
  info: 'Thông tin',
};

export const ALERT_SEVERITY_STYLE: Record<AlertSeverity, StatusStyle | undefined> = {
  error: 'error',
  warning: 'warning',
  info: undefined,
};

/** Issue severities as the form contract spells them (product.md: `Lỗi` blocks the row). */
export const ISSUE_SEVERITY_LABEL: Record<Severity, string> = {
  error: 'Lỗi',
  warning: 'Cảnh báo',
};

/** Level shown for a `nhóm:<tag>` scope in the `Cấp` column. */
export const GROUP_LEVEL_LABEL = 'nhóm';

/** Comparison operators as people read them. */
export const COMPARE_OP_LABEL: Record<'>=' | '<=' | '=', string> = { '>=': '≥', '<=': '≤', '=': '=' };
