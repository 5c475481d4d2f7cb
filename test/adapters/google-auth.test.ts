import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT, OAuth2Client } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { createGoogleAuth, GOOGLE_SCOPES, googleRootUrl, serviceAccountEmail } from '../../shared/adapters/google/google-auth.js';
import { GoogleCredentialsError } from '../../shared/adapters/google/google-errors.js';
import { googleGatewayFromEnv, sheetsRatesFromEnv } from '../../shared/adapters/google/google-gateway-from-env.js';
import { FAKE_TOKEN, FakeGoogleServer } from '../support/fake-google/fake-google-server.js';

// Not a real key: the JWT client only uses it when it signs a token request, which no test makes.
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAkhông-phải-khoá-thật\n-----END PRIVATE KEY-----\n';
const KEY = { type: 'service_account', client_email: 'pipeline@du-an.iam.gserviceaccount.com', private_key: PRIVATE_KEY, private_key_id: 'k1' };

describe('createGoogleAuth', () => {
  it('uses a ready access token without any network call', async () => {
    const auth = createGoogleAuth({ GOOGLE_ACCESS_TOKEN: ' tok-123 ', GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(KEY) });
    expect(auth).toBeInstanceOf(OAuth2Client);
    expect(auth).not.toBeInstanceOf(JWT);
    const headers = await auth.getRequestHeaders();
    expect(headers.get('authorization')).toBe('Bearer tok-123');
  });

  it('builds a service-account JWT from the key text, with the Sheets and Drive scopes', () => {
    const auth = createGoogleAuth({ GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(KEY) });
    expect(auth).toBeInstanceOf(JWT);
    const jwt = auth as JWT;
    expect(jwt.email).toBe(KEY.client_email);
    expect(jwt.scopes).toEqual([...GOOGLE_SCOPES]);
    expect(serviceAccountEmail(auth)).toBe(KEY.client_email);
  });

  it('reads the key from a file path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'google-key-'));
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify(KEY));
    const auth = createGoogleAuth({ GOOGLE_SERVICE_ACCOUNT_KEY_FILE: file });
    expect(serviceAccountEmail(auth)).toBe(KEY.client_email);
  });

  it('refuses missing or malformed credentials without quoting the key', () => {
    expect(() => createGoogleAuth({})).toThrow(GoogleCredentialsError);
    const broken = JSON.stringify(KEY).slice(0, -5);
    let error: unknown;
    try {
      createGoogleAuth({ GOOGLE_SERVICE_ACCOUNT_KEY: broken });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoogleCredentialsError);
    const cause = (error as Error).cause;
    const text = `${String(error)} ${JSON.stringify(error)} ${cause instanceof Error ? String(cause) : (JSON.stringify(cause) ?? '')}`;
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('khoá');
    expect(() => createGoogleAuth({ GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify({ client_email: 'x' }) })).toThrow(/not a service-account key/);
    expect(() => createGoogleAuth({ GOOGLE_SERVICE_ACCOUNT_KEY_FILE: '/khong/co/tep.json' })).toThrow(GoogleCredentialsError);
  });
});

describe('googleRootUrl', () => {
  it('normalises GOOGLE_API_ROOT_URL and rejects a malformed one', () => {
    expect(googleRootUrl({})).toBeUndefined();
    expect(googleRootUrl({ GOOGLE_API_ROOT_URL: 'http://127.0.0.1:8123' })).toBe('http://127.0.0.1:8123/');
    expect(googleRootUrl({ GOOGLE_API_ROOT_URL: 'http://127.0.0.1:8123/' })).toBe('http://127.0.0.1:8123/');
    expect(() => googleRootUrl({ GOOGLE_API_ROOT_URL: 'not a url' })).toThrow(GoogleCredentialsError);
  });
});

describe('googleGatewayFromEnv', () => {
  it('points both APIs at GOOGLE_API_ROOT_URL with GOOGLE_ACCESS_TOKEN', async () => {
    const fake = await FakeGoogleServer.start();
    try {
      const folder = fake.createFolder('Env');
      const id = fake.createSpreadsheet({ title: 'Env', folderId: folder, tabs: [{ title: 'NTM', rows: [['Mã xã']] }] });
      const gw = googleGatewayFromEnv(
        { GOOGLE_ACCESS_TOKEN: FAKE_TOKEN, GOOGLE_API_ROOT_URL: fake.rootUrl.replace(/\/$/, ''), GOOGLE_REQUESTS_PER_MINUTE: '6000' },
        { folderId: folder },
      );
      expect((await gw.stat([id])).get(id)?.version).toBe('v1');
      expect((await gw.read(id, ['NTM'])).sheets).toEqual([{ name: 'NTM', rows: [['Mã xã']] }]);
      expect(fake.log.map((e) => e.path)).toEqual(['/drive/v3/files', `/v4/spreadsheets/${id}`]);
    } finally {
      await fake.close();
    }
    expect(() => googleGatewayFromEnv({ GOOGLE_ACCESS_TOKEN: 't', GOOGLE_REQUESTS_PER_MINUTE: 'nhanh' })).toThrow(GoogleCredentialsError);
    expect(() => googleGatewayFromEnv({ GOOGLE_ACCESS_TOKEN: 't', GOOGLE_READS_PER_MINUTE: '0' })).toThrow(/GOOGLE_READS_PER_MINUTE/);
    expect(() => googleGatewayFromEnv({ GOOGLE_ACCESS_TOKEN: 't', GOOGLE_WRITES_PER_MINUTE: '-5' })).toThrow(/GOOGLE_WRITES_PER_MINUTE/);
  });

  it('reads the Sheets pace per bucket, GOOGLE_REQUESTS_PER_MINUTE setting both and the specific ones winning', () => {
    expect(sheetsRatesFromEnv({})).toEqual({ readsPerMinute: 55, writesPerMinute: 55 });
    expect(sheetsRatesFromEnv({ GOOGLE_REQUESTS_PER_MINUTE: '40' })).toEqual({ readsPerMinute: 40, writesPerMinute: 40 });
    expect(sheetsRatesFromEnv({ GOOGLE_REQUESTS_PER_MINUTE: '40', GOOGLE_WRITES_PER_MINUTE: ' 50 ' })).toEqual({ readsPerMinute: 40, writesPerMinute: 50 });
    expect(sheetsRatesFromEnv({ GOOGLE_READS_PER_MINUTE: '30' })).toEqual({ readsPerMinute: 30, writesPerMinute: 55 });
  });
});
