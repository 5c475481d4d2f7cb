/**
 * Google's per-user request quotas as the fake enforces them: Sheets read requests and Sheets
 * write requests are two buckets (60 each per minute per user by default at Google), Drive is
 * outside both. Google says its buckets are "refilled every minute"; the fake counts a sliding
 * window of 60 s instead, which is at least as strict: a pace that never trips it never trips
 * Google's. A refused request (429) does not use up quota.
 */
export type FakeBucket = 'read' | 'write' | 'drive';

export interface FakeQuotaLimits {
  /** Sheets read requests per minute per user (spreadsheets.get, values.batchGet). */
  readsPerMinute?: number;
  /** Sheets write requests per minute per user (batchUpdate, create). */
  writesPerMinute?: number;
}

const WINDOW_MS = 60_000;

export class FakeQuota {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limits: FakeQuotaLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the request and returns true, or returns false when it would exceed the user's bucket. */
  admit(user: string, bucket: FakeBucket): boolean {
    const limit = bucket === 'read' ? this.limits.readsPerMinute : bucket === 'write' ? this.limits.writesPerMinute : undefined;
    if (limit === undefined) return true;
    const key = `${user}\u0000${bucket}`;
    const now = this.now();
    const times = (this.admitted.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (times.length >= limit) {
      this.admitted.set(key, times);
      return false;
    }
    times.push(now);
    this.admitted.set(key, times);
    return true;
  }
}

/** Google's 429 wording for each bucket. */
export function quotaMessage(bucket: 'read' | 'write'): string {
  const metric = bucket === 'read' ? 'Read requests' : 'Write requests';
  return `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service 'sheets.googleapis.com'.`;
}
