import { readFileSync } from 'node:fs';
import { JWT, OAuth2Client } from 'google-auth-library';
import { GoogleCredentialsError } from './google-errors.js';

/** Scopes the product needs: read and write spreadsheets, list and create files in the folder. */
export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive'] as const;

export type GoogleEnv = Readonly<Record<string, string | undefined>>;

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

function parseKey(text: string, source: string): ServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parse error would quote the text, which is a private key: keep it out of the message and cause.
    throw new GoogleCredentialsError(`${source} is not valid JSON`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('client_email' in parsed) ||
    !('private_key' in parsed) ||
    typeof parsed.client_email !== 'string' ||
    typeof parsed.private_key !== 'string'
  ) {
    throw new GoogleCredentialsError(`${source} is not a service-account key (client_email and private_key expected)`);
  }
  const keyId = 'private_key_id' in parsed && typeof parsed.private_key_id === 'string' ? parsed.private_key_id : undefined;
  return { client_email: parsed.client_email, private_key: parsed.private_key, private_key_id: keyId };
}

/**
 * The auth client for both APIs, from the environment, checked once at start-up:
 * - `GOOGLE_ACCESS_TOKEN`: a ready bearer token (tests, the fake server, `gcloud auth print-access-token`);
 *   the client never refreshes it and makes no network call of its own.
 * - else `GOOGLE_SERVICE_ACCOUNT_KEY` (the key's JSON text, e.g. from Secrets Manager) or
 *   `GOOGLE_SERVICE_ACCOUNT_KEY_FILE` (a path): a JWT client that fetches tokens from Google.
 * Key material never appears in a message or error.
 */
export function createGoogleAuth(env: GoogleEnv): OAuth2Client {
  const token = env['GOOGLE_ACCESS_TOKEN']?.trim();
  if (token) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token });
    return client;
  }
  let key: ServiceAccountKey;
  const inline = env['GOOGLE_SERVICE_ACCOUNT_KEY']?.trim();
  const file = env['GOOGLE_SERVICE_ACCOUNT_KEY_FILE']?.trim();
  if (inline) {
    key = parseKey(inline, 'GOOGLE_SERVICE_ACCOUNT_KEY');
  } else if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new GoogleCredentialsError(`cannot read GOOGLE_SERVICE_ACCOUNT_KEY_FILE (${file})`, { cause: error });
    }
    key = parseKey(text, `GOOGLE_SERVICE_ACCOUNT_KEY_FILE (${file})`);
  } else {
    throw new GoogleCredentialsError('no Google credentials: set GOOGLE_ACCESS_TOKEN, GOOGLE_SERVICE_ACCOUNT_KEY or GOOGLE_SERVICE_ACCOUNT_KEY_FILE');
  }
  return new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [...GOOGLE_SCOPES] });
}

/** `GOOGLE_API_ROOT_URL` (e.g. `http://127.0.0.1:8123/`), replacing the root of both APIs; undefined for Google. */
export function googleRootUrl(env: GoogleEnv): string | undefined {
  const root = env['GOOGLE_API_ROOT_URL']?.trim();
  if (!root) return undefined;
  // The clients join `<root>` and `/v4/...`; a root without a trailing slash works too, but a
  // malformed one should fail here, at start-up, not on the first call.
  try {
    new URL(root);
  } catch (error) {
    throw new GoogleCredentialsError(`GOOGLE_API_ROOT_URL is not a URL: ${root}`, { cause: error });
  }
  return root.endsWith('/') ? root : `${root}/`;
}

/** The service account's e-mail, when the client is a JWT (to name it as an editor of protected ranges). */
export function serviceAccountEmail(auth: OAuth2Client): string | undefined {
  return auth instanceof JWT && typeof auth.email === 'string' ? auth.email : undefined;
}
