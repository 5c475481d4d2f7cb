/**
 * What can go wrong with the object store, whatever holds the objects (a folder, an S3 bucket).
 * Callers tell "try again later" (unavailable) from "this will not work until someone fixes the
 * settings or the key" (refused, invalid key).
 */

/** A key that could escape the store's folder or does not name an object in it. */
export class InvalidObjectKeyError extends Error {
  readonly key: string;
  constructor(key: string, reason: string) {
    super(`Invalid object key ${JSON.stringify(key)}: ${reason}.`);
    this.name = 'InvalidObjectKeyError';
    this.key = key;
  }
}

/**
 * The store refused a read or write: file-system permissions or a full disk; for S3 access denied,
 * a missing bucket, a KMS key that cannot be used, an object too large.
 */
export class ObjectStoreIoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObjectStoreIoError';
  }
}

/** The service did not answer, failed (5xx) or kept throttling after the SDK's retries. */
export class ObjectStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObjectStoreUnavailableError';
  }
}
