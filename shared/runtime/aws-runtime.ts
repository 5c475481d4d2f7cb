import { createDynamoClient } from '../adapters/dynamo/dynamo-client.js';
import { DynamoQuotaPacer } from '../adapters/dynamo/dynamo-quota-pacer.js';
import { DynamoStore } from '../adapters/dynamo/dynamo-store.js';
import { sheetsRatesFromEnv } from '../adapters/google/google-gateway-from-env.js';
import { resolveGoogleEnv } from '../adapters/google/secret-key-source.js';
import { createS3Client } from '../adapters/s3/s3-client.js';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.js';
import { createSesClient } from '../adapters/ses/ses-client.js';
import { SesMailer } from '../adapters/ses/ses-mailer.js';
import { parseAwsEnv, type AwsEnv } from './aws-env.js';
import { googlePorts, type GooglePorts } from './google-front-end.js';

/** The ports of a Lambda task: made once per cold start, reused by every invocation of the container. */
export interface AwsPorts {
  env: AwsEnv;
  store: DynamoStore;
  objects: S3ObjectStore;
  mailer: SesMailer;
  /** The Google side, built at first use: reading the key from Secrets Manager costs a call. */
  google(): Promise<GooglePorts>;
}

/** The pace is per service account; a deployment has one, so one name suffices. */
const PACE_ACCOUNT = 'google';

export function createAwsPorts(processEnv: Readonly<Record<string, string | undefined>>): AwsPorts {
  const env = parseAwsEnv(processEnv);
  const region = env.AWS_REGION;
  const localKeys =
    env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } } : {};
  const dynamo = createDynamoClient({ ...(env.AWS_ENDPOINT_URL_DYNAMODB === undefined ? {} : { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }), ...(region === undefined ? {} : { region }) });
  const objects = new S3ObjectStore({
    client: createS3Client({ ...(env.AWS_ENDPOINT_URL_S3 === undefined ? {} : { endpoint: env.AWS_ENDPOINT_URL_S3, ...localKeys }), ...(region === undefined ? {} : { region }) }),
    bucket: env.BUCKET_NAME,
  });
  const store = new DynamoStore({ client: dynamo, tableName: env.TABLE_NAME, objects });
  const mailer = new SesMailer({
    client: createSesClient({ ...(env.AWS_ENDPOINT_URL_SESV2 === undefined ? {} : { endpoint: env.AWS_ENDPOINT_URL_SESV2 }), ...(region === undefined ? {} : { region }) }),
    from: env.MAIL_FROM,
    ...(env.SES_CONFIGURATION_SET === undefined ? {} : { configurationSetName: env.SES_CONFIGURATION_SET }),
  });
  let google: Promise<GooglePorts> | undefined;
  return {
    env,
    store,
    objects,
    mailer,
    google: () => {
      google ??= resolveGoogleEnv(processEnv).then((googleEnv) => {
        // The tasks of a Map state run at once in separate containers on one account: the pace
        // is kept in the table, so together they stay within the account's quota.
        const rates = sheetsRatesFromEnv(googleEnv);
        const pacer = new DynamoQuotaPacer({ client: dynamo, tableName: env.TABLE_NAME, account: PACE_ACCOUNT, ...rates });
        return googlePorts({ configId: env.CONFIG_SPREADSHEET_ID, env: googleEnv, tuning: { pacer } });
      });
      // A failed start (secret unreadable) is not kept: the next invocation tries again.
      google.catch(() => {
        google = undefined;
      });
      return google;
    },
  };
}
