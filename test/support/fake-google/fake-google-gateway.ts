import { createGoogleAuth, googleRootUrl } from '../../../shared/adapters/google/google-auth.js';
import { GoogleWorkbookGateway, type GoogleWorkbookGatewayOptions } from '../../../shared/adapters/google/google-workbook-gateway.js';
import { FAKE_TOKEN, type FakeGoogleServer } from './fake-google-server.js';

/**
 * A gateway wired the way production wires it from the environment (GOOGLE_ACCESS_TOKEN,
 * GOOGLE_API_ROOT_URL), pointed at the fake, with pacing and back-off fast enough for tests.
 */
export function fakeGateway(fake: FakeGoogleServer, options: Partial<GoogleWorkbookGatewayOptions> = {}): GoogleWorkbookGateway {
  const env = { GOOGLE_ACCESS_TOKEN: FAKE_TOKEN, GOOGLE_API_ROOT_URL: fake.rootUrl };
  const rootUrl = googleRootUrl(env);
  return new GoogleWorkbookGateway({
    auth: createGoogleAuth(env),
    ...(rootUrl === undefined ? {} : { rootUrl }),
    requestsPerMinute: 60_000,
    burst: 10,
    baseDelayMs: 5,
    maxDelayMs: 50,
    ...options,
  });
}
