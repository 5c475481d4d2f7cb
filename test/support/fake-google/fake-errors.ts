/** Google's JSON error bodies, as the Sheets v4 and Drive v3 endpoints send them. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'FakeApiError';
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Sheets v4 style: `{ error: { code, message, status } }`. */
export function sheetsError(status: number, message: string): FakeApiError {
  return new FakeApiError(status, message, { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } });
}

/** Drive v3 style, with the `errors[]` array and its `reason`. */
export function driveError(status: number, message: string, reason: string, extra: Record<string, string> = {}): FakeApiError {
  return new FakeApiError(status, message, {
    error: { code: status, message, errors: [{ message, domain: 'global', reason, ...extra }] },
  });
}

export const unauthenticated = (): FakeApiError =>
  sheetsError(
    401,
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  );

/** The error a test injects for a status, worded as Google words it. */
export function injectedError(status: number, api: 'sheets' | 'drive'): FakeApiError {
  if (status === 429) {
    const message =
      api === 'sheets'
        ? "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'."
        : 'User rate limit exceeded.';
    return sheetsError(429, message);
  }
  if (status === 403)
    return api === 'sheets'
      ? sheetsError(403, 'The caller does not have permission')
      : driveError(403, 'The user does not have sufficient permissions for this file.', 'insufficientFilePermissions');
  if (status === 503) return sheetsError(503, 'The service is currently unavailable.');
  if (status === 500) return sheetsError(500, 'Internal error encountered.');
  return sheetsError(status, `Injected error ${status}`);
}
