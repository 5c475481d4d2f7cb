import { describe, expect, it } from 'vitest';
import { parseNtmTab } from '../../shared/programmes/ntm/ntm-tab.js';
import { parsePovertyTab } from '../../shared/programmes/giam_ngheo/poverty-tab.js';
import type { RawCell, RawSheet } from '../../shared/forms/raw-sheet.js';
import { parseUnitWorkbook } from '../../shared/forms/unit-workbook.js';
import { context, ntmHeader, ntmRow, sheet } from './fixtures.js';

/** Rows as the template pre-fills them: code and name, every other cell blank. */
const blankRow = (code: string, name: string, width: number): RawCell[] => [code, name, ...Array<RawCell>(width).fill(null)];
const COMMUNES: [string, string][] = [
  ['06052', 'Xã Hùng Sơn'],
  ['06055', 'Xã Đại Đồng'],
  ['06058', 'Thị trấn Thất Khê'],
];
const POVERTY_HEADER = ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo', 'Hộ nghèo DTTS'];
const blankNtm = (): RawSheet => sheet('NTM', [['Biểu báo cáo'], ntmHeader(), ...COMMUNES.map(([c, n]) => blankRow(c, n, 21))]);
const blankPoverty = (): RawSheet => sheet('Giảm nghèo', [['Biểu báo cáo'], POVERTY_HEADER, ...COMMUNES.map(([c, n]) => blankRow(c, n, 4))]);

describe('a workbook as the template left it', () => {
  it('is one finding, not one error per empty cell, and the unit has not reported', () => {
    const r = parseUnitWorkbook({ sheets: [blankNtm(), blankPoverty()] }, context(), ['ntm', 'giam_ngheo']);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'data_not_entered', severity: 'warning', tab: '' });
    expect(r.issues[0]?.message).toContain('chưa nhập số liệu');
    expect(r.issues[0]?.message).toContain('"NTM", "Giảm nghèo"');
    expect(r.notEntered).toBe(true);
    expect(r.submission).toEqual({ ntm: [], giam_ngheo: [] });
    expect(r.erroredCommunes.ntm).toHaveLength(3);
  });

  it('says of one untouched tab that it is not entered, when the other tab has data', () => {
    const poverty = sheet('Giảm nghèo', [POVERTY_HEADER, ...COMMUNES.map(([c, n]) => [c, n, 1000, 100, 50, null])]);
    const r = parseUnitWorkbook({ sheets: [blankNtm(), poverty] }, context(), ['ntm', 'giam_ngheo']);
    expect(r.notEntered).toBe(false);
    expect(r.issues.map((i) => [i.code, i.severity, i.tab])).toEqual([['tab_not_entered', 'error', 'NTM']]);
    expect(r.submission.giam_ngheo).toHaveLength(3);
  });

  it('reports each row not yet entered once, on its first cell, when other rows are filled', () => {
    const r = parseNtmTab(
      sheet('NTM', [ntmHeader(), ntmRow('06052', 'Xã Hùng Sơn', 19), blankRow('06055', 'Xã Đại Đồng', 21), blankRow('06058', 'Thị trấn Thất Khê', 21)]),
      context(),
    );
    expect(r.untouched).toBe(false);
    expect(r.issues.map((i) => [i.code, i.cell])).toEqual([
      ['row_not_entered', 'C3'],
      ['row_not_entered', 'C4'],
    ]);
    expect(r.issues[0]?.message).toBe('Chưa nhập số liệu của Xã Đại Đồng (dòng 3): mới có mã và tên xã.');
    expect(r.rows.map((x) => x.commune)).toEqual(['06052']);
    expect(r.erroredCommunes).toEqual(['06055', '06058']);
  });

  it('still reports a partly filled row cell by cell', () => {
    const partial = blankRow('06055', 'Xã Đại Đồng', 21);
    partial[2] = 'Đạt';
    const r = parseNtmTab(sheet('NTM', [ntmHeader(), partial]), context());
    expect(r.untouched).toBe(false);
    expect(r.issues.filter((i) => i.code === 'criterion_missing')).toHaveLength(18);
  });

  it('counts a row with only a note or a year as entered', () => {
    const noted = blankRow('06055', 'Xã Đại Đồng', 21);
    noted[22] = 'đang rà soát';
    const r = parseNtmTab(sheet('NTM', [ntmHeader(), noted]), context());
    expect(r.untouched).toBe(false);
    expect(r.issues.some((i) => i.code === 'criterion_missing')).toBe(true);
  });

  it('treats an untouched poverty tab alike', () => {
    const r = parsePovertyTab(blankPoverty(), context());
    expect(r.untouched).toBe(true);
    expect(r.issues).toEqual([]);
  });
});
