import { describe, expect, it } from 'vitest';
import type { RawCell } from '../../../shared/forms/raw-sheet.js';
import { defaultDttsCatalogue } from '../../../shared/programmes/dtts/dtts-catalogue.js';
import { parseDttsTab, type DttsTabContext } from '../../../shared/programmes/dtts/dtts-tab.js';
import { dttsTemplateSheet } from '../../../shared/programmes/dtts/dtts-template.js';
import { districtCode, langSonHierarchy, sheet } from './fixtures.js';

const HEADER = ['Mã chỉ tiêu', 'Nội dung', 'Đơn vị tính', 'Kế hoạch', 'Thực hiện', 'Tổng số', 'Ghi chú'];
const unit = langSonHierarchy().get(districtCode('Bắc Sơn'));
if (!unit) throw new Error('fixture: Bắc Sơn');

const ctx: DttsTabContext = {
  unit,
  catalogue: defaultDttsCatalogue(),
  plans: new Map([
    ['da1.nha_o', 58],
    ['da4.duong_xa', 16],
    ['ct.xa_thoat_dbkk', 1],
  ]),
};

const parse = (rows: RawCell[][]) => parseDttsTab(sheet('DTTS', [['BIỂU BÁO CÁO DTTS'], HEADER, ...rows]), ctx);

describe('parseDttsTab', () => {
  it('reads the unit’s own rows, with Vietnamese number writing and case-insensitive codes', () => {
    const r = parse([
      ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 58, '60', null, 'vượt kế hoạch'],
      ['da4.DUONG_XA', 'Xã có đường ô tô đến trung tâm được rải nhựa/bê tông', 'xã', 16, 15, '16', null],
      ['DA3.khoan_bv_rung', 'Khoán bảo vệ rừng đặc dụng, phòng hộ', 'ha', null, '2.445,5', null, null],
    ]);
    expect(r.tabOk).toBe(true);
    expect(r.rows).toEqual([
      { unit: districtCode('Bắc Sơn'), code: 'DA1.nha_o', achieved: 60, note: 'vượt kế hoạch' },
      { unit: districtCode('Bắc Sơn'), code: 'DA4.duong_xa', achieved: 15, total: 16 },
      { unit: districtCode('Bắc Sơn'), code: 'DA3.khoan_bv_rung', achieved: 2445.5 },
    ]);
    expect(r.issues).toEqual([]);
  });

  it('puts an unknown code and a code twice as errors on their code cells', () => {
    const r = parse([
      ['DA1.nha_oo', 'Hỗ trợ nhà ở', 'hộ', null, 3, null, null],
      ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 58, 40, null, null],
      ['da1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 58, 12, null, null],
    ]);
    expect(r.issues.map((i) => [i.code, i.cell, i.severity])).toEqual([
      ['dtts_code_unknown', 'A3', 'error'],
      ['dtts_code_duplicate', 'A5', 'error'],
    ]);
    expect(r.issues[0]?.message).toBe('Mã chỉ tiêu "DA1.nha_oo" không có trong danh mục chỉ tiêu DTTS.');
    expect(r.issues[0]?.hint).toContain('Có phải: DA1.nha_o');
    expect(r.issues[1]?.hint).toBe('Mỗi chỉ tiêu chỉ một dòng. Gộp số liệu vào dòng 4 rồi xoá dòng 5.');
    expect(r.rows.map((x) => x.achieved)).toEqual([40]);
  });

  it('takes the control workbook’s plan: a differing Kế hoạch cell is only a warning, the row still counts', () => {
    const r = parse([
      ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 60, 30, null, null],
      ['DA1.dat_o', 'Hỗ trợ đất ở', 'hộ', 5, 2, null, null],
      ['CT.xa_thoat_dbkk', 'Xã thoát khỏi tình trạng đặc biệt khó khăn', 'xã', '1,955', 1, null, null],
    ]);
    expect(r.issues.map((i) => [i.code, i.cell, i.severity])).toEqual([
      ['dtts_plan_differs', 'D3', 'warning'],
      ['dtts_plan_not_assigned', 'D4', 'warning'],
      ['number_ambiguous', 'D5', 'warning'],
    ]);
    expect(r.issues[0]?.message).toBe('Kế hoạch của chỉ tiêu DA1.nha_o ghi 60, khác kế hoạch giao trong tệp cấu hình (58); số 58 được dùng.');
    expect(r.rows).toHaveLength(3);
  });

  it('rejects bad Thực hiện and Tổng số cells with their cell and a fix', () => {
    const r = parse([
      ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 58, '-3', null, null],
      ['DA1.dat_o', 'Hỗ trợ đất ở', 'hộ', null, '1,955', null, null],
      ['DA4.duong_xa', 'Xã có đường', 'xã', 16, 18, 17, null],
      ['DA4.duong_thon', 'Thôn có đường', 'thôn', null, 100, '120,5', null],
      ['DA3.khoanh_nuoi', 'Khoanh nuôi có trồng rừng bổ sung', 'ha', null, '#REF!', null, null],
      ['DA3.trong_rung_ph', 'Trồng rừng phòng hộ', 'ha', null, null, null, 'chưa có số'],
    ]);
    expect(r.issues.map((i) => [i.code, i.cell])).toEqual([
      ['number_negative', 'E3'],
      ['number_ambiguous', 'E4'],
      ['dtts_content_mismatch', 'B5'],
      ['dtts_achieved_exceeds_total', 'E5'],
      ['dtts_content_mismatch', 'B6'],
      ['number_not_whole', 'F6'],
      ['formula_error', 'E7'],
      ['value_missing', 'E8'],
    ]);
    expect(r.issues.find((i) => i.code === 'number_ambiguous')?.hint).toContain('1.955');
    expect(r.issues.find((i) => i.code === 'value_missing')?.hint).toContain('nhập 0 nếu chưa thực hiện');
    expect(r.rows).toEqual([]);
    expect(r.erroredCodes).toEqual(['da1.nha_o', 'da1.dat_o', 'da4.duong_xa', 'da4.duong_thon', 'da3.khoanh_nuoi', 'da3.trong_rung_ph']);
  });

  it('recognises the template as left untouched, and flags planned rows left blank once others are entered', () => {
    const layout = dttsTemplateSheet({ unit, catalogue: ctx.catalogue, plans: ctx.plans });
    const raw = [...layout.titleRows.map((t): RawCell[] => [t]), layout.columns.map((c) => c.header), ...layout.rows.map((r) => [...r])];
    const untouched = parseDttsTab(sheet('DTTS', raw), ctx);
    expect(untouched.untouched).toBe(true);
    expect(untouched.issues).toEqual([]);

    const oneFilled = raw.map((r, i) => (i === 3 ? r.map((v, c) => (c === 4 ? 50 : v)) : r));
    const partly = parseDttsTab(sheet('DTTS', oneFilled), ctx);
    expect(partly.untouched).toBe(false);
    expect(partly.rows.map((x) => x.code)).toEqual(['DA1.nha_o']);
    expect(partly.issues.map((i) => [i.code, i.cell])).toEqual([
      ['row_not_entered', 'E5'],
      ['row_not_entered', 'E6'],
    ]);
    expect(partly.issues[0]?.hint).toContain('đơn vị được giao kế hoạch');
  });

  it('rejects the tab when a required column is missing, and ignores extra columns with a warning', () => {
    const r = parseDttsTab(
      sheet('DTTS', [
        ['Mã chỉ tiêu', 'Nội dung', 'Kế hoạch', 'Ghi chú riêng'],
        ['DA1.nha_o', 'x', 58],
      ]),
      ctx,
    );
    expect(r.tabOk).toBe(false);
    expect(r.issues.map((i) => [i.code, i.cell, i.severity])).toEqual([
      ['column_extra', 'D1', 'warning'],
      ['column_missing', 'E1', 'error'],
    ]);
    expect(r.issues[1]?.message).toContain('"Thực hiện"');
  });
});
