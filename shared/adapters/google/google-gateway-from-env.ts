import { DEFAULT_SHEETS_REQUESTS_PER_MINUTE } from './google-api-client.js';
import { createGoogleAuth, googleRootUrl, type GoogleEnv } from './google-auth.js';
import { GoogleCredentialsError } from './google-errors.js';
import { GoogleWorkbookGateway, type GoogleWorkbookGatewayOptions } from './google-workbook-gateway.js';
import { BucketPacer, type BucketPacerOptions } from './quota-pacer.js';

/** The Sheets pace the environment asks for (requests per minute, each bucket apart). */
export interface SheetsRates {
  readsPerMinute: number;
  writesPerMinute: number;
}

function positiveNumber(env: GoogleEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new GoogleCredentialsError(`${name} must be a positive number, got "${text}"`);
  return value;
}

/**
 * `GOOGLE_READS_PER_MINUTE` and `GOOGLE_WRITES_PER_MINUTE` (default 55 each, see
 * DEFAULT_SHEETS_REQUESTS_PER_MINUTE); `GOOGLE_REQUESTS_PER_MINUTE`, the older single setting,
 * sets both, and the specific ones win over it.
 */
export function sheetsRatesFromEnv(env: GoogleEnv): SheetsRates {
  const both = positiveNumber(env, 'GOOGLE_REQUESTS_PER_MINUTE') ?? DEFAULT_SHEETS_REQUESTS_PER_MINUTE;
  return {
    readsPerMinute: positiveNumber(env, 'GOOGLE_READS_PER_MINUTE') ?? both,
    writesPerMinute: positiveNumber(env, 'GOOGLE_WRITES_PER_MINUTE') ?? both,
  };
}

export type GatewayTuning = Omit<GoogleWorkbookGatewayOptions, 'auth' | 'rootUrl'>;

/**
 * One pacer for every gateway a process builds on one account: the quota is the account's, so
 * the control read's gateway and the folder's gateway must draw from the same buckets. Rates
 * given in `tuning` win over the environment's.
 */
export function pacerFromEnv(env: GoogleEnv, tuning: Partial<GatewayTuning> = {}): BucketPacer {
  const rates = sheetsRatesFromEnv(env);
  const both = tuning.requestsPerMinute;
  const options: BucketPacerOptions = {
    readsPerMinute: tuning.readsPerMinute ?? both ?? rates.readsPerMinute,
    writesPerMinute: tuning.writesPerMinute ?? both ?? rates.writesPerMinute,
    burst: tuning.burst ?? 1,
    ...(tuning.drivePerMinute === undefined ? {} : { drivePerMinute: tuning.drivePerMinute }),
  };
  return new BucketPacer(options);
}

/**
 * The gateway as the CLI and the Lambda handlers build it, once at start-up: credentials and
 * endpoint from the environment (see createGoogleAuth, googleRootUrl), pacing from
 * `GOOGLE_READS_PER_MINUTE` / `GOOGLE_WRITES_PER_MINUTE` (see sheetsRatesFromEnv), everything
 * else from `options`.
 */
export function googleGatewayFromEnv(env: GoogleEnv, options: Partial<GatewayTuning> = {}): GoogleWorkbookGateway {
  const rootUrl = googleRootUrl(env);
  const pacer = options.pacer ?? pacerFromEnv(env, options);
  return new GoogleWorkbookGateway({
    ...options,
    pacer,
    auth: createGoogleAuth(env),
    ...(rootUrl === undefined ? {} : { rootUrl }),
  });
}
