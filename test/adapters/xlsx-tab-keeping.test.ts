import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-keep-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function unitWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('NTM').getCell('A1').value = 'Mã xã';
  wb.addWorksheet('Giảm nghèo').getCell('A1').value = 'Tổng số hộ';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function respell(bytes: Buffer, part: string, change: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file(part, change((await zip.file(part)?.async('string')) ?? ''));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Every attribute of a start tag in single quotes, as some producers write them. */
const singleQuoted = (xml: string): string => xml.replace(/(\s[\w:]+)="([^"]*)"/g, "$1='$2'");

describe('writing the feedback tab keeps every tab of the workbook', () => {
  it('with single-quoted attributes in xl/workbook.xml', async () => {
    const bytes = await respell(await unitWorkbook(), 'xl/workbook.xml', singleQuoted);
    expect((await JSZip.loadAsync(bytes)).file('xl/workbook.xml')).toBeTruthy();
    await writeFile(join(dir, 'unit.xlsx'), bytes);
    await new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [{ name: 'Kết quả kiểm tra', rows: [['mới']] }]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await readFile(join(dir, 'unit.xlsx'))) as unknown as ArrayBuffer);
    expect(back.worksheets.map((w) => w.name)).toEqual(['NTM', 'Giảm nghèo', 'Kết quả kiểm tra']);
    expect(back.getWorksheet('Giảm nghèo')?.getCell('A1').value).toBe('Tổng số hộ');
  });
});
