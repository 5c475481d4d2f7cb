import {
  StoreAccessDeniedError,
  StoreDataCorruptError,
  StoreItemTooLargeError,
  StoreTableMissingError,
  StoreUnavailableError,
} from '../../ports/store-errors.js';

/**
 * DynamoDB's errors as the store's named errors (ports/store-errors.ts). SDK errors are translated here so callers can tell
 * "the store is down or throttled" (retry later) from "the table is missing" (run init) from
 * "access refused" (fix credentials); anything else is rethrown unchanged.
 */

export {
  isStoreOutage,
  StoreAccessDeniedError,
  StoreDataCorruptError,
  StoreItemTooLargeError,
  StoreTableMissingError,
  StoreUnavailableError,
} from '../../ports/store-errors.js';

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

const asErrorLike = (err: unknown): ErrorLike => (typeof err === 'object' && err !== null ? err : {});

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
    return new StoreTableMissingError(`Kho dữ liệu DynamoDB (${operation}): không có bảng dữ liệu (${message}).`, { cause: err });
  }
  if (ACCESS_NAMES.has(name)) {
    return new StoreAccessDeniedError(`Kho dữ liệu DynamoDB (${operation}): không được phép truy cập (${name}); kiểm tra thông tin đăng nhập và quyền.`, {
      cause: err,
    });
  }
  if (name === 'ValidationException' && /item size|size has exceeded/i.test(message)) {
    return new StoreItemTooLargeError(`DynamoDB ${operation}: ${message}`, { cause: err });
  }
  if (UNAVAILABLE_NAMES.has(name) || UNAVAILABLE_CODES.has(code) || (status !== undefined && status >= 500)) {
    return new StoreUnavailableError(`Không kết nối được kho dữ liệu DynamoDB (${operation}: ${name || code || status}); thử lại sau.`, { cause: err });
  }
  return err;
}
