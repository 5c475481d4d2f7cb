/**
 * Paces requests below a per-minute quota (Sheets: 60 per minute per user). A token bucket in its
 * GCRA form: each request reserves the next free slot synchronously, so concurrent callers queue
 * in call order without a lock. `burst` slots may be used back to back; keep burst + perMinute at
 * or below the quota, since a window of one minute can see both.
 */
export interface PacerOptions {
  perMinute: number;
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class PacingDeadlineError extends Error {
  constructor(
    readonly waitMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The next request slot is ${waitMs} ms away, past the deadline`, options);
    this.name = 'PacingDeadlineError';
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RequestPacer {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Theoretical arrival time of the next request. */
  private tat = 0;

  constructor(options: PacerOptions) {
    if (!(options.perMinute > 0)) throw new RangeError(`perMinute must be > 0, got ${options.perMinute}`);
    const burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.intervalMs = 60_000 / options.perMinute;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Waits for a slot. With `deadline` (epoch ms), refuses up front, without reserving, when the
   * slot would come after it.
   */
  async take(deadline?: number): Promise<void> {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const allowedAt = tat - this.toleranceMs;
    const wait = Math.max(0, allowedAt - now);
    if (deadline !== undefined && now + wait > deadline) throw new PacingDeadlineError(Math.ceil(wait));
    this.tat = tat + this.intervalMs;
    if (wait > 0) await this.sleep(wait);
  }
}
