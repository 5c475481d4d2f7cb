import type { UnitCode } from '../domain/ids.js';
import type { DeliveryReport, RunIssue } from '../publish/run-result.js';
import type { UnitIngestResult } from '../stages/ingest-stage.js';
import type { LeaseHolder } from '../ports/store.js';

/**
 * What the state machine passes to and between its tasks (infra/ builds the states around these).
 * Everything is small: a run's plan and results live in the object store under their keys, so a
 * national run stays far below the 256 KB Step Functions allows between states.
 */

/** The schedule's input (all optional) plus what the state machine adds from its context object. */
export interface PlanTaskInput {
  request?: { period?: string; asOf?: string; reminderDays?: number };
  /** `$$.Execution.Name`: a retried plan task of one execution makes the same run id. */
  execution: string;
  /** `$$.Execution.StartTime`. */
  startedAt: string;
}

export type PlanTaskOutput =
  | { skipped: false; runId: string; period: string; planKey: string; beforeKey: string; units: UnitCode[] }
  /** Another execution holds the run lease: this one ends without publishing anything. */
  | { skipped: true; reason: string; holder: LeaseHolder };

/** One item of the Map over the changed units. */
export interface IngestTaskInput {
  runId: string;
  planKey: string;
  unit: UnitCode;
}

export type IngestTaskOutput = UnitIngestResult;

export interface ConsolidateTaskInput {
  runId: string;
  planKey: string;
  beforeKey: string;
  ingested: UnitIngestResult[];
}

export interface ConsolidateTaskOutput {
  consolidatedKey: string;
  snapshotsWritten: number;
}

export interface PublishTaskInput {
  planKey: string;
  consolidatedKey: string;
}

export interface PublishTaskOutput {
  summaryWritten: boolean;
  issue?: RunIssue;
}

export type AlertTaskInput = PublishTaskInput;

export interface AlertTaskOutput {
  sent: number;
  delivery?: DeliveryReport;
}

export interface FinishTaskInput {
  planKey: string;
  consolidatedKey: string;
  ingested: UnitIngestResult[];
  consolidated: ConsolidateTaskOutput;
  published: PublishTaskOutput;
  alerted: AlertTaskOutput;
}

export interface FinishTaskOutput {
  runId: string;
  /** The run's JSON document (as `run --json` prints it) in the object store. */
  resultKey: string;
  counts: Record<string, number>;
}

/** What a Catch hands the failure task: the error and, when the plan got that far, the plan. */
export interface FailTaskInput {
  error: { Error?: string; Cause?: string };
  plan?: PlanTaskOutput;
  execution: string;
  startedAt: string;
}

export interface FailTaskOutput {
  recorded: boolean;
  officeTold: number;
}
