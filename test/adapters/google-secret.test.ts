import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { JWT } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleAuth } from '../../shared/adapters/google/google-auth.js';
import { GoogleCredentialsError } from '../../shared/adapters/google/google-errors.js';
import { clearSecretCache, resolveGoogleEnv } from '../../shared/adapters/google/secret-key-source.js';

/**
 * The key from Secrets Manager through the real SDK client, against a local endpoint that speaks
 * the service's JSON 1.1 protocol for GetSecretValue.
 */
const KEY = JSON.stringify({
  client_email: 'ntm-pipeline@du-an.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
});

describe('Google key from Secrets Manager', () => {
  let server: Server;
  let endpoint = '';
  const requests: { target: string; secretId: string }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        requests.push({ target, secretId: SecretId });
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (failNext > 0) {
          failNext--;
          res.statusCode = 500;
          res.end(JSON.stringify({ __type: 'InternalServiceError', message: 'try again' }));
          return;
        }
        if (target !== 'secretsmanager.GetSecretValue' || SecretId !== 'ntm/google-key') {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
          return;
        }
        res.end(JSON.stringify({ ARN: 'arn:aws:secretsmanager:ap-southeast-1:1:secret:ntm/google-key', Name: SecretId, SecretString: KEY, VersionId: 'v1' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    requests.length = 0;
    failNext = 0;
    clearSecretCache();
  });

  const client = () =>
    new SecretsManagerClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 3 });

  it('reads the key once per process and builds a service-account client from it', async () => {
    const env = { GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'ntm/google-key' };
    const first = await resolveGoogleEnv(env, client());
    const second = await resolveGoogleEnv(env, client());
    expect(first.GOOGLE_SERVICE_ACCOUNT_KEY).toBe(KEY);
    expect(second.GOOGLE_SERVICE_ACCOUNT_KEY).toBe(KEY);
    expect(requests).toEqual([{ target: 'secretsmanager.GetSecretValue', secretId: 'ntm/google-key' }]);
    const auth = createGoogleAuth(first);
    expect(auth).toBeInstanceOf(JWT);
    expect((auth as JWT).email).toBe('ntm-pipeline@du-an.iam.gserviceaccount.com');
  });

  it('retries a failing call with the SDK settings', async () => {
    failNext = 1;
    const env = await resolveGoogleEnv({ GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'ntm/google-key' }, client());
    expect(env.GOOGLE_SERVICE_ACCOUNT_KEY).toBe(KEY);
    expect(requests).toHaveLength(2);
  });

  it('leaves other credentials alone and calls nothing', async () => {
    const env = { GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'ntm/google-key', GOOGLE_ACCESS_TOKEN: 'tok' };
    expect(await resolveGoogleEnv(env, client())).toBe(env);
    expect(requests).toHaveLength(0);
  });

  it('reports a missing secret by name, without caching the failure', async () => {
    const env = { GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'ntm/khong-co' };
    const error = await resolveGoogleEnv(env, client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleCredentialsError);
    expect((error as Error).message).toContain('ntm/khong-co');
    expect((error as Error).message).toContain('ResourceNotFoundException');
    await resolveGoogleEnv(env, client()).catch(() => undefined);
    expect(requests).toHaveLength(2);
  });
});
