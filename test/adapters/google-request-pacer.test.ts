import { describe, expect, it } from 'vitest';
import { PacingDeadlineError, RequestPacer } from '../../shared/adapters/google/request-pacer.js';

/** A pacer on a virtual clock: sleeping advances time instantly. */
function virtualPacer(perMinute: number, burst?: number) {
  let now = 0;
  const starts: number[] = [];
  const pacer = new RequestPacer({
    perMinute,
    ...(burst === undefined ? {} : { burst }),
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  const take = async (deadline?: number) => {
    await pacer.take(deadline);
    starts.push(now);
  };
  return { take, starts, advance: (ms: number) => (now += ms), now: () => now };
}

describe('RequestPacer', () => {
  it('spaces requests evenly at the default quota rate', async () => {
    const p = virtualPacer(55);
    for (let i = 0; i < 120; i++) await p.take();
    const gap = 60_000 / 55;
    p.starts.forEach((t, i) => expect(t).toBeCloseTo(i * gap, 6));
    // No window of one minute holds more than 56 requests (55 per minute plus the first).
    const maxInWindow = Math.max(...p.starts.map((t) => p.starts.filter((u) => u >= t && u < t + 60_000).length));
    expect(maxInWindow).toBe(56);
  });

  it('lets a burst through back to back, then paces', async () => {
    const p = virtualPacer(60, 5);
    for (let i = 0; i < 8; i++) await p.take();
    expect(p.starts).toEqual([0, 0, 0, 0, 0, 1000, 2000, 3000]);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const p = virtualPacer(60, 2);
    await p.take();
    p.advance(10_000);
    for (let i = 0; i < 4; i++) await p.take();
    expect(p.starts).toEqual([0, 10_000, 10_000, 11_000, 12_000]);
  });

  it('refuses a slot past the deadline without reserving it', async () => {
    const p = virtualPacer(60);
    await p.take(500);
    await expect(p.take(500)).rejects.toBeInstanceOf(PacingDeadlineError);
    // The refused call did not take the 1000 ms slot: the next one gets it.
    await p.take();
    expect(p.starts).toEqual([0, 1000]);
  });
});
