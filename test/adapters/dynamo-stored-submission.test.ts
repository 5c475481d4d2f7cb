import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { StoreDataCorruptError } from '../../shared/adapters/dynamo/dynamo-errors.js';
import { DynamoStore } from '../../shared/adapters/dynamo/dynamo-store.js';
import { startEmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import { povertyRow, submission } from './dynamo-fixtures.js';

const TABLE = 'ntp-monitor';
const P = periodId('2018');

async function withStore(body: (h: { client: ReturnType<typeof createDynamoClient>; store: DynamoStore }) => Promise<void>): Promise<void> {
  const db = await startEmbeddedDynamo({});
  const client = createDynamoClient({ endpoint: db.endpoint });
  try {
    await ensureTable(client, TABLE);
    await body({ client, store: new DynamoStore({ client, tableName: TABLE }) });
  } finally {
    client.destroy();
    await db.close();
  }
}

/** A submission item as the previous release wrote it: poverty rows under `poverty`. */
const legacyItem = (unit: string, data: unknown) => ({
  pk: `SUB#${P}`,
  sk: unit,
  v: 1,
  j: JSON.stringify({ status: 'ok', checkedAt: '2018-10-15T03:00:00.000Z', data, staleCommunes: [], issues: [] }),
});

describe('stored submissions: rows keyed by programme id, checked on read', () => {
  it('writes the poverty rows under the programme id giam_ngheo', async () => {
    await withStore(async ({ client, store }) => {
      const rec = submission(P, 'H001', 2);
      await store.saveSubmissions([rec]);
      const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'SUB#2018', sk: 'H001' } }));
      const body = JSON.parse(String(Item?.['j'])) as { data: Record<string, unknown> };
      expect(Object.keys(body.data)).toEqual(['ntm', 'giam_ngheo']);
      expect((await store.loadSubmission(P, unitCode('H001')))?.data.giam_ngheo).toEqual(rec.data.giam_ngheo);
    });
  });

  it('still reads items of the previous release, whose poverty rows are under `poverty`', async () => {
    await withStore(async ({ client, store }) => {
      const rows = [povertyRow(1), povertyRow(2)];
      await client.send(new PutCommand({ TableName: TABLE, Item: legacyItem('H002', { poverty: rows }) }));
      const back = await store.loadSubmissions(P);
      expect(back.get(unitCode('H002'))?.data).toEqual({ giam_ngheo: rows });
    });
  });

  it('reports stored rows a programme cannot read as a clear error naming the unit and the fields', async () => {
    await withStore(async ({ client, store }) => {
      const bad = {
        ntm: [{ commune: 'X1', name: 'Xã Một', criteria: '10x1' }],
        poverty: [{ commune: 'X2', name: 'Xã Hai', households: 'many', poor: 1, nearPoor: 1 }],
      };
      await client.send(new PutCommand({ TableName: TABLE, Item: legacyItem('H003', bad) }));
      const load = store.loadSubmission(P, unitCode('H003'));
      await expect(load).rejects.toBeInstanceOf(StoreDataCorruptError);
      await expect(store.loadSubmission(P, unitCode('H003'))).rejects.toThrow(/H003.*rows of ntm.*0\.criteria/);
    });
  });

  it('reports a body that is not JSON, or not a submission, as corrupt rather than crashing later', async () => {
    await withStore(async ({ client, store }) => {
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: `SUB#${P}`, sk: 'H004', v: 1, j: '{"status": "ok", ' } }));
      await expect(store.loadSubmission(P, unitCode('H004'))).rejects.toThrow(/not JSON/);
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: `SUB#${P}`, sk: 'H005', v: 1, j: JSON.stringify({ status: 'done', data: [] }) } }));
      await expect(store.loadSubmission(P, unitCode('H005'))).rejects.toThrow(/H005.*stored body is not valid.*status/);
    });
  });
});

describe('other stored bodies are checked on read too', () => {
  it('a snapshot whose values are not numbers is a clear error naming the item and the field', async () => {
    await withStore(async ({ client, store }) => {
      const body = { values: { 'poverty.rate': { v: 'cao' } }, first: {}, runId: 'r1', updatedAt: '2018-10-15T03:00:00.000Z' };
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: `IND#${P}`, sk: '20', j: JSON.stringify(body) } }));
      await expect(store.loadIndicatorSnapshots(P)).rejects.toThrow(/indicator snapshot body is not valid \(values\.poverty\.rate\.v\)/);
      const good = { ...body, values: { 'poverty.rate': { v: 12.5, n: 1, d: 8 } } };
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: `IND#${P}`, sk: '20', j: JSON.stringify(good) } }));
      expect((await store.loadIndicatorSnapshots(P)).get('20')?.values).toEqual(good.values);
    });
  });
});
