import { inflateRawSync } from 'node:zlib';
import type { ZipPart } from './zip-archive.js';

/**
 * Bounds on what inflating one workbook may produce, so a small file that inflates to gigabytes
 * (a zip bomb, or a damaged archive) becomes one unreadable workbook instead of a run that runs
 * out of memory. The bounds are checked while inflating (zlib stops at `maxOutputLength`), never
 * taken from the sizes the archive declares, which cost nothing to fake.
 *
 * - Per entry, 100 MiB; per workbook, 200 MiB in all. A unit workbook's parts are kilobytes to a
 *   few megabytes; the national summary's largest table (10,000 communes) inflates to about
 *   15 MB. exceljs needs about ten times a part's size to model it, so a workbook past these
 *   bounds could not be loaded in the 1 GB a run has anyway.
 * - A minimum inflate ratio as Apache POI's ZipSecureFile applies it (MIN_INFLATE_RATIO 0.01):
 *   past the first MiB, an entry may not inflate to more than 100 times its compressed size.
 *   Spreadsheet XML deflates 5 to 30 times; a run of one repeated byte deflates about 1000 times.
 */
export const MAX_ENTRY_INFLATED_BYTES = 100 * 1024 * 1024;
export const MAX_WORKBOOK_INFLATED_BYTES = 200 * 1024 * 1024;
export const MIN_INFLATE_RATIO = 0.01;
/** Entries are not held to the ratio below this size (POI's grace size, raised: tiny parts of repeated markup compress well). */
export const RATIO_GRACE_BYTES = 1024 * 1024;

const STORED = 0;
const DEFLATED = 8;

export type InflateLimitRule = 'entry' | 'workbook' | 'ratio';

/** An entry would inflate past one of the bounds above: the archive is refused, not inflated. */
export class ZipInflateLimitError extends Error {
  constructor(
    readonly entry: string,
    readonly limit: number,
    readonly rule: InflateLimitRule,
    options?: { cause?: unknown },
  ) {
    super(`Zip entry ${entry} inflates past ${limit} bytes (${rule} limit)`, options);
    this.name = 'ZipInflateLimitError';
  }
}

/** What one workbook may still inflate to; every inflate of its entries draws on it. */
export class InflateBudget {
  private used = 0;

  constructor(readonly total: number = MAX_WORKBOOK_INFLATED_BYTES) {}

  get remaining(): number {
    return Math.max(0, this.total - this.used);
  }

  take(bytes: number): void {
    this.used += bytes;
  }
}

/** The most an entry of this compressed size may inflate to, and which bound that is. */
export function inflateLimitOf(compressedBytes: number, budget: InflateBudget | undefined): { limit: number; rule: InflateLimitRule } {
  const byRatio = Math.max(RATIO_GRACE_BYTES, Math.ceil(compressedBytes / MIN_INFLATE_RATIO));
  let limit = MAX_ENTRY_INFLATED_BYTES;
  let rule: InflateLimitRule = 'entry';
  if (byRatio < limit) {
    limit = byRatio;
    rule = 'ratio';
  }
  if (budget !== undefined && budget.remaining < limit) {
    limit = budget.remaining;
    rule = 'workbook';
  }
  return { limit, rule };
}

const isTooLarge = (e: unknown): boolean =>
  e instanceof RangeError || (typeof e === 'object' && e !== null && 'code' in e && e.code === 'ERR_BUFFER_TOO_LARGE');

/**
 * The uncompressed bytes of a part within the bounds, or undefined when its method is unknown or
 * its data damaged. Throws ZipInflateLimitError when the part would inflate past them; zlib stops
 * as soon as the output passes the limit, so no more than the limit is ever held.
 */
export function inflateWithinLimits(part: ZipPart, budget?: InflateBudget): Buffer | undefined {
  const name = part.entry.name.toString('utf8');
  const { limit, rule } = inflateLimitOf(part.data.length, budget);
  let raw: Buffer;
  if (part.entry.method === STORED) {
    raw = part.data;
    // Stored bytes are their own size: only the entry and workbook bounds can apply.
    if (raw.length > limit) throw new ZipInflateLimitError(name, limit, rule);
  } else if (part.entry.method === DEFLATED) {
    try {
      raw = inflateRawSync(part.data, { maxOutputLength: Math.max(1, limit) });
    } catch (error) {
      if (isTooLarge(error)) throw new ZipInflateLimitError(name, limit, rule, { cause: error });
      return undefined;
    }
  } else {
    return undefined;
  }
  budget?.take(raw.length);
  return raw;
}
