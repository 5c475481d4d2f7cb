import type { UnitCode } from '../domain/ids.js';
import type { SheetIssue } from '../domain/issue.js';
import type { UnitStatus } from '../domain/unit-status.js';

/** What the alert step needs to know about one reporting unit after a run. */
export interface UnitRunState {
  unit: UnitCode;
  /** Status of the latest version; the caller resolves `unchanged` to the stored status. */
  status: UnitStatus;
  errors: number;
  warnings: number;
  /** ISO instant usable data first arrived. */
  receivedAt?: string;
  /** ISO `yyyy-mm-dd`: the earliest due date among the unit's scheduled programmes. */
  due?: string;
  /** True when accepted rows exist for the period (from this or an earlier version). */
  hasAcceptedData: boolean;
  /** The findings on the latest version, listed in the unit's own e-mail. */
  issues?: readonly SheetIssue[];
}
