import { deflateRawSync, inflateRawSync } from 'node:zlib';

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
  const entries = readCentral(buf);
  if (!entries) return buf;
  const datas: Buffer[] = [];
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) return buf;
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    if (start + e.compressedSize > buf.length) return buf;
    datas.push(buf.subarray(start, start + e.compressedSize));
  }
  const packed = entries.map((e, i) => {
    const raw = datas[i] as Buffer; // one data slice per entry
    if (e.method !== STORED || raw.length < 64) return { method: e.method, data: raw };
    const deflated = deflateRawSync(raw, { level });
    return deflated.length < raw.length ? { method: DEFLATED, data: deflated } : { method: STORED, data: raw };
  });

  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const { method, data } = packed[i] as { method: number; data: Buffer };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(method === DEFLATED ? Math.max(20, e.versionNeeded) : e.versionNeeded, 4);
    local.writeUInt16LE(e.flags & ~FLAG_DATA_DESCRIPTOR, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);
    offsets.push(offset);
    parts.push(local, e.name, data);
    offset += local.length + e.name.length + data.length;
  });
  const centralStart = offset;
  entries.forEach((e, i) => {
    const { method, data } = packed[i] as { method: number; data: Buffer };
    const c = Buffer.alloc(46);
    c.writeUInt32LE(CENTRAL_SIG, 0);
    c.writeUInt16LE(e.versionMade, 4);
    c.writeUInt16LE(method === DEFLATED ? Math.max(20, e.versionNeeded) : e.versionNeeded, 6);
    c.writeUInt16LE(e.flags & ~FLAG_DATA_DESCRIPTOR, 8);
    c.writeUInt16LE(method, 10);
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
    parts.push(c, e.name, e.comment);
    offset += c.length + e.name.length + e.comment.length;
  });
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(offset - centralStart, 12);
  eocd.writeUInt32LE(centralStart, 16);
  parts.push(eocd);
  return Buffer.concat(parts);
}

/** The uncompressed bytes of one entry, or undefined when absent or unreadable. */
export function readZipEntry(buf: Buffer, name: string): Buffer | undefined {
  const entry = readCentral(buf)?.find((e) => e.name.toString('utf8') === name);
  if (!entry) return undefined;
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) return undefined;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  try {
    if (entry.method === STORED) return data;
    if (entry.method === DEFLATED) return inflateRawSync(data);
  } catch {
    return undefined;
  }
  return undefined;
}
