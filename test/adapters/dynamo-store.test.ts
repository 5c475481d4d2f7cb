import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ClassicLevel } from 'classic-level';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoLockedError, startEmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoStore, encodeSubmission } from '../../shared/adapters/dynamo/dynamo-store.js';
import { StoreDataCorruptError, StoreItemTooLargeError, StoreTableMissingError, StoreUnavailableError } from '../../shared/adapters/dynamo/dynamo-errors.js';
import { FsObjectStore } from '../../shared/adapters/object-store/fs-object-store.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import type { SubmissionRecord } from '../../shared/ports/store.js';
import { describeStoreContract, dynamoHarness } from './dynamo-store.contract.js';
import { ntmRow, submission } from './dynamo-fixtures.js';

const TABLE = 'ntp-monitor';
const P = periodId('2018');
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ntp-dynamo-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeStoreContract('dynalite in memory', async () => {
  const db = await startEmbeddedDynamo({});
  return dynamoHarness(db.endpoint, TABLE, () => db.close());
});

describeStoreContract('dynalite on LevelDB', async () => {
  const db = await startEmbeddedDynamo({ path: join(await tempDir(), 'dynamodb') });
  return dynamoHarness(db.endpoint, TABLE, () => db.close());
});

describe('embedded DynamoDB persistence', () => {
  it('keeps every record type when the folder is opened by a second server', async () => {
    const path = join(await tempDir(), 'nested', 'dynamodb');
    const first = await startEmbeddedDynamo({ path });
    const h1 = await dynamoHarness(first.endpoint, TABLE, () => first.close());
    const records = [submission(P, 'H001', 5, { sourceVersion: 'v1' }), submission(P, 'H002', 3)];
    await h1.store.saveSubmissions(records);
    await h1.store.saveIndicatorSnapshots(P, [{ scope: 'T01', values: {}, first: {}, runId: 'run-1', updatedAt: '2019-07-01T00:00:00.000Z' }]);
    await h1.store.saveAlertStates(P, [{ key: 'k', recipient: 'vp@tinh.vn', fingerprint: 'f', lastSentAt: '2019-07-01T00:00:00.000Z' }]);
    const failure = {
      recipient: 'b@tinh.vn',
      address: 'B@tinh.vn',
      message: '550',
      permanent: true,
      firstFailedAt: 'a',
      lastFailedAt: 'a',
      attempts: 1,
      officeTold: [],
    };
    await h1.store.saveDeliveryFailures(P, [failure]);
    await h1.store.saveRun({ runId: 'run-1', period: P, asOf: '2018-06-30', startedAt: 'a', finishedAt: 'b', counts: { units: 2 } });
    await h1.store.setMeta('summary-hash', 'h1');
    await h1.close();

    const second = await startEmbeddedDynamo({ path });
    const h2 = await dynamoHarness(second.endpoint, TABLE, () => second.close());
    try {
      expect([...(await h2.store.loadSubmissions(P)).values()]).toEqual(records);
      expect((await h2.store.loadIndicatorSnapshots(P)).get('T01')?.runId).toBe('run-1');
      expect(await h2.store.loadIndicatorHistory(P, 'T01')).toHaveLength(1);
      expect(await h2.store.loadAlertStates(P)).toEqual([{ key: 'k', recipient: 'vp@tinh.vn', fingerprint: 'f', lastSentAt: '2019-07-01T00:00:00.000Z' }]);
      expect((await h2.store.listRuns(P)).map((r) => r.counts)).toEqual([{ units: 2 }]);
      expect(await h2.store.getMeta('summary-hash')).toBe('h1');
      expect(await h2.store.loadDeliveryFailures(P)).toEqual([failure]);
      expect(await h2.countItems?.()).toBe(8);
    } finally {
      await h2.close();
    }
  });

  it('keeps data written by another process, even one that exits without closing', async () => {
    const path = join(await tempDir(), 'dynamodb');
    const script = fileURLToPath(new URL('./dynamo-write-child.fixture.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, path], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(stdout.trim()).toBe('written');
    const db = await startEmbeddedDynamo({ path });
    const h = await dynamoHarness(db.endpoint, TABLE, () => db.close());
    try {
      expect(await h.store.getMeta('written-by')).toBe('child');
      expect((await h.store.loadSubmissions(P)).get(unitCode('H777'))?.data.ntm).toHaveLength(4);
    } finally {
      await h.close();
    }
  });

  it('refuses a folder another server holds instead of crashing, and frees it on close', async () => {
    const path = join(await tempDir(), 'dynamodb');
    const first = await startEmbeddedDynamo({ path });
    await expect(startEmbeddedDynamo({ path })).rejects.toBeInstanceOf(EmbeddedDynamoLockedError);
    // A relative spelling of the same folder is the same lock.
    await expect(startEmbeddedDynamo({ path: relative(process.cwd(), path) })).rejects.toBeInstanceOf(EmbeddedDynamoLockedError);
    await first.close();
    const second = await startEmbeddedDynamo({ path });
    const h = await dynamoHarness(second.endpoint, TABLE, () => second.close());
    await h.store.setMeta('k', 'v');
    expect(await h.store.getMeta('k')).toBe('v');
    await h.close();
  });

  it('is not blocked by the note a dead process left, even when its pid now belongs to a live process', async () => {
    const path = join(await tempDir(), 'dynamodb');
    // Pid 1 is always alive: a pid file alone would block every run here.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 1, startedAt: '2018-10-15T01:00:00.000Z', host: hostname() }));
    const db = await startEmbeddedDynamo({ path });
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await db.close();
    await expect(readFile(`${path}.lock`, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lets exactly one of several processes started at the same instant take the store, and names it to the others', async () => {
    const path = join(await tempDir(), 'dynamodb');
    const script = fileURLToPath(new URL('./dynamo-lock-child.fixture.ts', import.meta.url));
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    for (let trial = 0; trial < 2; trial++) {
      // Children need ~1 s to load tsx and the SDK; all ask at the same instant after that.
      const at = Date.now() + 2_500;
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () =>
          promisify(execFile)(process.execPath, ['--import', 'tsx', script, path, String(at), '1500'], {
            cwd,
            env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          }).then((r) => r.stdout.trim()),
        ),
      );
      expect(outputs.filter((o) => o === 'held')).toHaveLength(1);
      const refused = outputs.filter((o) => o !== 'held');
      expect(refused).toHaveLength(3);
      for (const o of refused) expect(o).toMatch(/^locked Thư mục làm việc đang được lần chạy của tiến trình \d+ .*Đợi lần chạy đó xong/);
    }
  });

  it('says so clearly when another program holds the database folder itself', async () => {
    const path = join(await tempDir(), 'dynamodb');
    const foreign = new ClassicLevel(path);
    await foreign.open();
    try {
      await expect(startEmbeddedDynamo({ path })).rejects.toThrow(/đang được một chương trình khác mở/);
    } finally {
      await foreign.close();
    }
    const db = await startEmbeddedDynamo({ path });
    await db.close();
  });

  it('closes at once even while a keep-alive client holds a socket', async () => {
    const db = await startEmbeddedDynamo({});
    const client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      requestHandler: { httpAgent: new Agent({ keepAlive: true }) },
    });
    await client.send(new ListTablesCommand({}));
    const started = performance.now();
    await db.close();
    // A hang here would be dynalite's 30 s graceful shutdown; the bound only tells the two apart.
    expect(performance.now() - started).toBeLessThan(10_000);
    client.destroy();
  });
});

describe('DynamoStore item layout', () => {
  async function open() {
    const db = await startEmbeddedDynamo({});
    const client = createDynamoClient({ endpoint: db.endpoint });
    await ensureTable(client, TABLE);
    return { db, client, store: new DynamoStore({ client, tableName: TABLE }) };
  }

  it('stores a small submission as one JSON string with criteria as 0/1 text', async () => {
    const { db, client, store } = await open();
    try {
      const rec = submission(P, 'H001', 1);
      rec.data.ntm = [{ ...ntmRow(1), criteria: [true, false, true, true] }];
      await store.saveSubmissions([rec]);
      const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'SUB#2018', sk: 'H001' } }));
      expect(Object.keys(Item ?? {}).sort()).toEqual(['j', 'pk', 'sk', 'v']);
      const body = JSON.parse(String(Item?.['j'])) as { data: { ntm: { criteria: unknown }[] } };
      expect(body.data.ntm[0]?.criteria).toBe('1011');
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('keeps reading alert states stored before they were per recipient, beside the new ones', async () => {
    const { db, client, store } = await open();
    try {
      // The item an earlier version wrote: sort key = alert key, no recipient.
      await client.send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: 'ALERT#2018', sk: 'data_invalid|001|', fingerprint: 'invalid|2', lastSentAt: '2018-12-20T05:00:00.000Z' },
        }),
      );
      await store.saveAlertStates(P, [{ key: 'data_invalid|001|', recipient: 'vp@tinh.vn', fingerprint: 'invalid|3', lastSentAt: '2018-12-21T05:00:00.000Z' }]);
      const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'ALERT#2018', sk: 'data_invalid|001|#vp@tinh.vn' } }));
      expect(Item).toMatchObject({ key: 'data_invalid|001|', recipient: 'vp@tinh.vn', fingerprint: 'invalid|3' });
      expect(await store.loadAlertStates(P)).toEqual([
        { key: 'data_invalid|001|', fingerprint: 'invalid|2', lastSentAt: '2018-12-20T05:00:00.000Z' },
        { key: 'data_invalid|001|', recipient: 'vp@tinh.vn', fingerprint: 'invalid|3', lastSentAt: '2018-12-21T05:00:00.000Z' },
      ]);
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('refuses a delivery failure item whose body does not have the stored shape', async () => {
    const { db, client, store } = await open();
    try {
      await client.send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: 'DELIVERY#2018', sk: 'a@tinh.vn', v: 1, j: JSON.stringify({ address: 'a@tinh.vn', attempts: 'two' }) },
        }),
      );
      await expect(store.loadDeliveryFailures(P)).rejects.toBeInstanceOf(StoreDataCorruptError);
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('gzips a large submission into a binary attribute under the item limit', () => {
    const big = submission(P, 'H500', 0);
    big.data = { ntm: Array.from({ length: 4000 }, (_, i) => ntmRow(i, { note: `Ghi chú số ${i}` })) };
    const { item, overflow } = encodeSubmission(big);
    expect(overflow).toBeUndefined();
    expect(item['j']).toBeUndefined();
    const z = item['z'];
    expect(z).toBeInstanceOf(Uint8Array);
    expect(z instanceof Uint8Array ? z.byteLength : Infinity).toBeLessThan(100_000);
  });

  /** A submission that stays over 400 KB compressed: random text does not compress. */
  const hugeSubmission = (unit: string): SubmissionRecord => {
    const huge = submission(P, unit, 0);
    huge.data = { ntm: Array.from({ length: 800 }, (_, i) => ntmRow(i, { note: randomBytes(600).toString('base64') })) };
    return huge;
  };

  it('keeps a body too large for an item in the object store, with its key in the item', async () => {
    const { db, client } = await open();
    const objects = new FsObjectStore(await tempDir());
    const store = new DynamoStore({ client, tableName: TABLE, objects });
    try {
      const huge = hugeSubmission('H666');
      await store.saveSubmissions([huge, submission(P, 'H001', 0)]);
      const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { pk: `SUB#${P}`, sk: 'H666' } }));
      expect(Object.keys(Item ?? {}).sort()).toEqual(['o', 'pk', 'sk', 'v']);
      expect(await objects.list('store/submissions/')).toEqual([String(Item?.['o'])]);
      const loaded = await store.loadSubmissions(P);
      expect(loaded.get(unitCode('H666'))).toEqual(huge);
      expect(loaded.get(unitCode('H001'))).toEqual(submission(P, 'H001', 0));
      // Saving the same record again names the same object.
      await store.saveSubmissions([huge]);
      expect(await objects.list('store/submissions/')).toHaveLength(1);
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('without an object store, refuses a body too large for an item, naming the unit', async () => {
    const { db, client, store } = await open();
    try {
      await expect(store.saveSubmissions([hugeSubmission('H667')])).rejects.toThrow(StoreItemTooLargeError);
      await expect(store.saveSubmissions([hugeSubmission('H667')])).rejects.toThrow(/H667/);
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('follows LastEvaluatedKey: several query pages for one load', async () => {
    const { db, client, store } = await open();
    let queries = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') queries += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countQueries' },
    );
    try {
      await store.saveSubmissions(Array.from({ length: 300 }, (_, i) => submission(P, `H${i}`, 40)));
      const raw = await client.send(
        new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SUB#2018' } }),
      );
      expect(raw.LastEvaluatedKey).toBeDefined();
      queries = 0;
      expect((await store.loadSubmissions(P)).size).toBe(300);
      expect(queries).toBeGreaterThanOrEqual(3);
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('re-sends items the service leaves unprocessed until all are written', async () => {
    const { db, client, store } = await open();
    let throttledCalls = 0;
    // Sits inside the document client's marshalling, so it sees and returns wire-format items,
    // as a throttled partition would: the call succeeds but hands back part of the batch.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, unknown[]> };
        const requests = input.RequestItems?.[TABLE];
        if (context.commandName !== 'BatchWriteItemCommand' || requests === undefined || throttledCalls >= 3) return next(args);
        throttledCalls += 1;
        input.RequestItems = { [TABLE]: requests.slice(0, 10) };
        const result = await next(args);
        (result.output as { UnprocessedItems?: Record<string, unknown[]> }).UnprocessedItems = { [TABLE]: requests.slice(10) };
        return result;
      },
      { step: 'initialize', priority: 'low', name: 'fakeUnprocessedItems' },
    );
    try {
      const records = Array.from({ length: 60 }, (_, i) => submission(P, `H${i}`, 1));
      await store.saveSubmissions(records);
      expect(throttledCalls).toBe(3);
      expect(store.writeCount).toBe(60);
      expect([...(await store.loadSubmissions(P)).keys()].sort()).toEqual(records.map((r) => r.unit).sort());
    } finally {
      client.destroy();
      await db.close();
    }
  });

  // Speed is measured by `npm run bench`; this checks the national-scale round trip is complete.
  it('writes and loads 700 submissions holding 10,000 communes', async () => {
    const { db, client, store } = await open();
    try {
      // 400 units of 16 communes and 300 of 12: 10,000 communes, each with an NTM and a poverty row.
      const records: SubmissionRecord[] = Array.from({ length: 700 }, (_, u) => submission(P, `H${String(u).padStart(3, '0')}`, u < 400 ? 16 : 12));
      expect(records.reduce((n, r) => n + (r.data.ntm?.length ?? 0), 0)).toBe(10_000);
      await store.saveSubmissions(records);
      const loaded = await store.loadSubmissions(P);
      expect(loaded.size).toBe(700);
      expect(store.writeCount).toBe(700);
      expect(loaded.get(unitCode('H699'))).toEqual(records[699]);
    } finally {
      client.destroy();
      await db.close();
    }
  });
});

describe('DynamoDB error translation', () => {
  it('reports a missing table as StoreTableMissingError', async () => {
    const db = await startEmbeddedDynamo({});
    const client = createDynamoClient({ endpoint: db.endpoint });
    try {
      const store = new DynamoStore({ client, tableName: 'nope' });
      await expect(store.loadSubmissions(P)).rejects.toBeInstanceOf(StoreTableMissingError);
      await expect(store.saveSubmissions([submission(P, 'H1', 1)])).rejects.toBeInstanceOf(StoreTableMissingError);
    } finally {
      client.destroy();
      await db.close();
    }
  });

  it('reports a server that is gone as StoreUnavailableError carrying the cause', async () => {
    const db = await startEmbeddedDynamo({});
    await db.close();
    const client = createDynamoClient({ endpoint: db.endpoint, maxAttempts: 1 });
    try {
      const store = new DynamoStore({ client, tableName: TABLE });
      const err = await store.getMeta('x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as StoreUnavailableError).cause).toBeInstanceOf(Error);
      await expect(ensureTable(client, TABLE)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      client.destroy();
    }
  });

  it('ensureTable is idempotent, also when called concurrently', async () => {
    const db = await startEmbeddedDynamo({});
    const client = createDynamoClient({ endpoint: db.endpoint });
    try {
      await Promise.all([ensureTable(client, TABLE), ensureTable(client, TABLE), ensureTable(client, TABLE)]);
      await ensureTable(client, TABLE);
      const tables = await client.send(new ListTablesCommand({}));
      expect(tables.TableNames).toEqual([TABLE]);
    } finally {
      client.destroy();
      await db.close();
    }
  });
});
