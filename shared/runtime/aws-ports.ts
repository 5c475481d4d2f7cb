import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClient } from '../adapters/dynamo/dynamo-client.js';
import { DynamoStore } from '../adapters/dynamo/dynamo-store.js';
import { createS3Client } from '../adapters/s3/s3-client.js';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.js';
import type { Mailer } from '../ports/mailer.js';
import { parseAwsEnv, type AwsEnv } from './aws-env.js';
import type { GooglePorts } from './google-front-end.js';

/**
 * The ports of a Lambda task, made once per cold start and reused by every invocation of the
 * container. Every task has the table and the bucket; Google and SES are added only to the tasks
 * that use them (aws-google-ports.ts, aws-mail-ports.ts), so the other bundles do not carry their
 * clients (what a module costs a cold start is what its bundle loads).
 */
export interface AwsPorts {
  env: AwsEnv;
  dynamo: DynamoDBDocumentClient;
  store: DynamoStore;
  objects: S3ObjectStore;
}

export interface WithGoogle {
  /** The Google side, built at first use: reading the key from Secrets Manager costs a call. */
  google(): Promise<GooglePorts>;
  /** The Google ports if they were built (for counting the calls made), without building them. */
  googleIfStarted(): GooglePorts | undefined;
}

export interface WithMailer {
  mailer: Mailer;
}

export function createAwsPorts(processEnv: Readonly<Record<string, string | undefined>>): AwsPorts {
  const env = parseAwsEnv(processEnv);
  const region = env.AWS_REGION === undefined ? {} : { region: env.AWS_REGION };
  const localKeys =
    env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } }
      : {};
  const dynamo = createDynamoClient({ ...(env.AWS_ENDPOINT_URL_DYNAMODB === undefined ? {} : { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }), ...region });
  const objects = new S3ObjectStore({
    client: createS3Client({ ...(env.AWS_ENDPOINT_URL_S3 === undefined ? {} : { endpoint: env.AWS_ENDPOINT_URL_S3, ...localKeys }), ...region }),
    bucket: env.BUCKET_NAME,
  });
  return { env, dynamo, objects, store: new DynamoStore({ client: dynamo, tableName: env.TABLE_NAME, objects }) };
}
