import { promisify } from 'node:util';
import { crc32, deflateRaw, deflateRawSync, type ZlibOptions } from 'node:zlib';
import { inflateWithinLimits, type InflateBudget } from './zip-inflate-limits.js';

const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bits: 0 = encrypted, 3 = sizes in a data descriptor after the data. */
const FLAG_ENCRYPTED = 0x1;
const FLAG_DATA_DESCRIPTOR = 0x8;

export interface CentralEntry {
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  name: Buffer;
  comment: Buffer;
  versionMade: number;
  versionNeeded: number;
  internalAttr: number;
  externalAttr: number;
  localOffset: number;
}

function findEocd(buf: Buffer): number {
  if (buf.length < 22) return -1;
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  return -1;
}

const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA_ID = 0x0001;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

/** Where the central directory is and how many entries it has, from the (zip64) end records. */
function centralDirectoryOf(buf: Buffer, eocd: number): { count: number; offset: number } | undefined {
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count !== U16_MAX && offset !== U32_MAX) return { count, offset };
  // Zip64: the locator sits just before the classic end record and points to the zip64 one.
  const locator = eocd - 20;
  if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR_SIG) return undefined;
  const at = Number(buf.readBigUInt64LE(locator + 8));
  if (!Number.isSafeInteger(at) || at + 56 > buf.length || buf.readUInt32LE(at) !== ZIP64_EOCD_SIG) return undefined;
  const count64 = Number(buf.readBigUInt64LE(at + 32));
  const offset64 = Number(buf.readBigUInt64LE(at + 48));
  if (!Number.isSafeInteger(count64) || !Number.isSafeInteger(offset64)) return undefined;
  return { count: count64, offset: offset64 };
}

/**
 * The real sizes and offset of an entry whose central record says 0xFFFFFFFF: they are in its
 * zip64 extra field, in this order, only for the fields that overflowed. Undefined when missing.
 */
function applyZip64Extra(e: CentralEntry, extra: Buffer): CentralEntry | undefined {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === ZIP64_EXTRA_ID) {
      const field = extra.subarray(p + 4, p + 4 + len);
      let q = 0;
      const next = (): number | undefined => {
        if (q + 8 > field.length) return undefined;
        const v = Number(field.readBigUInt64LE(q));
        q += 8;
        return Number.isSafeInteger(v) ? v : undefined;
      };
      const size = e.size === U32_MAX ? next() : e.size;
      const compressedSize = e.compressedSize === U32_MAX ? next() : e.compressedSize;
      const localOffset = e.localOffset === U32_MAX ? next() : e.localOffset;
      if (size === undefined || compressedSize === undefined || localOffset === undefined) return undefined;
      return { ...e, size, compressedSize, localOffset };
    }
    p += 4 + len;
  }
  return undefined;
}

/**
 * The central directory of a zip (zip64 included), or undefined when it is encrypted or
 * malformed. The sizes are the archive's own claims: nothing here inflates anything.
 */
export function readCentral(buf: Buffer): CentralEntry[] | undefined {
  const eocd = findEocd(buf);
  if (eocd < 0) return undefined;
  const dir = centralDirectoryOf(buf, eocd);
  if (!dir) return undefined;
  let p = dir.offset;
  const entries: CentralEntry[] = [];
  for (let i = 0; i < dir.count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) return undefined;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > buf.length) return undefined;
    let e: CentralEntry | undefined = {
      versionMade: buf.readUInt16LE(p + 4),
      versionNeeded: buf.readUInt16LE(p + 6),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      time: buf.readUInt16LE(p + 12),
      date: buf.readUInt16LE(p + 14),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      internalAttr: buf.readUInt16LE(p + 36),
      externalAttr: buf.readUInt32LE(p + 38),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.subarray(p + 46, p + 46 + nameLen),
      comment: buf.subarray(p + 46 + nameLen + extraLen, p + 46 + nameLen + extraLen + commentLen),
    };
    if (e.flags & FLAG_ENCRYPTED) return undefined;
    if (e.compressedSize === U32_MAX || e.size === U32_MAX || e.localOffset === U32_MAX) {
      e = applyZip64Extra(e, buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
      if (!e) return undefined;
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The archive's comment (after the end record), kept when an edited archive is written. */
export function zipCommentOf(buf: Buffer): Buffer {
  const eocd = findEocd(buf);
  if (eocd < 0) return Buffer.alloc(0);
  const len = buf.readUInt16LE(eocd + 20);
  return buf.subarray(eocd + 22, Math.min(buf.length, eocd + 22 + len));
}

/** One entry of an archive with its data as stored in it (compressed or not, per `entry.method`). */
export interface ZipPart {
  entry: CentralEntry;
  data: Buffer;
}

/**
 * Every entry of a zip with its stored data, in archive order, or undefined when the archive is
 * encrypted or malformed (see readCentral). The data are slices of `buf`, not copies.
 */
export function readZipParts(buf: Buffer): ZipPart[] | undefined {
  const entries = readCentral(buf);
  if (!entries) return undefined;
  const parts: ZipPart[] = [];
  const seen = new Set<number>();
  for (const entry of entries) {
    const p = entry.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) return undefined;
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    if (start + entry.compressedSize > buf.length) return undefined;
    // Entries that share their data make a small archive list the same compressed bytes many times over.
    if (seen.has(p)) return undefined;
    seen.add(p);
    parts.push({ entry, data: buf.subarray(start, start + entry.compressedSize) });
  }
  return parts;
}

/**
 * The uncompressed bytes of a part, or undefined when its method is unknown or its data damaged.
 * Throws ZipInflateLimitError past the bounds of zip-inflate-limits.ts (drawn from `budget`, the
 * workbook's, when given).
 */
export function inflatePart(part: ZipPart, budget?: InflateBudget): Buffer | undefined {
  return inflateWithinLimits(part, budget);
}

/** DOS time and date fields (local time, 2-second resolution) of an instant. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/** General-purpose flag bit 11: the entry name is UTF-8. */
const FLAG_UTF8 = 0x800;

/**
 * A new entry, deflated natively when that makes it smaller. `at` stamps its modification time
 * (now by default).
 */
export function newZipPart(name: string, raw: Buffer, level = 6, at: Date = new Date()): ZipPart {
  const deflated = raw.length < 64 ? undefined : deflateRawSync(raw, { level });
  return partOf(name, raw, deflated, at);
}

/**
 * newZipPart with the deflation on libuv's thread pool: a large part (the summary's sheets) is
 * compressed while the caller renders the next one.
 */
export async function newZipPartAsync(name: string, raw: Buffer, level = 6, at: Date = new Date()): Promise<ZipPart> {
  const deflated = raw.length < 64 ? undefined : await deflateRawAsync(raw, { level });
  return partOf(name, raw, deflated, at);
}

function partOf(name: string, raw: Buffer, deflated: Buffer | undefined, at: Date): ZipPart {
  const nameBytes = Buffer.from(name, 'utf8');
  const ascii = nameBytes.length === name.length;
  const useDeflated = deflated !== undefined && deflated.length < raw.length;
  const data = useDeflated ? deflated : raw;
  const { time, date } = dosDateTime(at);
  return {
    entry: {
      flags: ascii ? 0 : FLAG_UTF8,
      method: useDeflated ? DEFLATED : STORED,
      time,
      date,
      crc: crc32(raw) >>> 0,
      compressedSize: data.length,
      size: raw.length,
      name: nameBytes,
      comment: Buffer.alloc(0),
      // Made by: MS-DOS attributes, zip 2.0.
      versionMade: 20,
      versionNeeded: useDeflated ? 20 : 10,
      internalAttr: 0,
      externalAttr: 0,
      localOffset: 0,
    },
    data,
  };
}

/**
 * A zip archive of the given parts, in order. Each part's data is written exactly as given, so an
 * entry copied from another archive keeps its compressed bytes. Local headers are rebuilt from the
 * central entries with the sizes up front (no data descriptors) and without extra fields. `comment`
 * is the archive's comment (an edited archive keeps its original's).
 */
export function writeZip(parts: readonly ZipPart[], comment: Buffer = Buffer.alloc(0)): Buffer {
  const out: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const { entry: e, data } of parts) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(e.method === DEFLATED ? Math.max(20, e.versionNeeded) : e.versionNeeded, 4);
    local.writeUInt16LE(e.flags & ~FLAG_DATA_DESCRIPTOR, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);
    offsets.push(offset);
    out.push(local, e.name, data);
    offset += local.length + e.name.length + data.length;
  }
  const centralStart = offset;
  parts.forEach(({ entry: e, data }, i) => {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(CENTRAL_SIG, 0);
    c.writeUInt16LE(e.versionMade, 4);
    c.writeUInt16LE(e.method === DEFLATED ? Math.max(20, e.versionNeeded) : e.versionNeeded, 6);
    c.writeUInt16LE(e.flags & ~FLAG_DATA_DESCRIPTOR, 8);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt16LE(e.time, 12);
    c.writeUInt16LE(e.date, 14);
    c.writeUInt32LE(e.crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt16LE(0, 30);
    c.writeUInt16LE(e.comment.length, 32);
    c.writeUInt16LE(0, 34);
    c.writeUInt16LE(e.internalAttr, 36);
    c.writeUInt32LE(e.externalAttr, 38);
    c.writeUInt32LE(offsets[i] ?? 0, 42);
    out.push(c, e.name, e.comment);
    offset += c.length + e.name.length + e.comment.length;
  });
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(offset - centralStart, 12);
  eocd.writeUInt32LE(centralStart, 16);
  const kept = comment.subarray(0, 0xffff);
  eocd.writeUInt16LE(kept.length, 20);
  out.push(eocd, kept);
  return Buffer.concat(out);
}

/**
 * Re-packs a zip whose entries are stored (uncompressed) with Node's native deflate.
 *
 * exceljs compresses in JavaScript, at about the cost of building the whole workbook; native
 * deflate of a unit workbook takes ~0.5 ms. Synchronous on purpose: thread-pool hops per entry cost
 * more than they save. CRCs are of the uncompressed bytes, so they carry over unchanged. Anything
 * unusual (zip64, encryption, a malformed archive) is returned untouched: still a valid, merely
 * larger, file.
 */
export function recompressStoredZip(buf: Buffer, level = 6): Buffer {
  const parts = readZipParts(buf);
  if (!parts) return buf;
  return writeZip(
    parts.map((part) => {
      const { entry, data } = part;
      if (entry.method !== STORED || data.length < 64) return part;
      const deflated = deflateRawSync(data, { level });
      if (deflated.length >= data.length) return part;
      return { entry: { ...entry, method: DEFLATED, compressedSize: deflated.length }, data: deflated };
    }),
    zipCommentOf(buf),
  );
}

/** The uncompressed bytes of one entry, or undefined when absent or unreadable. */
export function readZipEntry(buf: Buffer, name: string): Buffer | undefined {
  const part = readZipParts(buf)?.find((p) => p.entry.name.toString('utf8') === name);
  return part === undefined ? undefined : inflatePart(part);
}
