import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveWorkbookAtomic } from '../../shared/adapters/xlsx/xlsx-file.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { buildDemoConfig } from '../../shared/demo/demo-config.js';
import { parseControlWorkbook } from '../../shared/forms/control-workbook.js';
import { CONTROL_TABS } from '../../shared/forms/tab-specs.js';
import { buildControlWorkbook, EMPTY_CONTROL_CONFIG } from '../../shared/templates/control-workbook-template.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'control-tpl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildControlWorkbook', () => {
  it('round-trips a whole configuration through the file and the parser', async () => {
    const config = buildDemoConfig();
    await saveWorkbookAtomic(buildControlWorkbook(config), join(dir, 'config.xlsx'));
    const parsed = parseControlWorkbook(await new XlsxWorkbookGateway({ dir }).read('config.xlsx', CONTROL_TABS.map((t) => t.name)));
    expect(parsed.issues).toEqual([]);
    expect(parsed.units).toEqual(config.units);
    expect(parsed.targets).toEqual(config.targets);
    expect(parsed.baselines).toEqual(config.baselines);
    expect(parsed.schedule).toEqual(config.schedule);
    expect(parsed.recipients).toEqual(config.recipients);
  });

  it('writes codes as text, dropdowns for level, programme and comparison, and frozen headers under a title', async () => {
    await saveWorkbookAtomic(buildControlWorkbook(buildDemoConfig()), join(dir, 'config.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'config.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đơn vị', 'Chỉ tiêu', 'Số liệu đầu kỳ', 'Lịch báo cáo', 'Người nhận']);

    const units = wb.getWorksheet('Đơn vị');
    if (!units) throw new Error('no Đơn vị');
    expect(units.getCell('A1').value).toBe('Tệp cấu hình - Đơn vị');
    expect((units.getRow(3).values as unknown[]).slice(1)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email']);
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const codes = (units.getColumn(1).values as unknown[]).slice(4);
    expect(codes).toContain('06');
    expect(codes).toContain('058');
    expect(codes.every((c) => typeof c === 'string')).toBe(true);
    expect(units.getCell('C4').dataValidation).toMatchObject({ type: 'list', formulae: ['"tỉnh,huyện,xã"'] });

    const targets = wb.getWorksheet('Chỉ tiêu');
    expect(targets?.getCell('A4').dataValidation).toMatchObject({ type: 'list', formulae: ['"ntm,giam_ngheo,dtts"'] });
    expect(targets?.getCell('F4').dataValidation).toMatchObject({ type: 'list', formulae: ['">=,<=,="'] });
    expect(targets?.getCell('B4').value).toBe('2018');

    const schedule = wb.getWorksheet('Lịch báo cáo');
    expect(schedule?.getCell('C4').value).toEqual(new Date('2018-12-20T00:00:00Z'));
    expect(schedule?.getCell('C4').numFmt).toBe('dd/mm/yyyy');
    expect(schedule?.getCell('A5').dataValidation).toMatchObject({ type: 'list' });
  });

  it('an empty control workbook has every tab with its header and guidance, and parses without errors', async () => {
    await saveWorkbookAtomic(buildControlWorkbook(EMPTY_CONTROL_CONFIG), join(dir, 'config.xlsx'));
    const raw = await new XlsxWorkbookGateway({ dir }).read('config.xlsx', CONTROL_TABS.map((t) => t.name));
    expect(raw.sheets.map((s) => s.rows.length)).toEqual([3, 3, 3, 3, 3]);
    expect(raw.sheets[0]?.rows[1]?.[0]).toMatch(/Mã đơn vị nhập dạng văn bản/);
    const parsed = parseControlWorkbook(raw);
    expect(parsed.units).toEqual([]);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
