/**
 * Named errors of the DynamoDB adapter. SDK errors are translated here so callers can tell
 * "the store is down or throttled" (retry later) from "the table is missing" (run init) from
 * "access refused" (fix credentials); anything else is rethrown unchanged.
 */

/** The service or local server did not answer, failed, or kept throttling after the SDK's retries. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The table does not exist (not created yet, or wrong name). */
export class StoreTableMissingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreTableMissingError';
  }
}

/** Credentials missing, invalid or not allowed to use the table. */
export class StoreAccessDeniedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreAccessDeniedError';
  }
}

/** An item would exceed DynamoDB's 400 KB limit even compressed. */
export class StoreItemTooLargeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreItemTooLargeError';
  }
}

/** A stored item cannot be decoded (written by something else, or damaged). */
export class StoreDataCorruptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreDataCorruptError';
  }
}

const UNAVAILABLE_NAMES = new Set([
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const ACCESS_NAMES = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException',
  'CredentialsProviderError',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const asErrorLike = (err: unknown): ErrorLike => (typeof err === 'object' && err !== null ? (err as ErrorLike) : {});

/** Maps an SDK (or socket) error to a named store error; returns other errors unchanged. */
export function translateDynamoError(err: unknown, operation: string): unknown {
  if (
    err instanceof StoreUnavailableError ||
    err instanceof StoreTableMissingError ||
    err instanceof StoreAccessDeniedError ||
    err instanceof StoreItemTooLargeError ||
    err instanceof StoreDataCorruptError
  ) {
    return err;
  }
  const e = asErrorLike(err);
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if (name === 'ResourceNotFoundException') {
    return new StoreTableMissingError(`DynamoDB ${operation}: table not found (${message}).`, { cause: err });
  }
  if (ACCESS_NAMES.has(name)) {
    return new StoreAccessDeniedError(`DynamoDB ${operation}: access denied (${name}).`, { cause: err });
  }
  if (name === 'ValidationException' && /item size|size has exceeded/i.test(message)) {
    return new StoreItemTooLargeError(`DynamoDB ${operation}: ${message}`, { cause: err });
  }
  if (UNAVAILABLE_NAMES.has(name) || UNAVAILABLE_CODES.has(code) || (status !== undefined && status >= 500)) {
    return new StoreUnavailableError(`DynamoDB ${operation}: unavailable (${name || code || status}).`, { cause: err });
  }
  return err;
}
