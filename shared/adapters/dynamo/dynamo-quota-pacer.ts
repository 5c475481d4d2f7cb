import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuotaBucket, QuotaPacer } from '../google/quota-pacer.js';
import { PacingDeadlineError } from '../google/request-pacer.js';
import { translateDynamoError } from './dynamo-errors.js';

export interface DynamoQuotaPacerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Names the account whose quota this is (one pace per service account). */
  account: string;
  readsPerMinute: number;
  writesPerMinute: number;
  /** Default 600: Drive's quota is far above what a run needs. */
  drivePerMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const PACE_PK = 'PACE';
/** Reservations lost to another process in a row before giving up (each loss means someone else got a slot). */
const MAX_CONFLICTS = 50;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One pace for every process that spends one Google account's quota (the Lambda tasks of a Map
 * state run at once, each in its own container): the request pacer's token bucket (GCRA, one
 * "theoretical arrival time" per bucket) kept in DynamoDB instead of memory. A slot is reserved by
 * a conditional put that succeeds only if nobody reserved one since it was read, so two processes
 * never take the same slot; the loser reads again and takes the next. Two store calls per request,
 * at a pace of one request a second: nothing next to the Sheets call it paces.
 */
export class DynamoQuotaPacer implements QuotaPacer {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly account: string;
  private readonly intervalMs: Record<QuotaBucket, number>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: DynamoQuotaPacerOptions) {
    for (const [name, rate] of Object.entries({ readsPerMinute: options.readsPerMinute, writesPerMinute: options.writesPerMinute })) {
      if (!(rate > 0)) throw new RangeError(`${name} must be > 0, got ${rate}`);
    }
    this.client = options.client;
    this.tableName = options.tableName;
    this.account = options.account;
    this.intervalMs = { read: 60_000 / options.readsPerMinute, write: 60_000 / options.writesPerMinute, drive: 60_000 / (options.drivePerMinute ?? 600) };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async take(bucket: QuotaBucket, deadlineMs?: number): Promise<void> {
    const key = { pk: PACE_PK, sk: `${this.account}#${bucket}` };
    const interval = this.intervalMs[bucket];
    for (let conflicts = 0; ; conflicts++) {
      let stored: number | undefined;
      try {
        const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
        const tat: unknown = out.Item?.['tat'];
        stored = typeof tat === 'number' ? tat : undefined;
      } catch (err) {
        throw translateDynamoError(err, 'pace');
      }
      const now = this.now();
      const slot = Math.max(stored ?? 0, now);
      const wait = slot - now;
      if (deadlineMs !== undefined && now + wait > deadlineMs) throw new PacingDeadlineError(Math.ceil(wait));
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, tat: slot + interval },
            ...(stored === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'tat = :seen', ExpressionAttributeValues: { ':seen': stored } }),
          }),
        );
      } catch (err) {
        const lost = typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ConditionalCheckFailedException';
        if (!lost) throw translateDynamoError(err, 'pace');
        if (conflicts + 1 >= MAX_CONFLICTS) throw translateDynamoError(err, 'pace');
        continue;
      }
      if (wait > 0) await this.sleep(wait);
      return;
    }
  }
}
