import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../ports/object-store.js';
import { InvalidObjectKeyError } from '../../ports/object-store-errors.js';
import { isValidObjectKey, validateObjectKey } from '../object-store/object-key.js';
import { translateS3Error } from './s3-errors.js';

export interface S3ObjectStoreOptions {
  /** Made once per process by `createS3Client` and shared by every store on it. */
  client: S3Client;
  bucket: string;
  /**
   * Put before every key, so several stores (deployments, tests) can share a bucket: `ntp/` stores
   * `raw/a.json` as `ntp/raw/a.json`. Must end with `/`. Default: none.
   */
  keyPrefix?: string;
  /** Keys asked for per list page; S3's maximum (and default) is 1000. Tests set it small to page. */
  pageSize?: number;
}

/**
 * The object store on AWS: one S3 object per key. Keys follow the same rules as the file store's
 * (`object-key.ts`), so data can move between the modes. Encryption is the bucket's default (set
 * by the stack), not a header per object: one place decides it, and a put never fails for asking
 * for a key the role may not use.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;
  private readonly pageSize: number | undefined;

  constructor(options: S3ObjectStoreOptions) {
    const keyPrefix = options.keyPrefix ?? '';
    if (keyPrefix !== '') {
      validateObjectKey(keyPrefix, true);
      if (!keyPrefix.endsWith('/')) throw new InvalidObjectKeyError(keyPrefix, 'a key prefix must end with "/"');
    }
    this.client = options.client;
    this.bucket = options.bucket;
    this.keyPrefix = keyPrefix;
    this.pageSize = options.pageSize;
  }

  async put(key: string, body: string | Uint8Array, contentType?: string): Promise<void> {
    validateObjectKey(key, false);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyPrefix + key,
          // A string is sent as its UTF-8 bytes; with a byte body the SDK knows the length and
          // sends one plain request rather than a stream.
          Body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
          ...(contentType === undefined ? {} : { ContentType: contentType }),
        }),
      );
    } catch (error) {
      throw translateS3Error(error, 'put', this.describe(key));
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    validateObjectKey(key, false);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }));
      // No body is an empty object (S3 sends one for a zero-length object).
      return out.Body === undefined ? new Uint8Array(0) : await out.Body.transformToByteArray();
    } catch (error) {
      if (errorName(error) === 'NoSuchKey') return undefined;
      throw translateS3Error(error, 'get', this.describe(key));
    }
  }

  /** Every key starting with `prefix` (plain string prefix), over all pages, sorted as the file store sorts. */
  async list(prefix: string): Promise<string[]> {
    if (prefix !== '') validateObjectKey(prefix, true);
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.keyPrefix + prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
            ...(this.pageSize === undefined ? {} : { MaxKeys: this.pageSize }),
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          const key = object.Key.slice(this.keyPrefix.length);
          // Objects put by other tools may have keys this store refuses to get (`a//b`, `.tmp`):
          // listing only what `get` accepts keeps the two consistent.
          if (isValidObjectKey(key)) keys.push(key);
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (error) {
      throw translateS3Error(error, 'list', this.describe(prefix));
    }
    // S3 lists in UTF-8 byte order; the file store (and callers) sort by UTF-16 code units.
    return keys.sort();
  }

  private describe(key: string): string {
    return `s3://${this.bucket}/${this.keyPrefix}${key}`;
  }
}

const errorName = (err: unknown): string | undefined => (err instanceof Error ? err.name : undefined);
