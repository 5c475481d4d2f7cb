import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { writeTabsIntoPackage } from '../../shared/adapters/xlsx/xlsx-package-edit.js';
import { tabNamesOf } from '../../shared/adapters/xlsx/xlsx-package-structure.js';
import { readZipEntry, readZipParts, type ZipPart } from '../../shared/adapters/xlsx/zip-archive.js';
import {
  InflateBudget,
  inflateWithinLimits,
  MAX_ENTRY_INFLATED_BYTES,
  RATIO_GRACE_BYTES,
  ZipInflateLimitError,
} from '../../shared/adapters/xlsx/zip-inflate-limits.js';
import { WorkbookUnreadableError } from '../../shared/ports/workbook-gateway.js';
import { zipBombWorkbook } from '../support/zip-bomb.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-bomb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function partNamed(bytes: Buffer, name: string): ZipPart {
  const part = readZipParts(bytes)?.find((p) => p.entry.name.toString('utf8') === name);
  if (!part) throw new Error(`no ${name}`);
  return part;
}

const deflatedPart = (raw: Buffer): ZipPart => {
  const data = deflateRawSync(raw);
  return { ...partNamed(zipBombWorkbook(1, { chunkBytes: 1 }), '_rels/.rels'), data };
};

describe('inflate bounds', () => {
  it('holds an entry to the minimum ratio past the grace size, whatever size it declares', () => {
    // 8 MiB of one byte deflates to about 8 KB: far past 100 times.
    const bomb = partNamed(zipBombWorkbook(8 * MiB, { chunkBytes: MiB }), 'xl/worksheets/sheet1.xml');
    expect(bomb.entry.size).toBe(4096);
    const error = (() => {
      try {
        inflateWithinLimits(bomb);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ZipInflateLimitError);
    expect((error as ZipInflateLimitError).rule).toBe('ratio');
    expect((error as ZipInflateLimitError).limit).toBe(RATIO_GRACE_BYTES);
    // Below the grace size the ratio does not apply: markup that compresses well is fine.
    expect(inflateWithinLimits(deflatedPart(Buffer.alloc(RATIO_GRACE_BYTES - 1, 0x20)))?.length).toBe(RATIO_GRACE_BYTES - 1);
  });

  it('holds a workbook to its total', () => {
    const part = deflatedPart(Buffer.alloc(600 * 1024, 0x41));
    const budget = new InflateBudget(MiB);
    expect(inflateWithinLimits(part, budget)?.length).toBe(600 * 1024);
    expect(() => inflateWithinLimits(part, budget)).toThrow(ZipInflateLimitError);
    expect(MAX_ENTRY_INFLATED_BYTES).toBeGreaterThanOrEqual(100 * MiB);
  });

  it('applies in every place our own code inflates: tab names, single entries, the package editor', () => {
    const bomb = zipBombWorkbook(64 * MiB, { part: 'workbook' });
    expect(() => tabNamesOf(bomb)).toThrow(ZipInflateLimitError);
    expect(() => readZipEntry(bomb, 'xl/workbook.xml')).toThrow(ZipInflateLimitError);
    expect(() => writeTabsIntoPackage(bomb, [{ name: 'Kết quả kiểm tra', rows: [['x']] }])).toThrow(ZipInflateLimitError);
  });

  it('makes a bomb an unreadable workbook in read() and writeTabs(), the file untouched', async () => {
    for (const part of ['sheet', 'workbook'] as const) {
      const bytes = zipBombWorkbook(64 * MiB, { part });
      await writeFile(join(dir, `${part}.xlsx`), bytes);
      const gw = new XlsxWorkbookGateway({ dir });
      const read = await gw.read(`${part}.xlsx`, ['NTM']).catch((e: unknown) => e);
      expect(read).toBeInstanceOf(WorkbookUnreadableError);
      expect((read as WorkbookUnreadableError).reason).toMatch(
        /^tệp nén bất thường: phần "xl\/(worksheets\/sheet1|workbook)\.xml" khi giải nén lớn hơn \d+ MB \(có thể là tệp độc hại hoặc bị hỏng\)$/,
      );
      if (part === 'workbook') {
        const write = await gw.writeTabs(`${part}.xlsx`, [{ name: 'Kết quả kiểm tra', rows: [['x']] }]).catch((e: unknown) => e);
        expect(write).toBeInstanceOf(WorkbookUnreadableError);
        expect(await readFile(join(dir, `${part}.xlsx`))).toEqual(bytes);
      }
    }
  });
});

describe('a 1.5 GB zip bomb', () => {
  it('is unreadable, and reading it keeps the process far below 1 GB', async () => {
    const path = join(dir, 'bomb.xlsx');
    const bomb = zipBombWorkbook(1.5 * GiB);
    expect(bomb.length).toBeLessThan(2 * MiB);
    await writeFile(path, bomb);
    const script = fileURLToPath(new URL('./xlsx-bomb-read-child.fixture.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, path], { encoding: 'utf8' });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { name: string; reason?: string; maxRssBytes: number };
    expect(result.name).toBe('WorkbookUnreadableError');
    expect(result.reason).toMatch(/^tệp nén bất thường: phần "xl\/worksheets\/sheet1\.xml" khi giải nén lớn hơn 100 MB/);
    expect(result.maxRssBytes).toBeLessThan(0.5 * GiB);
    process.stdout.write(`zip bomb child peak RSS: ${Math.round(result.maxRssBytes / MiB)} MiB\n`);
  });
});
