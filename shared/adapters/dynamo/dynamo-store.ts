/**
 * The pipeline's Store on one DynamoDB table (`pk` S hash, `sk` S range).
 *
 * | record               | pk                      | sk                  | body                                            |
 * |----------------------|-------------------------|---------------------|-------------------------------------------------|
 * | submission           | `SUB#<period>`          | `<unit>`            | `j` JSON, `z` gzip, or `o` object-store key     |
 * | latest snapshot      | `IND#<period>`          | `<scope>`           | `j` JSON string                                 |
 * | snapshot history     | `INDH#<period>#<scope>` | `<runId>`           | `j` JSON string                                 |
 * | alert state          | `ALERT#<period>`        | `<key>#<recipient>` | `key`, `recipient`, `fingerprint`, `lastSentAt`, `firstSentAt`?, `resolvedAt`? |
 * | alert state (before) | `ALERT#<period>`        | `<key>`             | `fingerprint`, `lastSentAt`                     |
 * | delivery failure     | `DELIVERY#<period>`     | `<recipient>`       | `j` JSON string                                 |
 * | run                  | `RUN#<period>`          | `<runId>`           | `j` JSON string, `ttl`                          |
 * | digest mark          | `DIGEST#<period>#<run>` | `<recipient>`       | `mark` (`sending`/`sent`/`failed`), `ttl`       |
 * | lease                | `LEASE`                 | `<name>`            | `owner`, `expiresAt` (ISO), `ttl`               |
 * | meta value           | `META`                  | `<key>`             | `value`                                         |
 *
 * Why this shape:
 * - Every load is one partition read with a paged Query, never a Scan.
 * - Large structured fields are one JSON string attribute instead of nested maps: a string costs
 *   one marshalling step, where a map of 10,000 rows costs millions of attribute objects to build
 *   and parse (measured load time is the benchmark's bottleneck otherwise).
 * - NTM criteria are stored as a `'1'`/`'0'` string: 19 bytes instead of ~110 for a JSON array.
 * - An item stays under DynamoDB's 400 KB limit: a submission body over ~350 KB is gzipped into
 *   the binary attribute `z` (JSON of commune rows compresses about tenfold). A body still too
 *   large compressed (thousands of error rows, notes of 32,767 characters, which Excel allows) goes
 *   to the object store, gzipped, and the item keeps its key in `o`: the object is written before
 *   the item, so an item never points to nothing.
 * - Every write is a full-item put (or a delete) keyed only by the record's identity, so writing
 *   the same records again leaves the same items (no counters, no appends, no transactions: the
 *   in-process server has none). A delivery failure's `attempts` is computed by the caller and
 *   put whole, not incremented in place.
 * - `v` is the body's format version, so a later format can still read older items.
 * - A lease is the one conditional write: taken when absent, expired or already ours (a put
 *   conditioned on that), given back by a delete conditioned on the owner. `ttl` (epoch seconds)
 *   lets the table expire run records after a year and leases and digest marks after use.
 * - An alert state is per (alert, recipient): a digest refused for one recipient leaves the
 *   others' states written. `<recipient>` is the address trimmed and lower-cased; `key` and
 *   `recipient` are attributes too, so reading never splits the sort key (an address may hold
 *   `#`). Items written before that (sort key = alert key, no `recipient`) are still read, as
 *   states that stand for every recipient; they are never written again.
 * - A delivery failure is one small item per recipient that could not be reached, deleted once a
 *   digest reaches them: loading the period's failures is one short partition read.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
// zod's mini build: the same checks at a tenth of the bundle (every Lambda task carries the store).
import * as z from 'zod/mini';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PeriodId, UnitCode } from '../../domain/ids.js';
import type { Scope } from '../../domain/unit.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../../programmes/registry.js';
import type { AlertState, DeliveryFailure, DigestMark, IndicatorSnapshot, LeaseHolder, RunRecord, Store, SubmissionRecord } from '../../ports/store.js';
import { decodeSubmissionBody, encodeSubmissionBody } from './stored-submission.js';
import { StoreDataCorruptError, StoreItemTooLargeError, StoreUnavailableError, translateDynamoError } from './dynamo-errors.js';

/** Bodies above this many bytes are gzipped (DynamoDB's item limit is 400 KB including keys). */
const GZIP_THRESHOLD_BYTES = 350_000;
/** Compressed bodies above this are refused before the service would refuse them. */
const MAX_BODY_BYTES = 390_000;
/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;
/** Batch calls in flight at once: enough to hide round trips, few enough not to throttle. */
const BATCH_CONCURRENCY = 4;
/** Rounds of re-sending UnprocessedItems before giving up. */
const MAX_UNPROCESSED_ROUNDS = 8;
const FORMAT_VERSION = 1;

type Item = Record<string, unknown>;

/** Body of an indicator snapshot item, checked on read: pacing and regressions start from it. */
const storedSnapshot = z.object({
  values: z.record(z.string(), z.object({ v: z.number(), n: z.optional(z.number()), d: z.optional(z.number()) })),
  first: z.record(z.string(), z.number()),
  runId: z.string(),
  updatedAt: z.string(),
});
type StoredSnapshot = Omit<IndicatorSnapshot, 'scope'>;

/** Body of a delivery failure item, checked on read: the record decides who the office is told about. */
const storedDeliveryFailure = z.object({
  address: z.string(),
  message: z.string(),
  permanent: z.boolean(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
  attempts: z.number().check(z.int(), z.nonnegative()),
  officeTold: z.array(z.string()),
});
type StoredDeliveryFailure = z.infer<typeof storedDeliveryFailure>;
/** Body of a run record item, checked on read. */
const storedRun = z.object({
  asOf: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  counts: z.record(z.string(), z.number()),
  failed: z.optional(z.string()),
});
type StoredRun = Omit<RunRecord, 'runId' | 'period'>;

export interface DynamoStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Where bodies too large for an item go (S3 on AWS, files in the embedded mode). */
  objects?: ObjectStore;
  /** The programmes whose rows the store encodes and checks (default: the registry). */
  modules?: ProgrammeModules;
}

const subPk = (period: PeriodId): string => `SUB#${period}`;
const indPk = (period: PeriodId): string => `IND#${period}`;
const histPk = (period: PeriodId, scope: Scope): string => `INDH#${period}#${scope}`;
const alertPk = (period: PeriodId): string => `ALERT#${period}`;
const deliveryPk = (period: PeriodId): string => `DELIVERY#${period}`;
const runPk = (period: PeriodId): string => `RUN#${period}`;
const digestPk = (period: PeriodId, runId: string): string => `DIGEST#${period}#${runId}`;
const META_PK = 'META';
const LEASE_PK = 'LEASE';
/** Run records and digest marks expire through the table's TTL attribute (epoch seconds). */
export const TTL_ATTRIBUTE = 'ttl';
const RUN_RETENTION_S = 400 * 86_400;
const DIGEST_RETENTION_S = 30 * 86_400;
const ttlAfter = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;

export class DynamoStore implements Store {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly objects: ObjectStore | undefined;
  private readonly modules: ProgrammeModules;
  private written = 0;

  constructor(options: DynamoStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.objects = options.objects;
    this.modules = options.modules ?? PROGRAMME_MODULES;
  }

  get writeCount(): number {
    return this.written;
  }

  async loadSubmissions(period: PeriodId): Promise<Map<UnitCode, SubmissionRecord>> {
    const items = await this.queryAll(subPk(period), 'loadSubmissions');
    const out = new Map<UnitCode, SubmissionRecord>();
    for (const item of items) {
      const unit = stringAttr(item, 'sk') as UnitCode;
      out.set(unit, decodeSubmission(unit, period, await this.withBody(item), this.modules));
    }
    return out;
  }

  async loadSubmission(period: PeriodId, unit: UnitCode): Promise<SubmissionRecord | undefined> {
    const item = await this.get({ pk: subPk(period), sk: unit }, 'loadSubmission');
    return item === undefined ? undefined : decodeSubmission(unit, period, await this.withBody(item), this.modules);
  }

  async saveSubmissions(records: readonly SubmissionRecord[]): Promise<void> {
    const items: Item[] = [];
    for (const r of records) {
      const { item, overflow } = encodeSubmission(r, this.modules);
      if (overflow !== undefined) {
        if (this.objects === undefined) {
          throw new StoreItemTooLargeError(
            `Submission ${r.unit} (${r.period}) is ${overflow.byteLength} bytes compressed; DynamoDB items are limited to 400 KB.`,
          );
        }
        await this.objects.put(String(item['o']), overflow, 'application/gzip');
      }
      items.push(item);
    }
    await this.batchPut(items, 'saveSubmissions');
  }

  /** An item whose body lives in the object store, with the body fetched into `z`. */
  private async withBody(item: Item): Promise<Item> {
    const key = item['o'];
    if (typeof key !== 'string') return item;
    const body = this.objects === undefined ? undefined : await this.objects.get(key);
    if (body === undefined) throw new StoreDataCorruptError(`Item ${describeKey(item)}: its body ${key} is not in the object store.`);
    return { ...item, z: body };
  }

  async loadIndicatorSnapshots(period: PeriodId): Promise<Map<Scope, IndicatorSnapshot>> {
    const items = await this.queryAll(indPk(period), 'loadIndicatorSnapshots');
    const out = new Map<Scope, IndicatorSnapshot>();
    for (const item of items) {
      const scope = stringAttr(item, 'sk');
      out.set(scope, { scope, ...(checkedBody(item, storedSnapshot, 'indicator snapshot') as StoredSnapshot) });
    }
    return out;
  }

  async saveIndicatorSnapshots(period: PeriodId, snapshots: readonly IndicatorSnapshot[]): Promise<void> {
    const items: Item[] = [];
    for (const s of snapshots) {
      const j = JSON.stringify({ values: s.values, first: s.first, runId: s.runId, updatedAt: s.updatedAt } satisfies StoredSnapshot);
      items.push({ pk: indPk(period), sk: s.scope, v: FORMAT_VERSION, j });
      items.push({ pk: histPk(period, s.scope), sk: s.runId, v: FORMAT_VERSION, j });
    }
    await this.batchPut(items, 'saveIndicatorSnapshots');
  }

  async loadIndicatorHistory(period: PeriodId, scope: Scope): Promise<IndicatorSnapshot[]> {
    const items = await this.queryAll(histPk(period, scope), 'loadIndicatorHistory');
    return items.map((item) => ({ scope, ...(checkedBody(item, storedSnapshot, 'indicator snapshot') as StoredSnapshot) }));
  }

  async loadAlertStates(period: PeriodId): Promise<AlertState[]> {
    const items = await this.queryAll(alertPk(period), 'loadAlertStates');
    return items.map((item): AlertState => {
      const state: AlertState = {
        key: typeof item['key'] === 'string' ? item['key'] : stringAttr(item, 'sk'),
        fingerprint: stringAttr(item, 'fingerprint'),
        lastSentAt: stringAttr(item, 'lastSentAt'),
      };
      if (item['recipient'] !== undefined) state.recipient = stringAttr(item, 'recipient');
      // Items written before these were kept have neither: they still read as states.
      if (item['firstSentAt'] !== undefined) state.firstSentAt = stringAttr(item, 'firstSentAt');
      if (item['resolvedAt'] !== undefined) state.resolvedAt = stringAttr(item, 'resolvedAt');
      return state;
    });
  }

  async saveAlertStates(period: PeriodId, states: readonly AlertState[]): Promise<void> {
    await this.batchPut(
      states.map((s) => {
        const when = {
          ...(s.firstSentAt === undefined ? {} : { firstSentAt: s.firstSentAt }),
          ...(s.resolvedAt === undefined ? {} : { resolvedAt: s.resolvedAt }),
        };
        return s.recipient === undefined
          ? { pk: alertPk(period), sk: s.key, fingerprint: s.fingerprint, lastSentAt: s.lastSentAt, ...when }
          : {
              pk: alertPk(period),
              sk: `${s.key}#${s.recipient}`,
              key: s.key,
              recipient: s.recipient,
              fingerprint: s.fingerprint,
              lastSentAt: s.lastSentAt,
              ...when,
            };
      }),
      'saveAlertStates',
    );
  }

  async loadDeliveryFailures(period: PeriodId): Promise<DeliveryFailure[]> {
    const items = await this.queryAll(deliveryPk(period), 'loadDeliveryFailures');
    return items.map((item) => {
      const parsed = storedDeliveryFailure.safeParse(parseJsonBody<unknown>(item));
      if (!parsed.success) {
        throw new StoreDataCorruptError(
          `Item ${describeKey(item)}: delivery failure body is not valid (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}).`,
        );
      }
      return { recipient: stringAttr(item, 'sk'), ...parsed.data };
    });
  }

  async saveDeliveryFailures(period: PeriodId, failures: readonly DeliveryFailure[]): Promise<void> {
    await this.batchPut(
      failures.map((f) => {
        const body: StoredDeliveryFailure = {
          address: f.address,
          message: f.message,
          permanent: f.permanent,
          firstFailedAt: f.firstFailedAt,
          lastFailedAt: f.lastFailedAt,
          attempts: f.attempts,
          officeTold: f.officeTold,
        };
        return { pk: deliveryPk(period), sk: f.recipient, v: FORMAT_VERSION, j: JSON.stringify(body) };
      }),
      'saveDeliveryFailures',
    );
  }

  async clearDeliveryFailures(period: PeriodId, recipients: readonly string[]): Promise<void> {
    // Few per run (the recipients that were failing and now got through): one delete each.
    for (const recipient of new Set(recipients)) {
      try {
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: deliveryPk(period), sk: recipient } }));
        this.written += 1;
      } catch (err) {
        throw translateDynamoError(err, 'clearDeliveryFailures');
      }
    }
  }

  async saveRun(run: RunRecord): Promise<void> {
    const body: StoredRun = {
      asOf: run.asOf,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      counts: run.counts,
      ...(run.failed === undefined ? {} : { failed: run.failed }),
    };
    await this.put({ pk: runPk(run.period), sk: run.runId, v: FORMAT_VERSION, j: JSON.stringify(body), [TTL_ATTRIBUTE]: ttlAfter(RUN_RETENTION_S) }, 'saveRun');
  }

  async listRuns(period: PeriodId): Promise<RunRecord[]> {
    const items = await this.queryAll(runPk(period), 'listRuns');
    return items.map((item) => ({ runId: stringAttr(item, 'sk'), period, ...(checkedBody(item, storedRun, 'run record') as StoredRun) }));
  }

  async getMeta(key: string): Promise<string | undefined> {
    const value = (await this.get({ pk: META_PK, sk: key }, 'getMeta'))?.['value'];
    return typeof value === 'string' ? value : undefined;
  }

  async acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<{ acquired: true } | { acquired: false; holder: LeaseHolder }> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: LEASE_PK, sk: name, owner, expiresAt, [TTL_ATTRIBUTE]: Math.ceil((now.getTime() + ttlMs) / 1000) + 86_400 },
          // ISO instants of one format compare as strings.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':owner': owner },
        }),
      );
      this.written += 1;
      return { acquired: true };
    } catch (err) {
      if (!isConditionFailed(err)) throw translateDynamoError(err, 'acquireLease');
    }
    const item = await this.get({ pk: LEASE_PK, sk: name }, 'acquireLease');
    // Both are written as strings above; anything else is an item this code did not write.
    const holderOwner = item?.['owner'];
    const holderExpiresAt = item?.['expiresAt'];
    return {
      acquired: false,
      holder: { owner: typeof holderOwner === 'string' ? holderOwner : '?', expiresAt: typeof holderExpiresAt === 'string' ? holderExpiresAt : '?' },
    };
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: LEASE_PK, sk: name },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
      this.written += 1;
    } catch (err) {
      // Someone else's lease (ours expired and was taken) or none at all: nothing of ours to give back.
      if (!isConditionFailed(err)) throw translateDynamoError(err, 'releaseLease');
    }
  }

  async loadDigestMarks(period: PeriodId, runId: string): Promise<Map<string, DigestMark>> {
    const items = await this.queryAll(digestPk(period, runId), 'loadDigestMarks');
    const out = new Map<string, DigestMark>();
    for (const item of items) {
      const mark = item['mark'];
      if (mark === 'sending' || mark === 'sent') out.set(stringAttr(item, 'sk'), { status: mark });
      else if (mark === 'failed')
        out.set(stringAttr(item, 'sk'), { status: 'failed', recipient: stringAttr(item, 'recipient'), message: stringAttr(item, 'message') });
      else throw new StoreDataCorruptError(`Item ${describeKey(item)}: mark is not sending/sent/failed.`);
    }
    return out;
  }

  async saveDigestMarks(period: PeriodId, runId: string, marks: ReadonlyMap<string, DigestMark>): Promise<void> {
    const ttl = ttlAfter(DIGEST_RETENTION_S);
    await this.batchPut(
      [...marks].map(([who, mark]) => ({
        pk: digestPk(period, runId),
        sk: who,
        mark: mark.status,
        ...(mark.status === 'failed' ? { recipient: mark.recipient, message: mark.message } : {}),
        [TTL_ATTRIBUTE]: ttl,
      })),
      'saveDigestMarks',
    );
  }

  private async get(key: { pk: string; sk: string }, operation: string): Promise<Item | undefined> {
    try {
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return out.Item;
    } catch (err) {
      throw translateDynamoError(err, operation);
    }
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.put({ pk: META_PK, sk: key, value }, 'setMeta');
  }

  private async put(item: Item, operation: string): Promise<void> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
      this.written += 1;
    } catch (err) {
      throw translateDynamoError(err, operation);
    }
  }

  /** Reads a whole partition in key order, following `LastEvaluatedKey` across 1 MB pages. */
  private async queryAll(pk: string, operation: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            // A run reads what it (or the previous run) has just written.
            ConsistentRead: true,
            ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of page.Items ?? []) items.push(item);
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    } catch (err) {
      throw translateDynamoError(err, operation);
    }
    return items;
  }

  /**
   * Writes items with BatchWriteItem, 25 per call and a few calls in flight. Items the service
   * leaves unprocessed (throttling, partition limits) are sent again with jittered back-off; the
   * SDK's own retry covers failed calls, not these.
   */
  private async batchPut(items: readonly Item[], operation: string): Promise<void> {
    // A batch may not name the same key twice; the last version of a record wins, as it would
    // with sequential puts.
    const byKey = new Map<string, Item>();
    for (const item of items) byKey.set(`${String(item['pk'])}\u0000${String(item['sk'])}`, item);
    const unique = [...byKey.values()];
    const chunks: Item[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_SIZE) chunks.push(unique.slice(i, i + BATCH_SIZE));
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const chunk = chunks[next];
        next += 1;
        if (chunk === undefined) return;
        await this.writeChunk(chunk, operation);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));
  }

  private async writeChunk(chunk: readonly Item[], operation: string): Promise<void> {
    let pending: Item[] = [...chunk];
    for (let round = 0; ; round += 1) {
      let unprocessed: Item[];
      try {
        const out = await this.client.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: pending.map((Item) => ({ PutRequest: { Item } })) },
          }),
        );
        unprocessed = (out.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) => (r.PutRequest?.Item !== undefined ? [r.PutRequest.Item] : []));
      } catch (err) {
        throw translateDynamoError(err, operation);
      }
      this.written += pending.length - unprocessed.length;
      if (unprocessed.length === 0) return;
      if (round + 1 >= MAX_UNPROCESSED_ROUNDS) {
        throw new StoreUnavailableError(`DynamoDB ${operation}: ${unprocessed.length} items still unprocessed after ${MAX_UNPROCESSED_ROUNDS} attempts.`);
      }
      pending = unprocessed;
      // Full jitter on an exponential base: 50 ms, 100 ms, ... capped at 2 s.
      const cap = Math.min(2_000, 50 * 2 ** round);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
    }
  }
}

/**
 * Builds the item of one submission (exported for the size and encoding tests); `overflow` is the
 * gzipped body to keep in the object store under the item's `o` when it cannot fit the item.
 */
export function encodeSubmission(r: SubmissionRecord, modules: ProgrammeModules = PROGRAMME_MODULES): { item: Item; overflow?: Buffer } {
  const body = encodeSubmissionBody(r, modules);
  // JSON.stringify drops undefined fields, so optional ones cost nothing.
  const json = JSON.stringify(body);
  const item: Item = { pk: subPk(r.period), sk: r.unit, v: FORMAT_VERSION };
  if (Buffer.byteLength(json, 'utf8') <= GZIP_THRESHOLD_BYTES) {
    item['j'] = json;
    return { item };
  }
  const z = gzipSync(json, { level: 6 });
  if (z.byteLength > MAX_BODY_BYTES) {
    // Content-addressed: writing the same record again names the same object.
    const digest = createHash('sha256').update(z).digest('hex').slice(0, 16);
    item['o'] = `store/submissions/${encodeURIComponent(r.period)}/${encodeURIComponent(r.unit).replace(/^\./, '%2E')}/${digest}.json.gz`;
    return { item, overflow: z };
  }
  item['z'] = new Uint8Array(z.buffer, z.byteOffset, z.byteLength);
  return { item };
}

function decodeSubmission(unit: UnitCode, period: PeriodId, item: Item, modules: ProgrammeModules): SubmissionRecord {
  return decodeSubmissionBody(parseBody<unknown>(item), unit, period, modules);
}

/** The JSON body of an item, from `j` or gunzipped from `z`. */
function parseBody<T>(item: Item): T {
  const z = item['z'];
  if (z instanceof Uint8Array) {
    try {
      return JSON.parse(gunzipSync(z).toString('utf8')) as T;
    } catch (cause) {
      throw new StoreDataCorruptError(`Item ${describeKey(item)}: compressed body cannot be read.`, { cause });
    }
  }
  return parseJsonBody<T>(item);
}

/** The JSON body of an item checked against the shape its writer gives it; a mismatch names the item and the fields. */
function checkedBody(item: Item, shape: z.ZodMiniType, what: string): unknown {
  const parsed = shape.safeParse(parseJsonBody<unknown>(item));
  if (!parsed.success) {
    throw new StoreDataCorruptError(`Item ${describeKey(item)}: ${what} body is not valid (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}).`);
  }
  return parsed.data;
}

function parseJsonBody<T>(item: Item): T {
  const j = item['j'];
  if (typeof j !== 'string') {
    throw new StoreDataCorruptError(`Item ${describeKey(item)} has no body.`);
  }
  try {
    return JSON.parse(j) as T;
  } catch (cause) {
    throw new StoreDataCorruptError(`Item ${describeKey(item)}: body is not JSON.`, { cause });
  }
}

function stringAttr(item: Item, name: string): string {
  const value = item[name];
  if (typeof value !== 'string') {
    throw new StoreDataCorruptError(`Item ${describeKey(item)}: attribute ${name} is not a string.`);
  }
  return value;
}

const describeKey = (item: Item): string => `${String(item['pk'])} / ${String(item['sk'])}`;

const isConditionFailed = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ConditionalCheckFailedException';
