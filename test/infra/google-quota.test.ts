import { describe, expect, it } from 'vitest';
import { ingestConcurrency, ingestRetrySeconds } from '../../infra/google-quota.js';

describe('Map concurrency and waits from the Google quota', () => {
  it('keeps the slower bucket busy with ceil(rate per second × 4 s) tasks, 1 to 20', () => {
    expect(ingestConcurrency(55, 55)).toBe(4);
    expect(ingestConcurrency(60, 60)).toBe(4);
    expect(ingestConcurrency(55, 30)).toBe(2);
    expect(ingestConcurrency(1, 1)).toBe(1);
    expect(ingestConcurrency(300, 300)).toBe(20);
  });

  it('waits, before a retry, for the pace to serve the other tasks in flight', () => {
    expect(ingestRetrySeconds(55, 55)).toBe(5);
    expect(ingestRetrySeconds(30, 30)).toBe(4);
    expect(ingestRetrySeconds(300, 300)).toBe(4);
  });
});
