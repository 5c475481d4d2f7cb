import { crc32 } from 'node:zlib';
import { inflatePart, newZipPart, readZipParts, writeZip, type ZipPart } from '../../shared/adapters/xlsx/zip-archive.js';

/**
 * Variants of a real workbook that other producers write: the same parts, spelled or packed
 * differently. Built at test time from the committed fixtures (see test/fixtures/xlsx-producers/README.md).
 */

function partsOf(bytes: Buffer): ZipPart[] {
  const parts = readZipParts(bytes);
  if (!parts) throw new Error('not a zip');
  return parts;
}

const nameOf = (p: ZipPart): string => p.entry.name.toString('utf8');

/** Every attribute value of the bookkeeping parts in single quotes (valid XML, as some producers write it). */
export function withSingleQuotedAttributes(bytes: Buffer): Buffer {
  const bookkeeping = /^(\[Content_Types\]\.xml|_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml)$/;
  return writeZip(
    partsOf(bytes).map((p) => {
      if (!bookkeeping.test(nameOf(p))) return p;
      const xml = (inflatePart(p) ?? Buffer.alloc(0)).toString('utf8');
      // Start tags only: text never holds `<`, so a value is always inside a tag.
      const quoted = xml.replace(/<[^>]+>/g, (tag) => tag.replace(/(\s[\w:.-]+\s*)=\s*"([^"']*)"/g, "$1='$2'"));
      return newZipPart(nameOf(p), Buffer.from(quoted, 'utf8'), 6, new Date(2024, 0, 1));
    }),
  );
}

/** The archive with a comment after its end record. */
export function withZipComment(bytes: Buffer, comment = 'Lưu bởi phần mềm quản lý của xã'): Buffer {
  return writeZip(partsOf(bytes), Buffer.from(comment, 'utf8'));
}

const DATA_DESCRIPTOR_SIG = 0x08074b50;

/**
 * The archive with every entry's sizes and CRC in a data descriptor after its data (general
 * purpose bit 3), as streaming writers (Java's ZipOutputStream, Google Sheets' export) produce.
 */
export function withDataDescriptors(bytes: Buffer): Buffer {
  const parts = partsOf(bytes);
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { entry: e, data } of parts) {
    const crc = crc32(inflatePart({ entry: e, data }) ?? Buffer.alloc(0)) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags | 0x8, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    // CRC and sizes are zero here: they follow the data.
    local.writeUInt16LE(e.name.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR_SIG, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(data.length, 8);
    descriptor.writeUInt32LE(e.size, 12);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.flags | 0x8, 8);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt16LE(e.time, 12);
    c.writeUInt16LE(e.date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, e.name);
    out.push(local, e.name, data, descriptor);
    offset += local.length + e.name.length + data.length + descriptor.length;
  }
  const centralBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(centralBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, centralBytes, eocd]);
}
