import { createGoogleAuth, googleRootUrl, type GoogleEnv } from './google-auth.js';
import { GoogleCredentialsError } from './google-errors.js';
import { GoogleWorkbookGateway, type GoogleWorkbookGatewayOptions } from './google-workbook-gateway.js';

/**
 * The gateway as the CLI and the Lambda handlers build it, once at start-up: credentials and
 * endpoint from the environment (see createGoogleAuth, googleRootUrl), pacing from
 * `GOOGLE_REQUESTS_PER_MINUTE` (default 55), everything else from `options`.
 */
export function googleGatewayFromEnv(
  env: GoogleEnv,
  options: Omit<GoogleWorkbookGatewayOptions, 'auth' | 'rootUrl'> = {},
): GoogleWorkbookGateway {
  const rootUrl = googleRootUrl(env);
  const rateText = env['GOOGLE_REQUESTS_PER_MINUTE']?.trim();
  const rate = rateText ? Number(rateText) : undefined;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
    throw new GoogleCredentialsError(`GOOGLE_REQUESTS_PER_MINUTE must be a positive number, got "${rateText}"`);
  }
  return new GoogleWorkbookGateway({
    ...(rate === undefined ? {} : { requestsPerMinute: rate }),
    ...options,
    auth: createGoogleAuth(env),
    ...(rootUrl === undefined ? {} : { rootUrl }),
  });
}
