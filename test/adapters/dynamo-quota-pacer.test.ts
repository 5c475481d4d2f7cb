import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoQuotaPacer } from '../../shared/adapters/dynamo/dynamo-quota-pacer.js';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';
import { PacingDeadlineError } from '../../shared/adapters/google/request-pacer.js';

/**
 * One Google pace across processes: several pacers, each with its own DynamoDB client (as Lambda
 * containers have), reserve slots of one bucket in the shared table. Time is fixed and sleeps are
 * recorded instead of waited, so the slots each request was given can be compared exactly.
 */
const TABLE = 'ntp-monitor';
const NOW = 1_700_000_000_000;

let db: EmbeddedDynamo;
beforeAll(async () => {
  db = await startEmbeddedDynamo({});
  const client = createDynamoClient({ endpoint: db.endpoint });
  await ensureTable(client, TABLE);
  client.destroy();
});
afterAll(async () => {
  await db.close();
});

function processes(count: number, account: string, waits: number[]) {
  return Array.from({ length: count }, () => {
    const client = createDynamoClient({ endpoint: db.endpoint });
    const pacer = new DynamoQuotaPacer({
      client,
      tableName: TABLE,
      account,
      readsPerMinute: 600,
      writesPerMinute: 300,
      now: () => NOW,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    return { pacer, close: () => client.destroy() };
  });
}

describe('DynamoQuotaPacer', () => {
  it('gives requests from many processes at once distinct slots, one interval apart', async () => {
    const waits: number[] = [];
    const procs = processes(3, 'sa-1@example.iam', waits);
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => procs[i % 3]!.pacer.take('read')));
      const expected = Array.from({ length: 29 }, (_, i) => (i + 1) * 100);
      // The first slot is now (no sleep); every later one 100 ms after the one before.
      expect([...waits].sort((a, b) => a - b)).toEqual(expected);
    } finally {
      for (const p of procs) p.close();
    }
  });

  it('keeps reads, writes and accounts apart', async () => {
    const waits: number[] = [];
    const [a, b] = processes(2, 'sa-2@example.iam', waits);
    const [other] = processes(1, 'sa-3@example.iam', waits);
    try {
      await a?.pacer.take('write');
      await b?.pacer.take('write');
      await a?.pacer.take('read');
      await other?.pacer.take('write');
      // Only the second write of sa-2 waited: 300 a minute is 200 ms.
      expect(waits).toEqual([200]);
    } finally {
      for (const p of [a, b, other]) p?.close();
    }
  });

  it('refuses without reserving when the slot would come after the deadline', async () => {
    const waits: number[] = [];
    const [p] = processes(1, 'sa-4@example.iam', waits);
    try {
      await p?.pacer.take('read');
      await p?.pacer.take('read');
      await expect(p?.pacer.take('read', NOW + 150)).rejects.toBeInstanceOf(PacingDeadlineError);
      await p?.pacer.take('read');
      expect(waits).toEqual([100, 200]);
    } finally {
      p?.close();
    }
  });
});
