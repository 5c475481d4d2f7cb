import { constants, crc32, deflateRawSync } from 'node:zlib';
import { writeZip, type ZipPart } from '../../shared/adapters/xlsx/zip-archive.js';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A final, empty fixed-Huffman deflate block: ends a stream of non-final blocks. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * A raw deflate stream of `prefix` then `repeat` copies of `chunk`, without ever holding the
 * inflated bytes: each segment is deflated with a full flush (no reference to what came before),
 * so one deflated chunk repeated is a valid stream. Also returns the CRC-32 and size of what it
 * inflates to.
 */
export function repeatedDeflate(prefix: Buffer, chunk: Buffer, repeat: number): { data: Buffer; crc: number; size: number } {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const head = deflateRawSync(prefix, flush);
  const body = deflateRawSync(chunk, flush);
  let crc = crc32(prefix);
  for (let i = 0; i < repeat; i++) crc = crc32(chunk, crc);
  const segments: Buffer[] = [head];
  for (let i = 0; i < repeat; i++) segments.push(body);
  segments.push(FINAL_EMPTY_BLOCK);
  return { data: Buffer.concat(segments), crc: crc >>> 0, size: prefix.length + chunk.length * repeat };
}

function deflatedPart(name: string, data: Buffer, crc: number, declaredSize: number): ZipPart {
  return {
    entry: {
      flags: 0,
      method: 8,
      time: 0,
      date: 0x21,
      crc,
      compressedSize: data.length,
      size: declaredSize,
      name: Buffer.from(name, 'utf8'),
      comment: Buffer.alloc(0),
      versionMade: 20,
      versionNeeded: 20,
      internalAttr: 0,
      externalAttr: 0,
      localOffset: 0,
    },
    data,
  };
}

function xmlPart(name: string, xml: string): ZipPart {
  const raw = Buffer.from(xml, 'utf8');
  return deflatedPart(name, deflateRawSync(raw), crc32(raw) >>> 0, raw.length);
}

/**
 * A one-tab .xlsx (`NTM`) whose sheet, or `part` when given, inflates to `inflatedBytes` of spaces
 * (`chunkBytes` at a time) while the central directory declares 4 KB: a zip bomb that lies about
 * its size.
 */
export function zipBombWorkbook(inflatedBytes: number, options: { part?: 'sheet' | 'workbook'; chunkBytes?: number } = {}): Buffer {
  const chunkBytes = options.chunkBytes ?? 16 * 1024 * 1024;
  const repeat = Math.ceil(inflatedBytes / chunkBytes);
  const bomb = (name: string, prefix: string): ZipPart => {
    const { data, crc } = repeatedDeflate(Buffer.from(prefix, 'utf8'), Buffer.alloc(chunkBytes, 0x20), repeat);
    return deflatedPart(name, data, crc, 4096);
  };
  const workbookXml = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="NTM" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  return writeZip([
    xmlPart(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    xmlPart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    options.part === 'workbook' ? bomb('xl/workbook.xml', workbookXml.replace('</workbook>', '')) : xmlPart('xl/workbook.xml', workbookXml),
    xmlPart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    options.part === 'workbook'
      ? xmlPart('xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN_NS}"><sheetData/></worksheet>`)
      : bomb('xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN_NS}"><sheetData>`),
  ]);
}
