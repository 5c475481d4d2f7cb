import { DynamoQuotaPacer } from '../adapters/dynamo/dynamo-quota-pacer.js';
import { sheetsRatesFromEnv } from '../adapters/google/google-gateway-from-env.js';
import { resolveGoogleEnv } from '../adapters/google/secret-key-source.js';
import type { AwsPorts, WithGoogle } from './aws-ports.js';
import { googlePorts, type GooglePorts } from './google-front-end.js';

/** The pace is per service account; a deployment has one, so one name suffices. */
const PACE_ACCOUNT = 'google';

/** A task's ports with the Google front end (plan, ingest, publish). */
export function withGoogle<P extends AwsPorts>(ports: P, processEnv: Readonly<Record<string, string | undefined>>): P & WithGoogle {
  let pending: Promise<GooglePorts> | undefined;
  let started: GooglePorts | undefined;
  return {
    ...ports,
    google: () => {
      pending ??= resolveGoogleEnv(processEnv).then((googleEnv) => {
        // The tasks of a Map state run at once in separate containers on one account: the pace
        // is kept in the table, so together they stay within the account's quota.
        const pacer = new DynamoQuotaPacer({ client: ports.dynamo, tableName: ports.env.TABLE_NAME, account: PACE_ACCOUNT, ...sheetsRatesFromEnv(googleEnv) });
        started = googlePorts({ configId: ports.env.CONFIG_SPREADSHEET_ID, env: googleEnv, tuning: { pacer } });
        return started;
      });
      // A failed start (secret unreadable) is not kept: the next invocation tries again.
      pending.catch(() => {
        pending = undefined;
      });
      return pending;
    },
    googleIfStarted: () => started,
  };
}
