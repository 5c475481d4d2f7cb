// zod's mini build: the same checks at a tenth of the bundle (every Lambda task loads this).
import * as z from 'zod/mini';
import type { PeriodId } from '../domain/ids.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { IndicatorSnapshot, SubmissionRecord } from '../ports/store.js';
import type { ConsolidatedRun } from '../stages/consolidate-run.js';
import type { RunPlan } from '../stages/run-plan.js';

/**
 * What one stage hands to the next when they run apart (Lambda tasks of one state machine): kept
 * in the object store under the run, since the plan alone (the whole parsed control workbook) is
 * far above the 256 KB Step Functions passes between states. Each is written once by its stage;
 * a repeated task writes the same key again.
 */
export const runArtifactKeys = (period: PeriodId, runId: string) => {
  const base = `runs/${encodeURIComponent(period)}/${encodeURIComponent(runId)}`;
  return {
    plan: `${base}/plan.json`,
    /** The stored submissions and snapshots the plan was decided against: what this run compares with. */
    before: `${base}/before.json`,
    consolidated: `${base}/consolidated.json`,
    /** The run's JSON document (`run --json`), as the finish stage leaves it. */
    result: `${base}/result.json`,
  };
};

/** An artifact that is absent or not what its stage writes (the bucket holds something else). */
export class RunArtifactError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunArtifactError';
  }
}

// The shapes are checked at the top level only: the artifacts are written by this code a moment
// before, and checking every nested field would cost seconds on a national run for no protection
// beyond "this is the kind of object we wrote".
const planShape = z.object({
  runId: z.string(),
  period: z.string(),
  asOf: z.string(),
  nowIso: z.string(),
  startedAt: z.string(),
  config: z.looseObject({ units: z.array(z.unknown()), targets: z.array(z.unknown()), schedule: z.array(z.unknown()) }),
  summaryRef: z.string(),
  summaryLink: z.string(),
  duties: z.array(z.looseObject({ unit: z.string(), ref: z.string(), programmes: z.array(z.string()) })),
  stats: z.record(z.string(), z.unknown()),
  changed: z.array(z.string()),
  reminderDays: z.number(),
});
const beforeShape = z.object({
  submissions: z.array(z.looseObject({ unit: z.string(), period: z.string(), status: z.string(), data: z.looseObject({}) })),
  snapshots: z.array(z.looseObject({ scope: z.string(), values: z.record(z.string(), z.unknown()), runId: z.string() })),
});

/** The state before a run, as the plan stage keeps it for the consolidate stage. */
export interface RunBefore {
  submissions: SubmissionRecord[];
  snapshots: IndicatorSnapshot[];
}
const consolidatedShape = z.object({
  result: z.looseObject({ runId: z.string(), units: z.array(z.unknown()), indicators: z.array(z.unknown()), alerts: z.array(z.unknown()) }),
  summaryUnits: z.array(z.unknown()),
  summaryInputKey: z.string(),
  snapshotsWritten: z.number(),
});

export async function saveArtifact(objects: ObjectStore, key: string, value: unknown): Promise<void> {
  await objects.put(key, JSON.stringify(value), 'application/json');
}

async function loadArtifact(objects: ObjectStore, key: string, shape: z.ZodMiniType): Promise<unknown> {
  const body = await objects.get(key);
  if (body === undefined) throw new RunArtifactError(`Run artifact ${key} is missing.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (cause) {
    throw new RunArtifactError(`Run artifact ${key} is not JSON.`, { cause });
  }
  const checked = shape.safeParse(parsed);
  if (!checked.success) throw new RunArtifactError(`Run artifact ${key} is not what its stage writes: ${checked.error.message}`);
  return parsed;
}

/** A warm Lambda container serves many tasks of one run: the plan is read once per container. */
const plans = new Map<string, RunPlan>();

export async function loadPlan(objects: ObjectStore, key: string): Promise<RunPlan> {
  const cached = plans.get(key);
  if (cached) return cached;
  const plan = (await loadArtifact(objects, key, planShape)) as RunPlan;
  plans.clear();
  plans.set(key, plan);
  return plan;
}

export async function loadBefore(objects: ObjectStore, key: string): Promise<RunBefore> {
  return (await loadArtifact(objects, key, beforeShape)) as RunBefore;
}

export async function loadConsolidated(objects: ObjectStore, key: string): Promise<ConsolidatedRun> {
  return (await loadArtifact(objects, key, consolidatedShape)) as ConsolidatedRun;
}
