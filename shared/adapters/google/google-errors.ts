/**
 * Named errors of the Google adapter, and reading Google's error responses. The clients throw
 * gaxios errors; they are read structurally (status, body, headers) rather than by class, since
 * the class is a transitive dependency whose identity may differ between copies.
 */

/** The run's time budget (the gateway's `deadlineMs`) ran out: give up instead of waiting on. */
export class GoogleDeadlineExceededError extends Error {
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`Google API deadline exceeded during ${operation}`, options);
    this.name = 'GoogleDeadlineExceededError';
  }
}

/** The token or key was refused (401): every later call would fail the same way, so the run stops. */
export class GoogleAuthenticationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoogleAuthenticationError';
  }
}

/** No usable credentials in the environment (the message never contains key material). */
export class GoogleCredentialsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoogleCredentialsError';
  }
}

/** A Drive or Sheets call failed for a reason other than the workbook itself (listing a folder, creating a file). */
export class GoogleApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${message}`, options);
    this.name = 'GoogleApiError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** HTTP status of a failed call, when there was a response. */
export function errorStatus(error: unknown): number | undefined {
  if (!isObject(error)) return undefined;
  const response = error['response'];
  if (isObject(response) && typeof response['status'] === 'number') return response['status'];
  return typeof error['status'] === 'number' ? error['status'] : undefined;
}

function errorBody(error: unknown): Record<string, unknown> | undefined {
  if (!isObject(error)) return undefined;
  const response = error['response'];
  if (!isObject(response)) return undefined;
  const data = response['data'];
  if (isObject(data) && isObject(data['error'])) return data['error'];
  return undefined;
}

/** Google's own message (`Unable to parse range: ...`), else the error's message. */
export function errorMessage(error: unknown): string {
  const body = errorBody(error);
  if (body && typeof body['message'] === 'string') return body['message'];
  return error instanceof Error ? error.message : String(error);
}

/** The `reason` values of a v3-style error body (`rateLimitExceeded`, `notFound`...). */
export function errorReasons(error: unknown): string[] {
  const body = errorBody(error);
  const errors = body?.['errors'];
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => (isObject(e) && typeof e['reason'] === 'string' ? [e['reason']] : []));
}

/** Drive reports rate limits as 403 with these reasons; they are retried like 429. */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export function isRateLimited(error: unknown): boolean {
  const status = errorStatus(error);
  return status === 429 || (status === 403 && errorReasons(error).some((r) => RATE_LIMIT_REASONS.has(r)));
}

/** `Retry-After` in ms (delta-seconds or HTTP date), when the response carried one. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  if (!isObject(error)) return undefined;
  const response = error['response'];
  if (!isObject(response)) return undefined;
  const headers = response['headers'];
  let raw: unknown;
  // A fetch Headers object (undici's or node-fetch's, depending on what gaxios picked) or a plain record.
  if (isObject(headers) && typeof headers['get'] === 'function') raw = (headers as { get(name: string): unknown }).get('retry-after');
  else if (isObject(headers)) raw = headers['retry-after'] ?? headers['Retry-After'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A user-facing (Vietnamese) reason for a workbook that could not be read or written. */
export function unreadableReason(error: unknown): string {
  const status = errorStatus(error);
  if (status === 403 && !isRateLimited(error)) return 'không có quyền truy cập';
  if (isRateLimited(error)) return 'Google đang giới hạn số lượt truy cập, đã thử lại nhiều lần nhưng chưa được';
  if (status !== undefined && status >= 500) return `máy chủ Google tạm thời không phản hồi (mã ${status})`;
  if (status === undefined) return 'không kết nối được tới Google';
  return `Google từ chối yêu cầu (mã ${status}: ${errorMessage(error)})`;
}
