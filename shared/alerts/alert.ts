import type { IndicatorId } from '../domain/ids.js';
import type { Scope } from '../domain/unit.js';
import type { Severity } from '../domain/issue.js';

export const ALERT_KINDS = [
  'target_missed',
  'target_at_risk',
  'report_missing',
  'report_late',
  'data_invalid',
  'unit_unreadable',
  'target_inconsistent',
  'regression',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertSeverity = 'error' | 'warning' | 'info';

export interface Alert {
  kind: AlertKind;
  unit: Scope;
  indicator?: IndicatorId;
  severity: AlertSeverity;
  /** Vietnamese, one sentence, self-contained (it is read in an e-mail). */
  message: string;
  /**
   * Identity for de-duplication: the same key with the same `fingerprint` is not re-sent until the
   * reminder interval passes.
   */
  key: string;
  /** Changes when the alert's substance changes (value, status, issue count). */
  fingerprint: string;
  recipients: string[];
  /**
   * The unit's own findings behind a data_invalid, unit_unreadable or report_missing alert: its
   * staff cannot see the office's summary, so their e-mail lists them (the first few, and how
   * many there are in all).
   */
  problems?: AlertProblems;
  /**
   * What the alert states, when other alerts may state the same (`ntm.standard` and
   * `ntm.bucket.19`, a count and its percentage, for one scope): a digest shows alerts of one
   * `id` as one line naming every label.
   */
  fact?: AlertFact;
}

/** Findings listed in an alert, for people who cannot open the feedback tab's source. */
export interface AlertProblems {
  /** The first MAX_ALERT_PROBLEMS findings, errors first, in the order the sheet reads. */
  list: AlertProblem[];
  errors: number;
  warnings: number;
}

export interface AlertProblem {
  severity: Severity;
  /** '' for a finding about the whole workbook. */
  tab: string;
  cell?: string;
  message: string;
}

/** How many findings an alert carries (an e-mail lists these and counts the rest). */
export const MAX_ALERT_PROBLEMS = 10;

export interface AlertFact {
  /** Equal for alerts that state the same fact: kind, scope and the quantity (see sameQuantity). */
  id: string;
  /** The indicator's label, as the message names it. */
  label: string;
  /** The rest of the message after the label: status, value against target, due date. */
  detail: string;
}

/** An alert's identity (see Alert.key): the same kind, scope and indicator is the same alert. */
export function alertKey(kind: AlertKind, unit: Scope, indicator?: IndicatorId): string {
  return `${kind}|${unit}|${indicator ?? ''}`;
}
