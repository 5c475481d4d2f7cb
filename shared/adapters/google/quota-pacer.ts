import { RequestPacer } from './request-pacer.js';

/**
 * The buckets Google counts apart: Sheets read requests and Sheets write requests (60 each per
 * minute per user, 300 each per project), and Drive, whose quota is its own and much larger.
 */
export type QuotaBucket = 'read' | 'write' | 'drive';

/**
 * Waits for a slot in one bucket before a request is sent (retries included). This process's
 * pacer implements it today; a pace shared by many processes (Lambda tasks of one Map state all
 * use one service account) can implement the same interface with a token bucket in DynamoDB.
 * Refuses with PacingDeadlineError, without reserving, when the slot would come after `deadlineMs`.
 */
export interface QuotaPacer {
  take(bucket: QuotaBucket, deadlineMs?: number): Promise<void>;
}

export interface BucketPacerOptions {
  readsPerMinute: number;
  writesPerMinute: number;
  /** Default 600: Drive's quota is counted in units far above what a run needs (one list). */
  drivePerMinute?: number;
  /** Requests each bucket lets through back to back before pacing. Default 1. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Sheets requests by what Google counts them as: a GET reads, anything else changes the spreadsheet. */
export function quotaBucketOf(method: string, url: string | URL): QuotaBucket {
  const path = typeof url === 'string' ? new URL(url, 'http://x').pathname : url.pathname;
  if (!/\/v4\/spreadsheets(\/|$)/.test(path)) return 'drive';
  // getByDataFilter reads through a POST.
  if (method.toUpperCase() === 'GET' || /:(batchGetByDataFilter|getByDataFilter)$/.test(path)) return 'read';
  return 'write';
}

/**
 * One in-process token bucket per quota bucket, so reads never wait behind writes: while the
 * pipeline writes one unit's feedback it can already read the next unit, and a quota-bound run
 * takes about max(reads, writes) / quota instead of (reads + writes) / quota.
 */
export class BucketPacer implements QuotaPacer {
  private readonly buckets: Record<QuotaBucket, RequestPacer>;

  constructor(options: BucketPacerOptions) {
    const common = {
      ...(options.burst === undefined ? {} : { burst: options.burst }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    };
    this.buckets = {
      read: new RequestPacer({ perMinute: options.readsPerMinute, ...common }),
      write: new RequestPacer({ perMinute: options.writesPerMinute, ...common }),
      drive: new RequestPacer({ perMinute: options.drivePerMinute ?? 600, ...common }),
    };
  }

  take(bucket: QuotaBucket, deadlineMs?: number): Promise<void> {
    return this.buckets[bucket].take(deadlineMs);
  }
}
