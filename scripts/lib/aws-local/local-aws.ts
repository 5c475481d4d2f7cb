import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { createDynamoClient, ensureTable } from '../../../shared/adapters/dynamo/dynamo-client.js';
import { startEmbeddedDynamo } from '../../../shared/adapters/dynamo/embedded-dynamo.js';
import { createS3Client } from '../../../shared/adapters/s3/s3-client.js';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store.js';
import { LOCAL_REGION, type LocalNames } from './deployment.js';
import { startS3rver } from './s3rver-process.js';
import { startSesLocal, type SesLocal } from './ses-local.js';

export const LOCAL_TABLE = 'ntp-monitor';
export const LOCAL_BUCKET = 'ntp-monitor-local';

/**
 * The AWS services a deployment uses, as local stand-ins: dynalite for DynamoDB (on disk under the
 * workspace, so a second call sees the first one's store), s3rver for S3 (its folder under the
 * workspace too), aws-ses-v2-local for SES v2 (behind a tap that keeps each message's MIME).
 */
export interface LocalAws {
  /** What every function's environment gets on top of its own: the local endpoints and keys. */
  env: Record<string, string>;
  /** The bucket, as the functions see it (to read the run's result). */
  objects: S3ObjectStore;
  ses: SesLocal;
  /** Names the stack's resources stand for here. */
  names: LocalNames;
  close(): Promise<void>;
}

export async function startLocalAws(stateDir: string): Promise<LocalAws> {
  const closers: (() => void | Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch {
        // Best effort: one stand-in failing to stop does not keep the others running.
      }
    }
  };
  try {
    const dynamo = await startEmbeddedDynamo({ path: join(stateDir, 'dynamodb') });
    closers.push(() => dynamo.close());
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    closers.push(() => client.destroy());
    await ensureTable(client, LOCAL_TABLE);

    const s3 = await startS3rver({ directory: join(stateDir, 's3') });
    closers.push(() => s3.close());
    const s3Client = createS3Client({ endpoint: s3.endpoint, credentials: s3.credentials });
    closers.push(() => s3Client.destroy());
    const exists = await s3Client.send(new HeadBucketCommand({ Bucket: LOCAL_BUCKET })).then(
      () => true,
      () => false,
    );
    if (!exists) await s3Client.send(new CreateBucketCommand({ Bucket: LOCAL_BUCKET }));

    const ses = await startSesLocal();
    closers.push(() => ses.close());

    const names: LocalNames = (logicalId, type) => {
      if (type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') return LOCAL_TABLE;
      if (type === 'AWS::S3::Bucket') return LOCAL_BUCKET;
      // Anything else (secret, configuration set, log group, queue) is named after its logical id:
      // the functions only pass such names on.
      return logicalId;
    };
    return {
      env: {
        AWS_REGION: LOCAL_REGION,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_SESV2: ses.endpoint,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      },
      objects: new S3ObjectStore({ client: s3Client, bucket: LOCAL_BUCKET }),
      ses,
      names,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
