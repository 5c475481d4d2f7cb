import type { A1Cell } from '../domain/ids.js';

/**
 * Every finding's code: the JSON's `issues[].code` and the feedback tab's rows are keyed by these,
 * so a new finding adds its code here (a typo is a type error, not a silently new code).
 */
export const ISSUE_CODES = [
  'baseline_duplicate',
  'check_failed',
  'code_not_text',
  'column_duplicate',
  'column_extra',
  'column_missing',
  'commune_code_missing',
  'commune_duplicate',
  'commune_name_mismatch',
  'commune_outside_unit',
  'commune_row_missing',
  'commune_unknown',
  'criteria_columns_mismatch',
  'criteria_set_missing',
  'criterion_invalid',
  'criterion_missing',
  'data_not_entered',
  'date_invalid',
  'dtts_achieved_exceeds_total',
  'dtts_code_duplicate',
  'dtts_code_invalid',
  'dtts_code_missing',
  'dtts_code_project_mismatch',
  'dtts_code_unknown',
  'dtts_content_mismatch',
  'dtts_plan_differs',
  'dtts_plan_not_assigned',
  'dtts_project_unknown',
  'email_invalid',
  'feedback_not_written',
  'formula_error',
  'group_unknown',
  'header_not_found',
  'indicator_programme_mismatch',
  'indicator_unknown',
  'level_invalid',
  'level_mismatch',
  'level_not_standard',
  'merger_conflict',
  'merger_duplicate',
  'merger_cycle',
  'merger_old_unit_reports',
  'merger_self',
  'merger_successor_unknown',
  'not_a_commune',
  'number_ambiguous',
  'number_invalid',
  'number_negative',
  'number_not_whole',
  'op_invalid',
  'parent_cycle',
  'parent_missing',
  'parent_unknown',
  'period_invalid',
  'poor_ethnic_exceeds_poor',
  'poverty_exceeds_households',
  'poverty_flow_mismatch',
  'programme_invalid',
  'recognised_not_standard',
  'row_not_entered',
  'scope_unknown',
  'snapshot_not_kept',
  'store_failed',
  'summary_not_written',
  'tab_duplicate',
  'tab_missing',
  'tab_not_entered',
  'unit_code_missing',
  'unit_duplicate',
  'unit_unknown',
  'value_missing',
  'workbook_changed',
  'workbook_missing',
  'workbook_ref_invalid',
  'workbook_shared',
  'workbook_unreadable',
  'year_invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export type Severity = 'error' | 'warning';

/**
 * A validation finding. Findings are values, never thrown: a stage collects them and a later step
 * formats them for people (feedback tab, JSON, e-mail).
 */
export interface SheetIssue {
  /** Stable machine code, e.g. `number_ambiguous`, `column_missing` (part of the JSON contract). */
  code: IssueCode;
  severity: Severity;
  /** Tab name as in the workbook (`NTM`, `Giảm nghèo`, `Đơn vị`...). Empty for workbook-level issues. */
  tab: string;
  /** Cell in A1 notation, when the issue is about one cell. */
  cell?: A1Cell;
  /** The value as read, rendered as text. */
  value?: string;
  /** Vietnamese message for staff. */
  message: string;
  /** Vietnamese fix hint. */
  hint?: string;
}
