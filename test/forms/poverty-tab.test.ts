import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../shared/domain/config.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import { parsePovertyTab } from '../../shared/programmes/giam_ngheo/poverty-tab.js';
import type { RawCell } from '../../shared/forms/raw-sheet.js';
import { context, sheet } from './fixtures.js';

const HEADER = [
  'Mã xã',
  'Tên xã',
  'Tổng số hộ',
  'Số hộ nghèo',
  'Số hộ cận nghèo',
  'Hộ nghèo DTTS',
  'Số hộ thoát nghèo',
  'Số hộ tái nghèo',
  'Số hộ nghèo phát sinh',
];
const TITLE: RawCell[][] = [['KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2017'], ['Huyện Tràng Định']];
// Data starts on sheet row 4.
const parse = (rows: RawCell[][], baselines: Baseline[] = []) => parsePovertyTab(sheet('Giảm nghèo', [...TITLE, HEADER, ...rows]), context(baselines));

const baseline = (code: string, households: number, poor: number): Baseline => ({ unit: unitCode(code), period: periodId('2017'), households, poor });

describe('parsePovertyTab', () => {
  it('reads counts written the Bắc Kạn way (Vietnamese thousands, text or numbers)', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', '11.125', '320', '1 210', '290', null, null, null],
      ['06055', 'Đại Đồng', 9875, 3531, 1200, null, null, null, null],
      ['06058', 'Thất Khê', '6\u00a0850', '3.070', '0', null, null, null, null],
    ]);
    expect(r.tabOk).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([
      { commune: '06052', name: 'Hùng Sơn', households: 11125, poor: 320, nearPoor: 1210, poorEthnic: 290 },
      { commune: '06055', name: 'Đại Đồng', households: 9875, poor: 3531, nearPoor: 1200 },
      { commune: '06058', name: 'Thất Khê', households: 6850, poor: 3070, nearPoor: 0 },
    ]);
  });

  it('requires the three main counts', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', '11.125', null, '1.210'],
      ['06055', 'Đại Đồng', 9875, 3531, 1200],
      ['06058', 'Thất Khê', 6850, 3070, 0],
    ]);
    expect(r.issues).toMatchObject([{ code: 'value_missing', severity: 'error', cell: 'D4' }]);
    expect(r.issues[0]?.message).toBe('Chưa nhập số hộ nghèo của Xã Hùng Sơn.');
    expect(r.erroredCommunes).toEqual(['06052']);
    expect(r.rows.map((x) => x.commune)).toEqual(['06055', '06058']);
  });

  it('rejects counts that are not whole, negative, ambiguous or formula errors, with the cell', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', '13,8', 3, 1],
      ['06055', 'Đại Đồng', 9875, '1,955', { error: '#DIV/0!' }],
      ['06058', 'Thất Khê', 6850, -1, 0, null, '2.5'],
    ]);
    expect(r.issues.map((i) => [i.code, i.cell, i.value])).toEqual([
      ['number_not_whole', 'C4', '13,8'],
      ['number_ambiguous', 'D5', '1,955'],
      ['formula_error', 'E5', '#DIV/0!'],
      ['number_negative', 'D6', '-1'],
      ['number_not_whole', 'G6', '2.5'],
    ]);
    expect(r.issues[1]?.message).toContain('Số hộ nghèo: ');
    expect(r.rows).toEqual([]);
    expect(r.erroredCommunes).toEqual(['06052', '06055', '06058']);
  });

  it('rejects poor + near-poor above the households', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', 1000, 600, 500],
      ['06055', 'Đại Đồng', 1000, 600, 400],
      ['06058', 'Thất Khê', 1000, 0, 0],
    ]);
    expect(r.issues).toMatchObject([{ code: 'poverty_exceeds_households', severity: 'error', cell: 'C4', value: '1000' }]);
    expect(r.issues[0]?.message).toBe('Xã Hùng Sơn: số hộ nghèo (600) cộng số hộ cận nghèo (500) bằng 1.100, nhiều hơn tổng số hộ (1.000).');
    expect(r.rows.map((x) => x.commune)).toEqual(['06055', '06058']);
  });

  it('rejects poor ethnic-minority households above the poor', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', 1000, 300, 100, 301],
      ['06055', 'Đại Đồng', 1000, 300, 100, 300],
      ['06058', 'Thất Khê', 1000, 0, 0],
    ]);
    expect(r.issues).toMatchObject([{ code: 'poor_ethnic_exceeds_poor', severity: 'error', cell: 'F4', value: '301' }]);
    expect(r.rows.map((x) => x.commune)).toEqual(['06055', '06058']);
  });

  it('checks the poverty flow against the baseline (warning, row kept)', () => {
    const baselines = [baseline('06052', 7251, 3347), baseline('06055', 9875, 3531), baseline('06058', 6850, 3070)];
    const r = parse(
      [
        // 3347 - 300 + 10 + 20 = 3077: holds.
        ['06052', 'Hùng Sơn', '7.251', '3.077', 900, null, 300, 10, 20],
        // 3531 - 332 + 0 + 0 = 3199, typed 3.230: off by 31.
        ['06055', 'Đại Đồng', '9.875', '3.230', 900, null, '332', null, null],
        // No flow typed: nothing to check.
        ['06058', 'Thất Khê', '6.850', '2.000', 900],
      ],
      baselines,
    );
    expect(r.rows.map((x) => x.commune)).toEqual(['06052', '06055', '06058']);
    expect(r.rows[0]).toMatchObject({ escaped: 300, relapsed: 10, newPoor: 20 });
    expect(r.issues).toMatchObject([{ code: 'poverty_flow_mismatch', severity: 'warning', cell: 'D5', value: '3.230' }]);
    // Staff cannot open the office's control workbook: the hint says who holds the baseline.
    expect(r.issues[0]?.hint).toContain('Số hộ nghèo đầu kỳ (3.531)');
    expect(r.issues[0]?.hint).toContain('liên hệ văn phòng điều phối');
    expect(r.issues[0]?.hint).not.toContain('tệp cấu hình');
    expect(r.issues[0]?.message).toBe(
      'Xã Đại Đồng: số hộ nghèo 3.230 không khớp với đầu kỳ 3.531 − thoát nghèo 332 + tái nghèo 0 + phát sinh 0 = 3.199 (lệch 31).',
    );
  });

  it('does not check the flow without a baseline', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', 7251, 3000, 900, null, 300, 10, 20],
      ['06055', 'Đại Đồng', 1, 0, 0],
      ['06058', 'Thất Khê', 1, 0, 0],
    ]);
    expect(r.issues).toEqual([]);
  });

  it('shares the commune rules of the NTM tab', () => {
    const r = parse([
      ['06052', 'Hùng Sơn', 1000, 300, 100],
      ['06052', 'Hùng Sơn', 1000, 300, 100],
      ['06100', 'Tân Mỹ', 1000, 300, 100],
      [null, 'Tổng cộng', 2000, 600, 200],
    ]);
    expect(r.issues.map((i) => [i.code, i.cell])).toEqual([
      ['commune_duplicate', 'A5'],
      ['commune_outside_unit', 'A6'],
      ['commune_code_missing', 'A7'],
      ['commune_row_missing', undefined],
      ['commune_row_missing', undefined],
    ]);
  });

  it('rejects the tab when a required column is missing', () => {
    const r = parsePovertyTab(
      sheet('Giảm nghèo', [
        ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo'],
        ['06052', 'Hùng Sơn', 1000, 300],
      ]),
      context(),
    );
    expect(r.tabOk).toBe(false);
    expect(r.issues).toMatchObject([{ code: 'column_missing', cell: 'E1' }]);
  });
});
