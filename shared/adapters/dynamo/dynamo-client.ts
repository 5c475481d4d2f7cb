import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError, translateDynamoError } from './dynamo-errors.js';

export interface DynamoClientOptions {
  /** Set for a local server (dynalite, DynamoDB Local); undefined means the AWS service. */
  endpoint?: string;
  region?: string;
  /** Total attempts per call, first one included (SDK retry strategy). */
  maxAttempts?: number;
  /** `adaptive` adds client-side rate limiting on throttling; default: adaptive on AWS, standard locally. */
  retryMode?: 'standard' | 'adaptive';
}

/**
 * A document client for the single table. Retries are the SDK's own (`maxAttempts`, `retryMode`);
 * the store adds only the re-sending of `UnprocessedItems`, which the SDK does not treat as errors.
 */
export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const base = new DynamoDBClient({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'local',
          // Local servers accept any signature; static keys keep the SDK away from the
          // credential chain (profile files, instance metadata over the network).
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : options.region !== undefined
        ? { region: options.region }
        : {}),
    maxAttempts: options.maxAttempts ?? (local ? 3 : 5),
    retryMode: options.retryMode ?? (local ? 'standard' : 'adaptive'),
    requestHandler: local
      ? {
          // Without keep-alive no idle socket outlives a call, so closing the embedded server
          // never waits on this client.
          httpAgent: new HttpAgent({ keepAlive: false }),
          connectionTimeout: 2_000,
          requestTimeout: 30_000,
        }
      : {
          httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
          connectionTimeout: 3_000,
          requestTimeout: 30_000,
        },
  });
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

/**
 * Creates the single table (`pk` S hash, `sk` S range, on demand) when it does not exist and
 * waits until it is ACTIVE. Safe to call concurrently and repeatedly.
 */
export async function ensureTable(client: DynamoDBDocumentClient, tableName: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  try {
    const status = await describeStatus(client, tableName);
    if (status === 'ACTIVE') return;
    if (status === undefined) {
      try {
        await client.send(
          new CreateTableCommand({
            TableName: tableName,
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'sk', AttributeType: 'S' },
            ],
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
      } catch (err) {
        // Another process created it between our describe and create.
        if (errorName(err) !== 'ResourceInUseException') throw err;
      }
    }
    let delay = 50;
    for (;;) {
      if ((await describeStatus(client, tableName)) === 'ACTIVE') return;
      if (Date.now() > deadline) {
        throw new StoreUnavailableError(`DynamoDB table ${tableName} did not become ACTIVE in time.`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 1_000);
    }
  } catch (err) {
    throw translateDynamoError(err, `ensureTable ${tableName}`);
  }
}

async function describeStatus(client: DynamoDBDocumentClient, tableName: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table?.TableStatus ?? 'UNKNOWN';
  } catch (err) {
    if (errorName(err) === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

// Matching on the name rather than `instanceof` also holds when two copies of the SDK are loaded.
const errorName = (err: unknown): string | undefined => (err instanceof Error ? err.name : undefined);
