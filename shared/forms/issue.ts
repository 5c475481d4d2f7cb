import type { A1Cell } from '../domain/ids.js';

export type Severity = 'error' | 'warning';

/**
 * A validation finding. Findings are values, never thrown: a stage collects them and a later step
 * formats them for people (feedback tab, JSON, e-mail).
 */
export interface SheetIssue {
  /** Stable machine code, e.g. `number_ambiguous`, `column_missing`. */
  code: string;
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
