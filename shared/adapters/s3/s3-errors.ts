import { ObjectStoreIoError, ObjectStoreUnavailableError } from '../../ports/object-store-errors.js';

/**
 * S3's errors as the object store's named errors (ports/object-store-errors.ts). Matched by name,
 * which also holds when two copies of the SDK are loaded; anything not known is returned unchanged
 * so the caller rethrows it.
 */

/** The service is down, overloaded or unreachable: the same call may work later. */
const UNAVAILABLE_NAMES = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'TimeoutError',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** The store answered and refused: settings, permissions or the object itself must change. */
const REFUSED_NAMES = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'AccountProblem',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
  'NoSuchBucket',
  'InvalidBucketName',
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'EntityTooLarge',
  'KMS.DisabledException',
  'KMS.KMSInvalidStateException',
  'KMS.NotFoundException',
  'KMS.AccessDeniedException',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const asErrorLike = (err: unknown): ErrorLike => (typeof err === 'object' && err !== null ? err : {});

/** Maps an SDK (or socket) error of `operation` on `target` to a named object-store error; returns other errors unchanged. */
export function translateS3Error(err: unknown, operation: string, target: string): unknown {
  if (err instanceof ObjectStoreIoError || err instanceof ObjectStoreUnavailableError) return err;
  const e = asErrorLike(err);
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const what = `S3 ${operation} ${target}`;
  if (REFUSED_NAMES.has(name) || name.startsWith('KMS.')) {
    return new ObjectStoreIoError(`${what}: refused (${name}${message === '' ? '' : `: ${message}`}).`, { cause: err });
  }
  if (UNAVAILABLE_NAMES.has(name) || UNAVAILABLE_CODES.has(code) || (status !== undefined && status >= 500)) {
    return new ObjectStoreUnavailableError(`${what}: S3 unavailable (${name || code || String(status)}); try again later.`, { cause: err });
  }
  return err;
}
