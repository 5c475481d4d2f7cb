import type { Alert } from '../alerts/alert.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { SheetIssue } from '../domain/issue.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import type { UnitStatus } from '../domain/unit-status.js';
import type { TargetEvaluation } from '../targets/evaluation.js';

/** One reporting unit's outcome in a run (the JSON output's `units`, plus details for the summary). */
export interface UnitReport {
  code: UnitCode;
  name: string;
  status: UnitStatus;
  errors: number;
  warnings: number;
  /** Programmes the unit had to report in this period. */
  programmes: Programme[];
  /** ISO instant the workbook last changed (source modification time). */
  lastChangedAt?: string;
  /** ISO instant the pipeline last read it. */
  checkedAt?: string;
  /** ISO instant usable data first arrived. */
  receivedAt?: string;
  /** Due date (yyyy-mm-dd), the earliest among its programmes. */
  due?: string;
  /** Communes whose figures come from an older version (the new row has errors, or the workbook is unreadable). */
  staleCommunes: UnitCode[];
}

export interface RunIssue extends SheetIssue {
  unit: UnitCode;
}

/** What happened to the run's e-mails (the JSON output's `delivery`). */
export interface DeliveryReport {
  /** Messages accepted (by the SMTP server, or written to the outbox). */
  sent: number;
  /** Recipients whose digest could not be delivered in this run; each is tried again next run. */
  failed: { recipient: string; message: string }[];
}

/** Everything a run produced; publishing, alerting and the JSON output are views of it. */
export interface RunResult {
  runId: string;
  period: PeriodId;
  /** yyyy-mm-dd */
  asOf: string;
  startedAt: string;
  units: UnitReport[];
  issues: RunIssue[];
  indicators: IndicatorValue[];
  targets: TargetEvaluation[];
  alerts: Alert[];
  /** Set when the run had e-mails to deliver. */
  delivery?: DeliveryReport;
}
