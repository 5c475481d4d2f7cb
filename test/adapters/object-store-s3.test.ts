import { createHash, randomBytes } from 'node:crypto';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../shared/adapters/s3/s3-client.js';
import { translateS3Error } from '../../shared/adapters/s3/s3-errors.js';
import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store.js';
import { InvalidObjectKeyError, ObjectStoreIoError, ObjectStoreUnavailableError } from '../../shared/ports/object-store-errors.js';
import { startS3rver, type S3rverProcess } from '../../scripts/lib/aws-local/s3rver-process.js';
import { describeObjectStoreContract } from './object-store.contract.js';

let s3rver: S3rverProcess;
let client: S3Client;
let buckets = 0;

beforeAll(async () => {
  s3rver = await startS3rver();
  client = createS3Client({ endpoint: s3rver.endpoint, credentials: s3rver.credentials });
});
afterAll(async () => {
  client.destroy();
  await s3rver.close();
});

/** A new, empty bucket: each test gets its own, so nothing needs cleaning between tests. */
async function newBucket(): Promise<string> {
  buckets += 1;
  const bucket = `ntp-test-${buckets}-${randomBytes(3).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** Every key in the bucket, read with the SDK directly (past the store's prefix and key rules). */
async function bucketKeys(bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ...(token === undefined ? {} : { ContinuationToken: token }) }));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key])));
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

interface SentRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
}

/** A client on the same server that records each HTTP request as sent (signed, after retries' rewrites). */
function recordingClient(): { client: S3Client; sent: SentRequest[] } {
  const recorded = createS3Client({ endpoint: s3rver.endpoint, credentials: s3rver.credentials });
  const sent: SentRequest[] = [];
  recorded.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as Partial<SentRequest>;
      sent.push({ method: request.method ?? '', path: request.path ?? '', query: request.query ?? {}, headers: { ...request.headers } });
      return next(args);
    },
    // The deserialize step wraps the HTTP handler itself: the request is final here.
    { step: 'deserialize', name: 'recordRequests' },
  );
  return { client: recorded, sent };
}

// S3 replaces an object atomically per PUT; s3rver writes the object file in place, so racing
// puts interleave there (seen: a body that was none of the ones sent). Not testable here.
const contractOptions = { racingPutsUntestable: 's3rver writes objects in place' };

describeObjectStoreContract(
  'S3 (s3rver)',
  async () => {
    const bucket = await newBucket();
    return { store: new S3ObjectStore({ client, bucket }), rawKeys: () => bucketKeys(bucket), close: () => Promise.resolve() };
  },
  contractOptions,
);

// Default page size here: s3rver lists in UTF-8 byte order but continues after a page's last key
// by UTF-16 comparison, so a small page drops keys outside the BMP (seen with U+1D538 after U+FF5E).
// S3 itself uses byte order for both. Paging is tested below, with ASCII keys.
describeObjectStoreContract(
  'S3 (s3rver) with a key prefix',
  async () => {
    const bucket = await newBucket();
    return {
      store: new S3ObjectStore({ client, bucket, keyPrefix: 'ntp/prod/' }),
      rawKeys: () => bucketKeys(bucket),
      close: () => Promise.resolve(),
    };
  },
  contractOptions,
);

describe('S3ObjectStore', () => {
  it('stores each key under the prefix with its content type, and leaves encryption to the bucket', async () => {
    const bucket = await newBucket();
    const { client: recorded, sent } = recordingClient();
    const store = new S3ObjectStore({ client: recorded, bucket, keyPrefix: 'ntp/' });
    await store.put('raw/2019-Q3/H001.json', '{"đơn vị":"Huyện Đắk Glong"}', 'application/json');
    await store.put('raw/2019-Q3/H001.bin', new Uint8Array([1, 2, 3]));

    expect(await bucketKeys(bucket)).toEqual(['ntp/raw/2019-Q3/H001.bin', 'ntp/raw/2019-Q3/H001.json']);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ntp/raw/2019-Q3/H001.json' }));
    expect(head.ContentType).toBe('application/json');
    expect(head.ContentLength).toBe(Buffer.byteLength('{"đơn vị":"Huyện Đắk Glong"}'));

    const puts = sent.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => decodeURIComponent(r.path))).toEqual([`/${bucket}/ntp/raw/2019-Q3/H001.json`, `/${bucket}/ntp/raw/2019-Q3/H001.bin`]);
    for (const put of puts) {
      const names = Object.keys(put.headers).map((n) => n.toLowerCase());
      expect(names.filter((n) => n.startsWith('x-amz-server-side-encryption'))).toEqual([]);
      // One plain body, not aws-chunked frames (which s3rver would store verbatim).
      expect(put.headers['content-encoding'] ?? '').not.toContain('aws-chunked');
    }
    recorded.destroy();
  });

  it('does not see the objects of another prefix in the same bucket', async () => {
    const bucket = await newBucket();
    const a = new S3ObjectStore({ client, bucket, keyPrefix: 'a/' });
    const b = new S3ObjectStore({ client, bucket, keyPrefix: 'b/' });
    await a.put('raw/x.json', 'from a');
    expect(await b.get('raw/x.json')).toBeUndefined();
    expect(await b.list('')).toEqual([]);
    expect(await a.list('')).toEqual(['raw/x.json']);
  });

  it('lists every page: 95 keys at 10 a page take 10 requests', async () => {
    const bucket = await newBucket();
    const { client: recorded, sent } = recordingClient();
    const store = new S3ObjectStore({ client: recorded, bucket, pageSize: 10 });
    const keys = Array.from({ length: 95 }, (_, i) => `raw/2019-Q3/X${String((i * 37) % 95).padStart(3, '0')}.json`);
    for (let i = 0; i < keys.length; i += 19) await Promise.all(keys.slice(i, i + 19).map((k) => store.put(k, k)));
    sent.length = 0;

    const listed = await store.list('raw/2019-Q3/');
    expect(listed).toEqual([...keys].sort());
    expect(new Set(listed).size).toBe(95);
    const lists = sent.filter((r) => r.method === 'GET' && r.query['list-type'] === '2');
    expect(lists).toHaveLength(10);
    expect(lists.slice(1).every((r) => typeof r.query['continuation-token'] === 'string')).toBe(true);
    recorded.destroy();
  });

  it('round-trips a 5 MB binary body intact', async () => {
    const bucket = await newBucket();
    const store = new S3ObjectStore({ client, bucket });
    const body = randomBytes(5 * 1024 * 1024);
    await store.put('summary/large.bin', body, 'application/octet-stream');
    const back = await store.get('summary/large.bin');
    expect(back?.byteLength).toBe(body.byteLength);
    expect(
      createHash('sha256')
        .update(back ?? new Uint8Array())
        .digest('hex'),
    ).toBe(createHash('sha256').update(body).digest('hex'));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'summary/large.bin' }));
    expect(head.ContentLength).toBe(body.byteLength);
  });

  it('lists only keys it could get: objects put by other tools with odd keys are skipped', async () => {
    const bucket = await newBucket();
    const store = new S3ObjectStore({ client, bucket });
    await store.put('raw/ok.json', 'ok');
    // (s3rver cannot store `a//b` and turns `a/./b` into `a/b`, so those are left out here.)
    for (const Key of ['raw/.abc.tmp', 'raw/.trash/x.json', 'raw/win\\path.json']) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x' }));
    }
    expect(await store.list('raw/')).toEqual(['raw/ok.json']);
  });

  it('refuses a key prefix that is not a folder or not a valid key', () => {
    expect(() => new S3ObjectStore({ client, bucket: 'b', keyPrefix: 'ntp' })).toThrow(InvalidObjectKeyError);
    expect(() => new S3ObjectStore({ client, bucket: 'b', keyPrefix: '../' })).toThrow(InvalidObjectKeyError);
    expect(() => new S3ObjectStore({ client, bucket: 'b', keyPrefix: '/ntp/' })).toThrow(InvalidObjectKeyError);
  });
});

describe('S3ObjectStore errors', () => {
  it('a missing bucket is a refusal (ObjectStoreIoError) with the SDK error as cause', async () => {
    const store = new S3ObjectStore({ client, bucket: 'no-such-bucket-here' });
    for (const call of [() => store.put('a/b.json', 'x'), () => store.get('a/b.json'), () => store.list('a/')]) {
      const error: unknown = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectStoreIoError);
      expect((error as Error).message).toMatch(/s3:\/\/no-such-bucket-here\/a\/b?.*NoSuchBucket/);
      expect((error as Error).cause).toMatchObject({ name: 'NoSuchBucket' });
    }
  });

  it('unknown credentials are a refusal', async () => {
    const bucket = await newBucket();
    const stranger = createS3Client({ endpoint: s3rver.endpoint, credentials: { accessKeyId: 'NOT-KNOWN', secretAccessKey: 'x' } });
    const error: unknown = await new S3ObjectStore({ client: stranger, bucket }).get('a.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreIoError);
    expect((error as Error).cause).toMatchObject({ name: 'InvalidAccessKeyId' });
    stranger.destroy();
  });

  it('a server that went away is an outage (ObjectStoreUnavailableError), for every call', async () => {
    const gone = await startS3rver();
    const local = createS3Client({ endpoint: gone.endpoint, credentials: gone.credentials, maxAttempts: 2 });
    await local.send(new CreateBucketCommand({ Bucket: 'going' }));
    const store = new S3ObjectStore({ client: local, bucket: 'going' });
    await store.put('raw/a.json', 'a');
    await gone.close();
    for (const call of [() => store.put('raw/b.json', 'b'), () => store.get('raw/a.json'), () => store.list('raw/')]) {
      const error: unknown = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectStoreUnavailableError);
      expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    }
    local.destroy();
  });

  it('translates by name and status, and returns unknown errors unchanged', () => {
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(translateS3Error(slowDown, 'put', 's3://b/k')).toBeInstanceOf(ObjectStoreUnavailableError);
    const internal = Object.assign(new Error('We encountered an internal error.'), { name: 'Unknown', $metadata: { httpStatusCode: 500 } });
    expect(translateS3Error(internal, 'get', 's3://b/k')).toBeInstanceOf(ObjectStoreUnavailableError);
    const kms = Object.assign(new Error('key disabled'), { name: 'KMS.DisabledException', $metadata: { httpStatusCode: 400 } });
    expect(translateS3Error(kms, 'put', 's3://b/k')).toBeInstanceOf(ObjectStoreIoError);
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const translated = translateS3Error(denied, 'put', 's3://b/k');
    expect(translated).toBeInstanceOf(ObjectStoreIoError);
    expect((translated as Error).message).toBe('S3 put s3://b/k: refused (AccessDenied: Access Denied).');
    const bug = new TypeError('x is not a function');
    expect(translateS3Error(bug, 'put', 's3://b/k')).toBe(bug);
    const unknown4xx = Object.assign(new Error('bad'), { name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    expect(translateS3Error(unknown4xx, 'put', 's3://b/k')).toBe(unknown4xx);
  });
});
