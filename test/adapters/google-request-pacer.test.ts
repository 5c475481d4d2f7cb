import { describe, expect, it } from 'vitest';
import { BucketPacer, quotaBucketOf, type QuotaBucket } from '../../shared/adapters/google/quota-pacer.js';
import { PacingDeadlineError, RequestPacer } from '../../shared/adapters/google/request-pacer.js';

/** A pacer on a virtual clock: sleeping advances time instantly. */
function virtualPacer(perMinute: number, burst?: number) {
  let now = 0;
  const starts: number[] = [];
  const pacer = new RequestPacer({
    perMinute,
    ...(burst === undefined ? {} : { burst }),
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
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

describe('BucketPacer', () => {
  /** Both buckets on one virtual clock; each take() records (bucket, start) in call order. */
  function virtualBuckets(readsPerMinute: number, writesPerMinute: number) {
    let now = 0;
    const starts: [QuotaBucket, number][] = [];
    const pacer = new BucketPacer({
      readsPerMinute,
      writesPerMinute,
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    });
    return {
      take: async (bucket: QuotaBucket) => {
        await pacer.take(bucket);
        starts.push([bucket, now]);
      },
      starts,
    };
  }

  it('paces reads and writes in buckets of their own: a write never waits behind reads', async () => {
    const p = virtualBuckets(60, 60);
    // A unit at a time: read, then write. With one shared bucket this takes 2 s per unit.
    for (let i = 0; i < 5; i++) {
      await p.take('read');
      await p.take('write');
    }
    expect(p.starts).toEqual([
      ['read', 0],
      ['write', 0],
      ['read', 1000],
      ['write', 1000],
      ['read', 2000],
      ['write', 2000],
      ['read', 3000],
      ['write', 3000],
      ['read', 4000],
      ['write', 4000],
    ]);
  });

  it('keeps each bucket at its own rate', async () => {
    const p = virtualBuckets(120, 30);
    for (let i = 0; i < 4; i++) await p.take('read');
    for (let i = 0; i < 3; i++) await p.take('write');
    expect(p.starts.filter(([b]) => b === 'read').map(([, t]) => t)).toEqual([0, 500, 1000, 1500]);
    // The write bucket was idle while the reads went: it starts at once, then every 2 s.
    expect(p.starts.filter(([b]) => b === 'write').map(([, t]) => t)).toEqual([1500, 3500, 5500]);
  });

  it('leaves Drive out of both Sheets buckets', async () => {
    const p = virtualBuckets(1, 1);
    await p.take('read');
    await p.take('drive');
    await p.take('drive');
    expect(p.starts).toEqual([
      ['read', 0],
      ['drive', 0],
      ['drive', 100],
    ]);
  });
});

describe('quotaBucketOf', () => {
  it('counts Sheets GETs as reads, other Sheets methods as writes, and Drive apart', () => {
    expect(quotaBucketOf('GET', 'https://sheets.googleapis.com/v4/spreadsheets/abc')).toBe('read');
    expect(quotaBucketOf('GET', new URL('http://127.0.0.1:9/v4/spreadsheets/abc/values:batchGet?ranges=A1'))).toBe('read');
    expect(quotaBucketOf('POST', 'https://sheets.googleapis.com/v4/spreadsheets/abc:getByDataFilter')).toBe('read');
    expect(quotaBucketOf('POST', 'https://sheets.googleapis.com/v4/spreadsheets/abc:batchUpdate')).toBe('write');
    expect(quotaBucketOf('PUT', 'https://sheets.googleapis.com/v4/spreadsheets/abc/values/A1')).toBe('write');
    expect(quotaBucketOf('POST', 'https://sheets.googleapis.com/v4/spreadsheets')).toBe('write');
    expect(quotaBucketOf('GET', 'https://www.googleapis.com/drive/v3/files')).toBe('drive');
    expect(quotaBucketOf('POST', 'https://www.googleapis.com/drive/v3/files/abc/permissions')).toBe('drive');
  });
});
