import type { UnitCode } from '../domain/ids.js';
import type { ProgrammeModules } from '../programmes/registry.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { Store, SubmissionRecord } from '../ports/store.js';
import { isStoreOutage } from '../ports/store-errors.js';
import type { WorkbookGateway } from '../ports/workbook-gateway.js';
import { ingestUnit, type IngestOutcome, type WorkbookAccessAdvice } from './ingest-unit.js';
import { planContext, type RunPlan } from './run-plan.js';

export interface IngestPorts {
  gateway: WorkbookGateway;
  objects: ObjectStore;
  /** How to fix a missing or unreadable workbook, when the embedded-mode advice does not fit (Google: share it). */
  access?: WorkbookAccessAdvice;
  /** The programmes' modules (default: the registry). */
  modules?: ProgrammeModules;
}

/** What the later stages need to know of one unit's ingest: plain data, small enough for any payload. */
export type UnitIngestResult =
  | {
      unit: UnitCode;
      /** Status for this run (`unchanged` when skipped). */
      runStatus: IngestOutcome['runStatus'];
      workbookWritten: boolean;
      /** A changed record was stored for the unit. */
      recordChanged: boolean;
      /** The record could not be stored (it is read again next run); the store's reason. */
      notStored?: string;
    }
  | {
      unit: UnitCode;
      /**
       * The unit's task itself failed (a crash or timeout the engine caught after its retries):
       * its stored record stands for this run, and the next run tries again.
       */
      failed: string;
    };

/** The result of one unit's ingest as the later stages take it. */
export function ingestResult(outcome: IngestOutcome, notStored: string | undefined): UnitIngestResult {
  return {
    unit: outcome.record.unit,
    runStatus: outcome.runStatus,
    workbookWritten: outcome.workbookWritten,
    recordChanged: outcome.changed !== undefined && notStored === undefined,
    ...(notStored === undefined ? {} : { notStored }),
  };
}

/**
 * The ingest stage for one unit of the plan: read, validate, merge with `previous` (its stored
 * record), write the feedback tab. The record to store is in the outcome; storing is
 * `commitSubmissions`, so one process can store many units in one batch and a Lambda its one unit.
 */
export async function ingestPlannedUnit(ports: IngestPorts, plan: RunPlan, unit: UnitCode, previous: SubmissionRecord | undefined): Promise<IngestOutcome> {
  const ctx = planContext(plan);
  const duty = ctx.dutyByUnit.get(unit);
  if (duty === undefined) throw new Error(`Plan ${plan.runId} has no duty for unit ${unit}`);
  const stat = plan.stats[duty.ref] ?? undefined;
  return ingestUnit(
    {
      gateway: ports.gateway,
      objects: ports.objects,
      hierarchy: ctx.hierarchy,
      criteriaSet: ctx.criteriaSet,
      baselines: ctx.baselineByUnit,
      period: plan.period,
      now: new Date(plan.nowIso),
      wallNow: new Date(plan.startedAt),
      ...(ports.access === undefined ? {} : { access: ports.access }),
      ...(ports.modules === undefined ? {} : { modules: ports.modules }),
    },
    duty,
    stat,
    previous,
  );
}

/**
 * Stores the changed records in one batch; when the batch fails for a reason that is not an outage
 * of the whole store, each record is tried alone, so one record the store refuses costs only its
 * unit. Returns the units whose record was not stored, with the reason (they are read again next
 * run). An outage of the store stops the run: nothing could be kept.
 */
export async function commitSubmissions(store: Pick<Store, 'saveSubmissions'>, records: readonly SubmissionRecord[]): Promise<Map<UnitCode, string>> {
  const failed = new Map<UnitCode, string>();
  if (records.length === 0) return failed;
  try {
    await store.saveSubmissions(records);
    return failed;
  } catch (error) {
    if (isStoreOutage(error)) throw error;
  }
  for (const record of records) {
    try {
      await store.saveSubmissions([record]);
    } catch (error) {
      if (isStoreOutage(error)) throw error;
      failed.set(record.unit, error instanceof Error ? error.message : String(error));
    }
  }
  return failed;
}
