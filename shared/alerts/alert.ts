import type { IndicatorId } from '../domain/ids.js';
import type { Scope } from '../domain/unit.js';

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
}
