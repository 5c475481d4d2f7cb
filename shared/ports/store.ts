import type { IndicatorId, PeriodId, UnitCode } from '../domain/ids.js';
import type { UnitSubmission } from '../programmes/registry.js';
import type { Scope } from '../domain/unit.js';
import type { SheetIssue } from '../domain/issue.js';

import type { UnitStatus } from '../domain/unit-status.js';
import type { AlertState } from '../alerts/alert-state.js';

export type { AlertState, UnitStatus };

/** The stored state of one reporting unit's submission for one period. */
export interface SubmissionRecord {
  unit: UnitCode;
  period: PeriodId;
  /** Status of the latest version seen (never `unchanged`: that is a per-run status). */
  status: Exclude<UnitStatus, 'unchanged'>;
  /** Source identity of the latest version read; a run skips the workbook while it is the same. */
  sourceVersion?: string;
  sourceModifiedMs?: number;
  /**
   * Identity of what the workbook was validated against (programmes, the unit's communes, criteria
   * set, baselines): when the control workbook changes these, an unchanged workbook is checked again.
   */
  contextKey?: string;
  /** ISO instants. */
  checkedAt: string;
  /** First time usable data arrived (for `report_late`). */
  receivedAt?: string;
  /** Last time the accepted data changed. */
  acceptedAt?: string;
  /** Last accepted data; rows from older versions are kept (and listed in `staleCommunes`). */
  data: UnitSubmission;
  /** Communes whose accepted row comes from an older version because the new one has errors. */
  staleCommunes: UnitCode[];
  /** Findings on the latest version. */
  issues: SheetIssue[];
  /** Key of the raw snapshot of the latest version in the object store. */
  rawKey?: string;
}

/** Indicator values for one scope, as stored (latest) and kept per run (history). */
export interface IndicatorSnapshot {
  scope: Scope;
  values: Record<IndicatorId, { v: number; n?: number; d?: number }>;
  /** First value seen in the period for each indicator: the starting point for pacing. */
  first: Record<IndicatorId, number>;
  runId: string;
  updatedAt: string;
}

/**
 * A recipient whose digest could not be delivered, kept from the first failed run until a digest
 * reaches them: the office is told about it, and it is tried again on every run meanwhile.
 */
export interface DeliveryFailure {
  /** The address as `recipientKey` (trimmed, lower case): the record's identity. */
  recipient: string;
  /** The address as the digest was sent to (for people). */
  address: string;
  /** The last failure, as the mailer said it (a server reply or a Vietnamese sentence). */
  message: string;
  /** The last failure was a refusal for good (5xx). */
  permanent: boolean;
  /** ISO instants of the first and the last run that failed. */
  firstFailedAt: string;
  lastFailedAt: string;
  /** Runs that tried and failed. */
  attempts: number;
  /** Office recipients (`recipientKey`) who have received a digest naming this failure. */
  officeTold: string[];
}

export interface RunRecord {
  runId: string;
  period: PeriodId;
  asOf: string;
  startedAt: string;
  finishedAt: string;
  counts: Record<string, number>;
  /** Set when the run stopped before its end: what stopped it (for the office and the engineer). */
  failed?: string;
}

/** Who holds a lease and until when (ISO instant). */
export interface LeaseHolder {
  owner: string;
  expiresAt: string;
}

/**
 * Where a run's digest to one recipient stands: handed to the mailer (outcome unknown yet),
 * accepted, or refused (with the mailer's message, so a repeated stage reports the same delivery).
 */
export type DigestMark = { status: 'sending' | 'sent' } | { status: 'failed'; recipient: string; message: string };

/**
 * Persistence of the pipeline (DynamoDB in every mode). Every write is idempotent: writing the same
 * record twice leaves the table as after one write.
 */
export interface Store {
  loadSubmissions(period: PeriodId): Promise<Map<UnitCode, SubmissionRecord>>;
  /** One unit's record (a Lambda ingesting one unit reads only its own). */
  loadSubmission(period: PeriodId, unit: UnitCode): Promise<SubmissionRecord | undefined>;
  saveSubmissions(records: readonly SubmissionRecord[]): Promise<void>;
  loadIndicatorSnapshots(period: PeriodId): Promise<Map<Scope, IndicatorSnapshot>>;
  /** Writes the latest snapshot of each scope and one history item per scope for the run. */
  saveIndicatorSnapshots(period: PeriodId, snapshots: readonly IndicatorSnapshot[]): Promise<void>;
  loadIndicatorHistory(period: PeriodId, scope: Scope): Promise<IndicatorSnapshot[]>;
  /** Every alert state of the period: per recipient, and those without a recipient from older runs. */
  loadAlertStates(period: PeriodId): Promise<AlertState[]>;
  /** Replaces the state of each (key, recipient). */
  saveAlertStates(period: PeriodId, states: readonly AlertState[]): Promise<void>;
  loadDeliveryFailures(period: PeriodId): Promise<DeliveryFailure[]>;
  /** Replaces the record of each failure's recipient. */
  saveDeliveryFailures(period: PeriodId, failures: readonly DeliveryFailure[]): Promise<void>;
  /** Removes the records of these recipients (`recipientKey`); an absent one is no error. */
  clearDeliveryFailures(period: PeriodId, recipients: readonly string[]): Promise<void>;
  /** Keeps the run's record for a limited time (the table's TTL removes it after a year). */
  saveRun(run: RunRecord): Promise<void>;
  listRuns(period: PeriodId): Promise<RunRecord[]>;
  /** Small named values (e.g. the hash of the last published summary). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * Takes the lease `name` for `owner` until `now + ttlMs`, atomically: granted when nobody holds
   * it, when it expired, or when `owner` already holds it (a retried task). Otherwise returns the
   * holder. Two overlapping executions of the state machine never both run past their plan.
   */
  acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<{ acquired: true } | { acquired: false; holder: LeaseHolder }>;
  /** Gives the lease back if `owner` holds it; otherwise leaves it as it is. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** Where this run's digests stand, by recipient (`recipientKey`): a repeated alert task sends none twice. */
  loadDigestMarks(period: PeriodId, runId: string): Promise<Map<string, DigestMark>>;
  saveDigestMarks(period: PeriodId, runId: string, marks: ReadonlyMap<string, DigestMark>): Promise<void>;
  /** Number of items written since the store was opened (for the benchmark). */
  readonly writeCount: number;
}
