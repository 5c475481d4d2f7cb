import { buildUnitWorkbook } from '../../shared/adapters/xlsx/xlsx-workbook-templates.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveWorkbookAtomic } from '../../shared/adapters/xlsx/xlsx-file.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import type { Unit } from '../../shared/domain/unit.js';
import { parseUnitWorkbook } from '../../shared/forms/unit-workbook.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unit-tpl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const set = requireCriteriaSet(periodId('2018'));
const district: Unit = {
  code: unitCode('178'),
  name: 'Thành phố Lạng Sơn',
  level: 'huyen',
  parent: unitCode('20'),
  groups: [],
  workbook: 'a.xlsx',
  emails: [],
};
const communes: Unit[] = [
  { code: unitCode('06103'), name: 'Xã Mai Pha', level: 'xa', parent: unitCode('178'), groups: [], emails: [] },
  { code: unitCode('00178'), name: 'Xã Hoàng Đồng', level: 'xa', parent: unitCode('178'), groups: [], emails: [] },
];
const province: Unit = { code: unitCode('20'), name: 'Tỉnh Lạng Sơn', level: 'tinh', groups: [], emails: [] };

type Protected = { sheetProtection?: Record<string, unknown> };

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  await saveWorkbookAtomic(wb, join(dir, 'a.xlsx'));
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(join(dir, 'a.xlsx'));
  return back;
}

describe('buildUnitWorkbook', () => {
  it('makes protected, frozen programme tabs with dropdowns and communes pre-filled as text', async () => {
    const wb = await roundTrip(
      buildUnitWorkbook({
        unit: district,
        communes,
        programmes: ['ntm', 'giam_ngheo', 'dtts'],
        criteriaSet: set,
        period: periodId('2018'),
        due: { ntm: '2018-12-20' },
      }),
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['NTM', 'Giảm nghèo', 'DTTS', 'Hướng dẫn']);

    const ntm = wb.getWorksheet('NTM');
    if (!ntm) throw new Error('no NTM');
    expect(ntm.getCell('A1').value).toBe('Biểu báo cáo kết quả xây dựng nông thôn mới năm 2018 - Thành phố Lạng Sơn');
    expect(ntm.getCell('A1').font?.bold).toBe(true);
    const headers = (ntm.getRow(2).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['Mã xã', 'Tên xã', 'TC1 - Quy hoạch', 'TC2 - Giao thông']);
    expect(headers.slice(-3)).toEqual(['TC19 - Quốc phòng và An ninh', 'Năm công nhận', 'Ghi chú']);
    expect(headers).toHaveLength(23);

    // Communes sorted by code, codes as text with leading zeros and a text format.
    expect(ntm.getCell('A3').value).toBe('00178');
    expect(ntm.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(ntm.getCell('A3').numFmt).toBe('@');
    expect(ntm.getCell('B3').value).toBe('Xã Hoàng Đồng');
    expect(ntm.getCell('A4').value).toBe('06103');

    // Dropdown on every criterion cell of the data rows (and spare rows), not on the header.
    const list = { type: 'list', formulae: ['"Đạt,Chưa đạt"'] };
    expect(ntm.getCell('C3').dataValidation).toMatchObject(list);
    expect(ntm.getCell('U4').dataValidation).toMatchObject(list);
    expect(ntm.getCell('U24').dataValidation).toMatchObject(list); // last spare row: 2 communes + 20
    expect(ntm.getCell('C2').dataValidation).toBeUndefined();
    expect(ntm.getCell('A3').dataValidation).toBeUndefined();
    expect(ntm.getCell('V3').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [1990, 2100] });

    // Header locked, data unlocked; sheet protected without a password, editing conveniences allowed.
    expect(ntm.getCell('C2').protection?.locked).not.toBe(false);
    expect(ntm.getCell('A1').protection?.locked).not.toBe(false);
    expect(ntm.getCell('C3').protection?.locked).toBe(false);
    expect(ntm.getCell('B3').protection?.locked).toBe(false);
    const prot = (ntm as unknown as Protected).sheetProtection;
    expect(prot).toMatchObject({ sheet: true, formatColumns: true, formatRows: true, sort: true, autoFilter: true, insertRows: true });
    expect(prot?.hashValue).toBeUndefined();
    expect(ntm.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });
    expect(ntm.getColumn(2).width).toBe(22);
    expect(ntm.getColumn(3).width).toBe(9);

    const pov = wb.getWorksheet('Giảm nghèo');
    if (!pov) throw new Error('no Giảm nghèo');
    expect((pov.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Mã xã',
      'Tên xã',
      'Tổng số hộ',
      'Số hộ nghèo',
      'Số hộ cận nghèo',
      'Hộ nghèo DTTS',
      'Số hộ thoát nghèo',
      'Số hộ tái nghèo',
      'Số hộ nghèo phát sinh',
    ]);
    expect(pov.getCell('C3').dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(pov.getCell('A4').value).toBe('06103');

    const guide = wb.getWorksheet('Hướng dẫn');
    const text = (guide?.getColumn(1).values ?? []).filter((v): v is string => typeof v === 'string').join('\n');
    expect(text).toContain('Đạt');
    expect(text).toContain('20/12/2018');
    expect(text).toContain('Bỏ bảo vệ trang tính');
  });

  it('is a valid form: the parser reads a filled template without issues', async () => {
    const criteria = (n: number): Record<string, string> =>
      Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`tc${i + 1}`, i < n ? 'Đạt' : 'Chưa đạt']));
    const wb = buildUnitWorkbook({
      unit: district,
      communes,
      programmes: ['ntm', 'giam_ngheo'],
      criteriaSet: set,
      fill: {
        ntm: {
          rows: [
            { commune: '00178', name: 'Xã Hoàng Đồng', ...criteria(19), recognisedYear: 2016 },
            { commune: '06103', name: 'Xã Mai Pha', ...criteria(7) },
          ],
        },
        giam_ngheo: {
          rows: [
            { commune: '06103', name: 'Xã Mai Pha', households: 1450, poor: 300, nearPoor: '1.000', poorEthnic: 250 },
            { commune: '00178', name: 'Xã Hoàng Đồng', households: '2.345', poor: 45, nearPoor: 80, poorEthnic: 0 },
          ],
          columnOrder: ['name', 'households', 'commune', 'poor', 'nearPoor', 'poorEthnic'],
          extraTitleRows: ['(Kèm theo báo cáo số 1/BC-UBND)'],
        },
      },
    });
    await saveWorkbookAtomic(wb, join(dir, 'a.xlsx'));
    const raw = await new XlsxWorkbookGateway({ dir }).read('a.xlsx', ['NTM', 'Giảm nghèo']);
    const pov = raw.sheets.find((s) => s.name === 'Giảm nghèo');
    expect(pov?.rows[2]?.slice(0, 3)).toEqual(['Tên xã', 'Tổng số hộ', 'Mã xã']);

    const hierarchy = new Hierarchy([province, district, ...communes]);
    const parsed = parseUnitWorkbook(raw, { unit: district, hierarchy, criteriaSet: set, baselines: new Map(), currentYear: 2018 }, ['ntm', 'giam_ngheo']);
    expect(parsed.issues).toEqual([]);
    expect(parsed.submission.ntm?.map((r) => [r.commune, r.criteria.filter(Boolean).length, r.recognisedYear])).toEqual([
      ['00178', 19, 2016],
      ['06103', 7, undefined],
    ]);
    expect(parsed.submission.giam_ngheo).toEqual([
      expect.objectContaining({ commune: '06103', households: 1450, poor: 300, nearPoor: 1000, poorEthnic: 250 }),
      expect.objectContaining({ commune: '00178', households: 2345, poor: 45, nearPoor: 80, poorEthnic: 0 }),
    ]);
  });
});
