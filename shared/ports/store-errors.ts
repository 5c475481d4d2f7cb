/**
 * What can go wrong with the store, whatever the database behind it. The pipeline tells "the store
 * cannot be used at all" (unavailable, table missing, access refused: the run stops, exit 1) from
 * "this one record could not be written" (the unit's own fault: the run goes on).
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

/** The store as a whole cannot be used: the run cannot go on. */
export function isStoreOutage(error: unknown): boolean {
  return error instanceof StoreUnavailableError || error instanceof StoreTableMissingError || error instanceof StoreAccessDeniedError;
}
