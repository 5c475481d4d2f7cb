import { drive, type drive_v3 } from '@googleapis/drive';
import { sheets, type MethodOptions, type sheets_v4 } from '@googleapis/sheets';
import type { OAuth2Client } from 'google-auth-library';
import { GoogleAuthenticationError, GoogleDeadlineExceededError, errorMessage, errorStatus, isRateLimited, retryAfterMs } from './google-errors.js';
import { BucketPacer, quotaBucketOf, type QuotaBucket, type QuotaPacer } from './quota-pacer.js';
import { PacingDeadlineError } from './request-pacer.js';

/**
 * Sheets read and write requests each paced a little under Google's 60 per minute per user:
 * Google refills its buckets once a minute, so a pacer at the full 60 whose run starts mid-minute
 * can still land 61 in one of Google's minutes; and another client on the same account (an init,
 * a person's script) needs a few calls of its own. Retries take slots like first attempts, so they
 * need no margin. At 55 a one-minute window holds at most 56 requests (burst 1): no 429 in a
 * normal run, for 8 % more time than the full quota would take.
 */
export const DEFAULT_SHEETS_REQUESTS_PER_MINUTE = 55;

export interface GoogleApiClientOptions {
  /** Token-only OAuth2Client in tests, a JWT in production (see createGoogleAuth). */
  auth: OAuth2Client;
  /** Replaces `https://sheets.googleapis.com/` and `https://www.googleapis.com/` (GOOGLE_API_ROOT_URL). */
  rootUrl?: string;
  /** Sheets read requests per minute, retries included. Default `requestsPerMinute`, else 55 (quota: 60 per user). */
  readsPerMinute?: number;
  /** Sheets write requests per minute, retries included. Default `requestsPerMinute`, else 55 (quota: 60 per user). */
  writesPerMinute?: number;
  /** Sets both readsPerMinute and writesPerMinute (each is its own bucket at Google, and here). */
  requestsPerMinute?: number;
  /** Drive requests per minute (Drive's quota is its own). Default 600. */
  drivePerMinute?: number;
  /** Requests each bucket allows back to back before pacing starts. Default 1. */
  burst?: number;
  /** Replaces the in-process pacer (e.g. one pace shared by many processes); the rates above are then unused. */
  pacer?: QuotaPacer;
  /** Retries per call after the first attempt. Default 6. */
  retries?: number;
  /** First back-off step; doubles per retry, with jitter. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest single back-off. Default 32 s. */
  maxDelayMs?: number;
  /** Timeout of one HTTP attempt. Default 60 s. */
  requestTimeoutMs?: number;
  /** Epoch ms after which no call starts or retries: GoogleDeadlineExceededError instead. */
  deadlineMs?: number;
  /** Random source for jitter (tests make it deterministic). */
  random?: () => number;
}

/** What a call may retry. Non-idempotent calls retry only refusals that prove nothing was done. */
export interface CallPolicy {
  idempotent: boolean;
}

export interface GoogleCallStats {
  /** HTTP attempts sent, retries included. */
  requests: number;
  retries: number;
  byOperation: Record<string, { requests: number; retries: number }>;
  /** HTTP attempts by the quota bucket Google counts them in. */
  byBucket: Record<QuotaBucket, number>;
}

/** HTTP methods gaxios may retry: POST included, since every write this adapter sends is safe to repeat. */
const ALL_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'OPTIONS', 'DELETE'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface CallState {
  deadlineHit: boolean;
  nextDelayMs: number;
}

interface RetryableError {
  code?: unknown;
  cause?: unknown;
  config?: { method?: string; retryConfig?: { currentRetryAttempt?: number } };
}

/**
 * The Sheets v4 and Drive v3 clients with one policy for every call: paced below the quota by
 * token buckets shared by everything using this client (Sheets reads, Sheets writes and Drive
 * apart, as Google counts them), retried on 429/5xx/network errors (POST
 * included) with exponential back-off, jitter and `Retry-After`, and bounded by a deadline.
 *
 * Retries run inside gaxios (`retryConfig`), so the client's own retry path is what gets tested;
 * pacing sits in gaxios' `adapter` hook, which runs for every attempt, retries included.
 */
export class GoogleApiClient {
  readonly sheets: sheets_v4.Sheets;
  readonly drive: drive_v3.Drive;
  readonly auth: OAuth2Client;
  private readonly pacer: QuotaPacer;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly requestTimeoutMs: number;
  private readonly deadlineMs: number | undefined;
  private readonly random: () => number;
  private readonly counters: GoogleCallStats = { requests: 0, retries: 0, byOperation: {}, byBucket: { read: 0, write: 0, drive: 0 } };

  constructor(options: GoogleApiClientOptions) {
    this.auth = options.auth;
    const common = options.rootUrl === undefined ? { auth: options.auth } : { auth: options.auth, rootUrl: options.rootUrl };
    this.sheets = sheets({ version: 'v4', ...common });
    this.drive = drive({ version: 'v3', ...common });
    const sheetsRate = options.requestsPerMinute ?? DEFAULT_SHEETS_REQUESTS_PER_MINUTE;
    this.pacer =
      options.pacer ??
      new BucketPacer({
        readsPerMinute: options.readsPerMinute ?? sheetsRate,
        writesPerMinute: options.writesPerMinute ?? sheetsRate,
        ...(options.drivePerMinute === undefined ? {} : { drivePerMinute: options.drivePerMinute }),
        burst: options.burst ?? 1,
      });
    this.retries = options.retries ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 32_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.deadlineMs = options.deadlineMs;
    this.random = options.random ?? Math.random;
  }

  /** Counts since construction (a copy). */
  stats(): GoogleCallStats {
    const byOperation: GoogleCallStats['byOperation'] = {};
    for (const [k, v] of Object.entries(this.counters.byOperation)) byOperation[k] = { ...v };
    return { requests: this.counters.requests, retries: this.counters.retries, byOperation, byBucket: { ...this.counters.byBucket } };
  }

  /**
   * Runs one API call. `operation` names it in counters and errors (`sheets.values.batchGet`).
   * Throws GoogleDeadlineExceededError when the deadline stops it, GoogleAuthenticationError on 401,
   * and the client's error otherwise (after retries).
   */
  async call<T>(operation: string, fn: (options: MethodOptions) => Promise<{ data: T }>, policy: CallPolicy = { idempotent: true }): Promise<T> {
    const start = Date.now();
    if (this.deadlineMs !== undefined && start >= this.deadlineMs) throw new GoogleDeadlineExceededError(operation);
    const state: CallState = { deadlineHit: false, nextDelayMs: 0 };
    const counter = (this.counters.byOperation[operation] ??= { requests: 0, retries: 0 });
    const timeout = this.deadlineMs === undefined ? this.requestTimeoutMs : Math.max(1, Math.min(this.requestTimeoutMs, this.deadlineMs - start));
    const options: MethodOptions = {
      timeout,
      retryConfig: {
        retry: this.retries,
        noResponseRetries: this.retries,
        httpMethodsToRetry: ALL_METHODS,
        shouldRetry: (err) => this.shouldRetry(err, state, policy),
        retryBackoff: () => sleep(state.nextDelayMs),
        onRetryAttempt: () => {
          this.counters.retries += 1;
          counter.retries += 1;
        },
      },
      adapter: async (prepared, next) => {
        const bucket = quotaBucketOf(prepared.method ?? 'GET', prepared.url);
        await this.pacer.take(bucket, this.deadlineMs);
        this.counters.requests += 1;
        this.counters.byBucket[bucket] += 1;
        counter.requests += 1;
        return next(prepared);
      },
    };
    try {
      const response = await fn(options);
      return response.data;
    } catch (error) {
      if (state.deadlineHit || error instanceof PacingDeadlineError || causeIsPacingDeadline(error)) {
        throw new GoogleDeadlineExceededError(operation, { cause: error });
      }
      if (errorStatus(error) === 401) {
        throw new GoogleAuthenticationError(`${operation}: credentials refused (401): ${errorMessage(error)}`, { cause: error });
      }
      throw error;
    }
  }

  private shouldRetry(err: RetryableError, state: CallState, policy: CallPolicy): boolean {
    if (causeIsPacingDeadline(err)) {
      state.deadlineHit = true;
      return false;
    }
    if (err.code === 'AbortError') return false;
    // A custom shouldRetry replaces gaxios' own checks, the method list included: apply it here.
    if (!ALL_METHODS.includes((err.config?.method ?? 'GET').toUpperCase())) return false;
    const attempt = err.config?.retryConfig?.currentRetryAttempt ?? 0;
    if (attempt >= this.retries) return false;
    const status = errorStatus(err);
    const rateLimited = isRateLimited(err);
    const transient = status === undefined || status === 408 || status >= 500;
    // A 429 or a rate-limit 403 means Google did not run the request; a 5xx or a lost response may
    // mean it did, so only idempotent calls repeat those.
    if (!rateLimited && !(transient && policy.idempotent)) return false;
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    const jittered = exponential / 2 + (this.random() * exponential) / 2;
    const hinted = retryAfterMs(err);
    const delay = Math.ceil(hinted === undefined ? jittered : Math.max(hinted, jittered));
    if (this.deadlineMs !== undefined && Date.now() + delay >= this.deadlineMs) {
      state.deadlineHit = true;
      return false;
    }
    state.nextDelayMs = delay;
    return true;
  }
}

function causeIsPacingDeadline(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    if (e instanceof PacingDeadlineError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
