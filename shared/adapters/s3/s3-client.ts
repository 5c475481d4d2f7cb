import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientOptions {
  /** Set for a local server (s3rver); undefined means the AWS service (Lambda: none). */
  endpoint?: string;
  region?: string;
  /** Bucket in the path (`http://host/bucket/key`); local servers need it, AWS does not. Default: on when `endpoint` is set. */
  forcePathStyle?: boolean;
  /** Total attempts per call, first one included (SDK retry strategy). */
  maxAttempts?: number;
  /** Static keys for a local server; on AWS the SDK's credential chain (the Lambda role) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The S3 client, made once per process (on Lambda at module scope, so a warm container reuses its
 * connections). Retries are the SDK's own.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const local = options.endpoint !== undefined;
  return new S3Client({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'us-east-1',
          // Local servers check the key id only; static keys keep the SDK away from the
          // credential chain (profile files, instance metadata over the network).
          credentials: options.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
          // With the default checksums the SDK sends a stream body as `aws-chunked` frames, which
          // s3rver stores verbatim (the frames end up in the object). The store sends bytes, not
          // streams, but a local client must not depend on that; S3 itself gets the default.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {
          ...(options.region !== undefined ? { region: options.region } : {}),
          ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
        }),
    forcePathStyle: options.forcePathStyle ?? local,
    maxAttempts: options.maxAttempts ?? (local ? 2 : 4),
    requestHandler: local
      ? {
          // Without keep-alive no idle socket outlives a call, so a test server closes at once.
          httpAgent: new HttpAgent({ keepAlive: false }),
          connectionTimeout: 2_000,
          requestTimeout: 30_000,
        }
      : {
          httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
          connectionTimeout: 3_000,
          // A 5 MB body over a slow link still fits; a hung socket does not hold the Lambda for long.
          requestTimeout: 60_000,
        },
  });
}
