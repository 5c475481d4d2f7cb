import { buildControlWorkbook } from '../../shared/adapters/xlsx/xlsx-workbook-templates.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveWorkbookAtomic } from '../../shared/adapters/xlsx/xlsx-file.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { buildDemoConfig } from '../../shared/demo/demo-config.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import { indicatorCatalogue } from '../../shared/programmes/indicator-catalogue.js';
import { parseControlWorkbook } from '../../shared/forms/control-workbook.js';
import { CONTROL_TABS } from '../../shared/forms/tab-specs.js';
import { EMPTY_CONTROL_CONFIG } from '../../shared/templates/control-workbook-template.js';

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
    const parsed = parseControlWorkbook(
      await new XlsxWorkbookGateway({ dir }).read(
        'config.xlsx',
        CONTROL_TABS.map((t) => t.name),
      ),
    );
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
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Đơn vị',
      'Chỉ tiêu',
      'Số liệu đầu kỳ',
      'Lịch báo cáo',
      'Người nhận',
      'Sáp nhập',
      'Danh mục DTTS',
      'Hướng dẫn',
      'Danh mục chỉ số',
    ]);

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
    const raw = await new XlsxWorkbookGateway({ dir }).read(
      'config.xlsx',
      CONTROL_TABS.map((t) => t.name),
    );
    expect(raw.sheets.map((s) => s.rows.length)).toEqual(CONTROL_TABS.map(() => 3));
    expect(raw.sheets.map((s) => s.name)).toEqual(CONTROL_TABS.map((t) => t.name));
    expect(raw.sheets[0]?.rows[1]?.[0]).toMatch(/Mã đơn vị nhập dạng văn bản/);
    const parsed = parseControlWorkbook(raw);
    expect(parsed.units).toEqual([]);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  describe('helps the engineer setting up a province', () => {
    const open = async (): Promise<ExcelJS.Workbook> => {
      await saveWorkbookAtomic(buildControlWorkbook(EMPTY_CONTROL_CONFIG, { year: 2018 }), join(dir, 'config.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'config.xlsx'));
      return wb;
    };

    it('offers every indicator id with its label in the Chỉ số dropdown, from the indicator list', async () => {
      const wb = await open();
      const list = wb.getWorksheet('Danh mục chỉ số');
      if (!list) throw new Error('no indicator list');
      const entries = (list.getColumn(1).values as unknown[]).slice(4).filter((v): v is string => typeof v === 'string');
      const ids = indicatorCatalogue(requireCriteriaSet(periodId('2018'))).map((i) => i.id);
      expect(entries).toHaveLength(ids.length);
      expect(entries).toContain('ntm.standard - Số xã đạt chuẩn (19 tiêu chí)');
      expect(entries).toContain('poverty.rate_reduction_pp - Mức giảm tỷ lệ hộ nghèo (điểm %)');
      expect(list.getCell('B4').value).toBe(ids[0]);
      const dv = wb.getWorksheet('Chỉ tiêu')?.getCell('D4').dataValidation;
      expect(dv).toMatchObject({ type: 'list', formulae: [`'Danh mục chỉ số'!$A$4:$A$${3 + ids.length}`], errorStyle: 'information' });
      // Excel refuses a typed list longer than 255 characters: this one is a reference.
      expect(String(dv?.formulae?.[0]).length).toBeLessThan(255);
      expect(wb.getWorksheet('Chỉ tiêu')?.getCell('D50').dataValidation?.formulae).toEqual(dv?.formulae);
    });

    it('offers the roles and the levels as dropdowns', async () => {
      const wb = await open();
      expect(wb.getWorksheet('Người nhận')?.getCell('B4').dataValidation).toMatchObject({ type: 'list', formulae: ['"văn phòng,lãnh đạo"'] });
      expect(wb.getWorksheet('Đơn vị')?.getCell('C10').dataValidation).toMatchObject({ type: 'list', formulae: ['"tỉnh,huyện,xã"'] });
    });

    it('explains period formats and gives example rows in Hướng dẫn', async () => {
      const wb = await open();
      const guide = wb.getWorksheet('Hướng dẫn');
      const text = (guide?.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string').join('\n');
      for (const period of ['2018-Q3', '2018-H1', '2018-07']) expect(text).toContain(period);
      expect(text).toContain('20/12/2018');
      expect(text).toContain('VÍ DỤ TRANG "Chỉ tiêu"');
      expect(text).toContain('ntm | 2018 | 20 | ntm.standard - Số xã đạt chuẩn (19 tiêu chí) | 48 | >=');
    });

    it('has the optional Sáp nhập tab, explained in Hướng dẫn, and reads back what it was filled with', async () => {
      const config = { ...EMPTY_CONTROL_CONFIG, units: [{ code: unitCode('06052'), name: 'Xã Hùng Sơn', level: 'xa' as const, groups: [], emails: [] }] };
      const mergers = [{ from: unitCode('06055'), to: unitCode('06052'), effective: '2025-07-01', fromName: 'Xã Hồng Thái' }];
      await saveWorkbookAtomic(buildControlWorkbook({ ...config, mergers }), join(dir, 'config.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'config.xlsx'));
      const tab = wb.getWorksheet('Sáp nhập');
      expect((tab?.getRow(3).values as unknown[]).slice(1)).toEqual(['Mã cũ', 'Mã mới', 'Từ ngày', 'Tên đơn vị cũ']);
      expect(tab?.getCell('A2').value).toMatch(/Không bắt buộc/);
      const guide = (wb.getWorksheet('Hướng dẫn')?.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string').join('\n');
      expect(guide).toMatch(/SÁP NHẬP.*mã cũ được cộng cho mã mới/);
      const parsed = parseControlWorkbook(
        await new XlsxWorkbookGateway({ dir }).read(
          'config.xlsx',
          CONTROL_TABS.map((t) => t.name),
        ),
      );
      expect(parsed.mergers).toEqual(mergers);
      expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    });

    it('reads a target whose Chỉ số was chosen from the dropdown', async () => {
      const wb = await open();
      const units = wb.getWorksheet('Đơn vị');
      const targets = wb.getWorksheet('Chỉ tiêu');
      if (!units || !targets) throw new Error('tabs');
      units.getRow(4).values = ['20', 'Tỉnh Lạng Sơn', 'tỉnh'];
      targets.getRow(4).values = ['ntm', '2018', '20', 'ntm.bucket.19 - Số xã đạt 19 tiêu chí', 48];
      await wb.xlsx.writeFile(join(dir, 'config.xlsx'));
      const parsed = parseControlWorkbook(
        await new XlsxWorkbookGateway({ dir }).read(
          'config.xlsx',
          CONTROL_TABS.map((t) => t.name),
        ),
      );
      expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(parsed.targets.map((t) => [t.scope, t.indicator, t.target])).toEqual([['20', 'ntm.bucket.19', 48]]);
    });
  });
});
