import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { recompressStoredZip } from '../../shared/adapters/xlsx/zip-archive.js';
import { hasUnzip } from '../support/has-unzip.js';

async function sample(compression: 'STORE' | 'DEFLATE'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('NTM');
  for (let r = 1; r <= 200; r++) ws.getRow(r).values = [`0${6000 + r}`, `Xã số ${r}`, 'Đạt', 'Chưa đạt', r * 3];
  ws.getCell('C2').dataValidation = { type: 'list', formulae: ['"Đạt,Chưa đạt"'] };
  return (await wb.xlsx.writeBuffer({ zip: { compression } })) as unknown as Buffer;
}

describe('recompressStoredZip', () => {
  it('deflates a stored workbook into a smaller, valid archive with the same content', async () => {
    const stored = await sample('STORE');
    const packed = recompressStoredZip(stored);
    expect(packed.length).toBeLessThan(stored.length / 2);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(packed as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('NTM');
    expect(ws?.getCell('A200').value).toBe('06200');
    expect(ws?.getCell('E200').value).toBe(600);
    expect(ws?.getCell('C2').dataValidation).toMatchObject({ type: 'list' });
  });

  // The system's unzip checks every CRC and size against the headers written.
  it.skipIf(!hasUnzip)('passes unzip -t', async () => {
    const packed = recompressStoredZip(await sample('STORE'));
    const dir = await mkdtemp(join(tmpdir(), 'zip-'));
    try {
      await writeFile(join(dir, 'a.xlsx'), packed);
      const out = execFileSync('unzip', ['-t', join(dir, 'a.xlsx')], { encoding: 'utf8' });
      expect(out).toContain('No errors detected');
      expect(out).toContain('xl/worksheets/sheet1.xml');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('copies already-deflated entries and returns anything it cannot parse untouched', async () => {
    const deflated = await sample('DEFLATE');
    const again = recompressStoredZip(deflated);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(again as unknown as ArrayBuffer);
    expect(wb.getWorksheet('NTM')?.getCell('B3').value).toBe('Xã số 3');

    const junk = Buffer.from('not a zip at all');
    expect(recompressStoredZip(junk)).toBe(junk);
    const truncated = (await sample('STORE')).subarray(0, 500);
    expect(recompressStoredZip(truncated)).toBe(truncated);
  });
});
