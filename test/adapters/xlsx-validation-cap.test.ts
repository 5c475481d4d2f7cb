import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capSqref, VALIDATION_ROW_CAP } from '../../shared/adapters/xlsx/exceljs-validation-cap.js';
import { loadWorkbookFile } from '../../shared/adapters/xlsx/xlsx-file.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';

describe('capSqref', () => {
  it('caps whole columns and huge ranges, keeps small ones', () => {
    expect(capSqref('C3:C1048576')).toBe('C3:C10002');
    expect(capSqref('C:C')).toBe('C1:C10000');
    expect(capSqref('$D$5:$W$1048576 A1')).toBe('D5:W10004 A1');
    expect(capSqref('A1:XFD1')).toBe('A1:IV1');
    expect(capSqref('C3:U40')).toBe('C3:U40');
    expect(capSqref('B7')).toBe('B7');
  });
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-cap-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a workbook with whole-column dropdowns', () => {
  it('loads quickly and keeps the dropdowns on the rows that matter when written back', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('NTM');
    ws.getCell('A1').value = 'Mã xã';
    ws.getCell('A2').value = '06001';
    ws.getCell('C2').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Đạt,Chưa đạt"'] };
    await wb.xlsx.writeFile(join(dir, 'src.xlsx'));
    // Rewrite the validation as Excel stores a dropdown copied down 19 whole columns.
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await readFile(join(dir, 'src.xlsx')));
    const sheetXml = zip.file('xl/worksheets/sheet1.xml');
    if (!sheetXml) throw new Error('no sheet1.xml');
    const xml = (await sheetXml.async('string')).replace('sqref="C2"', 'sqref="C:U"');
    zip.file('xl/worksheets/sheet1.xml', xml);
    await writeFile(join(dir, 'unit.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));

    // Uncapped, exceljs would build 19 x 1,048,576 entries here (tens of seconds, gigabytes).
    const loaded = await loadWorkbookFile(join(dir, 'unit.xlsx'), 'unit.xlsx');
    const model = (loaded.getWorksheet('NTM') as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model;
    expect(Object.keys(model)).toHaveLength(19 * VALIDATION_ROW_CAP);

    const gw = new XlsxWorkbookGateway({ dir });
    const raw = await gw.read('unit.xlsx', ['NTM']);
    expect(raw.sheets[0]?.rows).toEqual([['Mã xã'], ['06001']]);

    await gw.writeTabs('unit.xlsx', [{ name: 'Kết quả kiểm tra', rows: [['ok']] }]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(join(dir, 'unit.xlsx'));
    const ntm = back.getWorksheet('NTM');
    expect(ntm?.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"Đạt,Chưa đạt"'] });
    expect(ntm?.getCell('U9000').dataValidation).toMatchObject({ type: 'list' });
  });
});
