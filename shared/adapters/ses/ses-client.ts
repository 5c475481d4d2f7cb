import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export interface SesClientOptions {
  /** Set for a local server (aws-ses-v2-local); undefined means the AWS service (Lambda: none). */
  endpoint?: string;
  region?: string;
  /** Total attempts per call, first one included: the SDK retries throttling, 5xx and network errors. */
  maxAttempts?: number;
  /** Static keys for a local server; on AWS the SDK's credential chain (the Lambda role) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The SES v2 client, made once per process (on Lambda at module scope) and given to `SesMailer`. */
export function createSesClient(options: SesClientOptions = {}): SESv2Client {
  const local = options.endpoint !== undefined;
  return new SESv2Client({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'us-east-1',
          // Local servers accept any signature; static keys keep the SDK off the credential chain.
          credentials: options.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {
          ...(options.region !== undefined ? { region: options.region } : {}),
          ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
        }),
    maxAttempts: options.maxAttempts ?? (local ? 2 : 3),
    requestHandler: local
      ? { httpAgent: new HttpAgent({ keepAlive: false }), connectionTimeout: 2_000, requestTimeout: 10_000 }
      : { httpsAgent: new HttpsAgent({ keepAlive: true }), connectionTimeout: 3_000, requestTimeout: 15_000 },
  });
}
