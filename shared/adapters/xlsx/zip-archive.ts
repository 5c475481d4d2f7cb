import { promisify } from 'node:util';
import { crc32, deflateRaw, deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib';

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
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  return -1;
}

/** The central directory of a zip, or undefined when it is zip64, encrypted or malformed. */
export function readCentral(buf: Buffer): CentralEntry[] | undefined {
  const eocd = findEocd(buf);
  if (eocd < 0) return undefined;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) return undefined; // zip64: leave as is
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) return undefined;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: CentralEntry = {
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
    if (e.flags & FLAG_ENCRYPTED || e.compressedSize === 0xffffffff || e.size === 0xffffffff) return undefined;
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** One entry of an archive with its data as stored in it (compressed or not, per `entry.method`). */
export interface ZipPart {
  entry: CentralEntry;
  data: Buffer;
}

/**
 * Every entry of a zip with its stored data, in archive order, or undefined when the archive is
 * zip64, encrypted or malformed (see readCentral). The data are slices of `buf`, not copies.
 */
export function readZipParts(buf: Buffer): ZipPart[] | undefined {
  const entries = readCentral(buf);
  if (!entries) return undefined;
  const parts: ZipPart[] = [];
  for (const entry of entries) {
    const p = entry.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) return undefined;
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    if (start + entry.compressedSize > buf.length) return undefined;
    parts.push({ entry, data: buf.subarray(start, start + entry.compressedSize) });
  }
  return parts;
}

/** The uncompressed bytes of a part, or undefined when its method is unknown or its data damaged. */
export function inflatePart(part: ZipPart): Buffer | undefined {
  try {
    if (part.entry.method === STORED) return part.data;
    if (part.entry.method === DEFLATED) return inflateRawSync(part.data);
  } catch {
    return undefined;
  }
  return undefined;
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
 * central entries with the sizes up front (no data descriptors) and without extra fields.
 */
export function writeZip(parts: readonly ZipPart[]): Buffer {
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
  out.push(eocd);
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
  );
}

/** The uncompressed bytes of one entry, or undefined when absent or unreadable. */
export function readZipEntry(buf: Buffer, name: string): Buffer | undefined {
  const part = readZipParts(buf)?.find((p) => p.entry.name.toString('utf8') === name);
  return part === undefined ? undefined : inflatePart(part);
}
