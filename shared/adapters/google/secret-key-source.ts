import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { GoogleEnv } from './google-auth.js';
import { GoogleCredentialsError } from './google-errors.js';

/** Names the Secrets Manager secret (name or ARN) holding the service-account key's JSON. */
export const SECRET_ID_VARIABLE = 'GOOGLE_SERVICE_ACCOUNT_SECRET_ID';

// One read per process: on Lambda that is once per cold start, as the key does not change between
// invocations (rotate it by publishing a new version and letting containers recycle).
const cache = new Map<string, Promise<string>>();

/**
 * The Google environment with the service-account key filled in from Secrets Manager when
 * `GOOGLE_SERVICE_ACCOUNT_SECRET_ID` is set and no other credential is. The client uses the SDK's
 * own retry settings; `AWS_ENDPOINT_URL_SECRETS_MANAGER` points it elsewhere (tests).
 */
export async function resolveGoogleEnv(env: GoogleEnv, client?: SecretsManagerClient): Promise<GoogleEnv> {
  const secretId = env[SECRET_ID_VARIABLE]?.trim();
  const hasOther = ['GOOGLE_ACCESS_TOKEN', 'GOOGLE_SERVICE_ACCOUNT_KEY', 'GOOGLE_SERVICE_ACCOUNT_KEY_FILE'].some((k) => env[k]?.trim());
  if (!secretId || hasOther) return env;
  let pending = cache.get(secretId);
  if (!pending) {
    pending = readSecret(secretId, client ?? new SecretsManagerClient({ maxAttempts: 4 }));
    cache.set(secretId, pending);
    // A failed read is not cached: the next invocation tries again.
    pending.catch(() => cache.delete(secretId));
  }
  return { ...env, GOOGLE_SERVICE_ACCOUNT_KEY: await pending };
}

async function readSecret(secretId: string, client: SecretsManagerClient): Promise<string> {
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const text = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
    if (!text) throw new GoogleCredentialsError(`secret ${secretId} has no value`);
    return text;
  } catch (error) {
    if (error instanceof GoogleCredentialsError) throw error;
    // The SDK error names the secret and the reason, never its value.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new GoogleCredentialsError(`cannot read secret ${secretId} from Secrets Manager (${reason})`, { cause: error });
  }
}

/** Forgets cached secrets (tests). */
export function clearSecretCache(): void {
  cache.clear();
}
