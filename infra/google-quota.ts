/**
 * How the state machine spends Google's quota. Every task of the Map shares one service account,
 * and the pace itself is kept in DynamoDB (shared/adapters/dynamo/dynamo-quota-pacer.ts): it, not
 * the concurrency, keeps the account under its quota. The concurrency only decides how many tasks
 * are alive at once; more than the pace can serve would sit in the pacer, billed for waiting.
 */

/** Seconds one unit's task lasts when it is not waiting on the pace: one read, one write, parsing. */
export const INGEST_TASK_SECONDS = 4;
/** Google's per-project quota (300 a minute) serves 5 calls a second: 5 × 4 s tasks in flight. */
export const MAX_INGEST_CONCURRENCY = 20;

/**
 * Map concurrency = ceil(min(reads, writes) per second × task seconds), from 1 to 20.
 * Each unit costs one read and one write, so the slower bucket sets the pace; a task lasting
 * T seconds at a pace of r calls a second needs r × T tasks in flight to keep the pace busy
 * (Little's law). 55 a minute: ceil(0.917 × 4) = 4.
 */
export function ingestConcurrency(readsPerMinute: number, writesPerMinute: number): number {
  const perSecond = Math.min(readsPerMinute, writesPerMinute) / 60;
  return Math.min(MAX_INGEST_CONCURRENCY, Math.max(1, Math.ceil(perSecond * INGEST_TASK_SECONDS)));
}

/**
 * First retry wait of a unit's task, in seconds: the time the pace takes to serve one call of each
 * other task in flight, so a retried unit does not jump the queue it just failed in.
 * 55 a minute, 4 in flight: ceil(60 / 55 × 4) = 5 s.
 */
export function ingestRetrySeconds(readsPerMinute: number, writesPerMinute: number): number {
  const slowest = Math.min(readsPerMinute, writesPerMinute);
  return Math.max(1, Math.ceil((60 / slowest) * ingestConcurrency(readsPerMinute, writesPerMinute)));
}
