import { describe, expect, it } from 'vitest';
import type { SheetIssue } from '../../shared/domain/issue.js';
import { parseNtmTab } from '../../shared/programmes/ntm/ntm-tab.js';
import type { RawCell } from '../../shared/forms/raw-sheet.js';
import { context, ntmHeader, ntmRow, sheet, TITLE_ROWS } from './fixtures.js';

const ALL = 19;
const parse = (rows: RawCell[][]) => parseNtmTab(sheet('NTM', [...TITLE_ROWS, ntmHeader(), ...rows]), context());
// Data starts on sheet row 5 (three title rows, the header on row 4).
const codes = (issues: SheetIssue[]) => issues.map((i) => i.code);
const errors = (issues: SheetIssue[]) => issues.filter((i) => i.severity === 'error');

describe('parseNtmTab', () => {
  it('accepts a complete tab of the unit', () => {
    const r = parse([
      ntmRow('06052', 'Xã Hùng Sơn', ALL, { year: 2017 }),
      ntmRow('06055', 'Đại Đồng', 10, { note: 'Xã biên giới' }),
      ntmRow('06058', 'Thị trấn Thất Khê', [1, 3, 5]),
    ]);
    expect(r.tabOk).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.erroredCommunes).toEqual([]);
    expect(r.rows).toHaveLength(3);
    expect(r.rows[0]).toEqual({ commune: '06052', name: 'Xã Hùng Sơn', criteria: Array(19).fill(true), recognisedYear: 2017 });
    expect(r.rows[1]?.criteria.filter(Boolean)).toHaveLength(10);
    expect(r.rows[1]?.note).toBe('Xã biên giới');
    expect(r.rows[2]?.criteria.map((m, i) => (m ? i + 1 : 0)).filter((n) => n > 0)).toEqual([1, 3, 5]);
  });

  it('accepts the other spellings of a criterion result', () => {
    const r = parse([
      ntmRow('06052', 'Hùng Sơn', [], {
        override: { 1: 'x', 2: '✓', 3: 1, 4: true, 5: 'có', 6: 'đạt', 7: 'TRUE', 8: 'không', 9: 0, 10: false, 11: 'không đạt' },
      }),
      ntmRow('06055', 'Đại Đồng', ALL),
      ntmRow('06058', 'Thất Khê', ALL),
    ]);
    expect(r.issues).toEqual([]);
    expect(r.rows[0]?.criteria.slice(0, 12)).toEqual([true, true, true, true, true, true, true, false, false, false, false, false]);
  });

  it('skips blank rows and reads data after them', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', ALL), [], [null, '  ', null], ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL), [], []]);
    expect(r.issues).toEqual([]);
    expect(r.rows.map((x) => x.commune)).toEqual(['06052', '06055', '06058']);
  });

  it('rejects a blank criterion, with its cell, and lists the commune as errored', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', ALL, { override: { 2: null } }), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL)]);
    expect(r.rows.map((x) => x.commune)).toEqual(['06055', '06058']);
    expect(r.erroredCommunes).toEqual(['06052']);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'criterion_missing', severity: 'error', tab: 'NTM', cell: 'D5', value: '' });
    expect(r.issues[0]?.message).toContain('TC2 (Giao thông)');
  });

  it('rejects an invalid criterion value and quotes it', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', ALL, { override: { 19: 'đạt chuẩn' } }), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL)]);
    expect(r.issues).toMatchObject([{ code: 'criterion_invalid', cell: 'U5', value: 'đạt chuẩn' }]);
    expect(r.erroredCommunes).toEqual(['06052']);
  });

  it('rejects a row without a commune code', () => {
    const r = parse([ntmRow(null, 'Hùng Sơn', ALL), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL)]);
    expect(errors(r.issues)).toMatchObject([{ code: 'commune_code_missing', cell: 'A5' }]);
    // The commune without a code has no row: it is reported as missing too.
    expect(r.issues.filter((i) => i.code === 'commune_row_missing').map((i) => i.message)).toEqual(['Chưa có dòng nào cho Xã Hùng Sơn (mã 06052).']);
    expect(r.erroredCommunes).toEqual([]);
  });

  it('rejects unknown codes, with a hint when the zeros were dropped', () => {
    const r = parse([ntmRow('99999', 'Xã Lạ', ALL), ntmRow('6052', 'Hùng Sơn', ALL)]);
    expect(errors(r.issues).map((i) => [i.code, i.cell, i.value])).toEqual([
      ['commune_unknown', 'A5', '99999'],
      ['commune_unknown', 'A6', '6052'],
    ]);
    expect(r.issues[1]?.hint).toContain('"06052"');
    // Staff have no control workbook to check against: the hint says who keeps the list.
    for (const i of errors(r.issues)) {
      expect(i.hint).toContain('văn phòng điều phối');
      expect(i.hint).not.toContain('tệp cấu hình');
    }
  });

  it('recovers a code typed as a number, with a warning', () => {
    const r = parse([ntmRow(6052, 'Hùng Sơn', ALL), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL)]);
    expect(r.rows.map((x) => x.commune)).toEqual(['06052', '06055', '06058']);
    expect(r.issues).toMatchObject([{ code: 'code_not_text', severity: 'warning', cell: 'A5', value: '6052' }]);
  });

  it('rejects a unit that is not a commune', () => {
    const r = parse([ntmRow('181', 'Huyện Tràng Định', ALL)]);
    expect(errors(r.issues)).toMatchObject([{ code: 'not_a_commune', cell: 'A5', value: '181' }]);
  });

  it('rejects a commune of another district and names that district', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', ALL), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL), ntmRow('06100', 'Tân Mỹ', ALL)]);
    expect(r.rows).toHaveLength(3);
    const e = errors(r.issues);
    expect(e).toMatchObject([{ code: 'commune_outside_unit', cell: 'A8', value: '06100' }]);
    expect(e[0]?.message).toBe('Xã Tân Mỹ (mã 06100) thuộc Huyện Văn Lãng, không thuộc Huyện Tràng Định.');
    // Not this unit's commune: it is not this unit's errored commune either.
    expect(r.erroredCommunes).toEqual([]);
  });

  it('rejects a second row for the same commune', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', ALL), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06052', 'Hùng Sơn', 5), ntmRow('06058', 'Thất Khê', ALL)]);
    expect(errors(r.issues)).toMatchObject([{ code: 'commune_duplicate', cell: 'A7', value: '06052' }]);
    expect(errors(r.issues)[0]?.message).toContain('dòng 5');
    expect(r.rows.map((x) => x.commune)).toEqual(['06052', '06055', '06058']);
    expect(r.rows[0]?.criteria.every(Boolean)).toBe(true);
    expect(r.erroredCommunes).toEqual([]);
  });

  it('warns when the name differs from the hierarchy, ignoring the level word, case and tone placement', () => {
    const r = parse([ntmRow('06052', 'xã hùng  sơn', ALL), ntmRow('06055', 'Xã Đại Đồng', ALL), ntmRow('06058', 'Xã Tân Mỹ', ALL)]);
    expect(r.rows).toHaveLength(3);
    expect(r.issues).toMatchObject([{ code: 'commune_name_mismatch', severity: 'warning', cell: 'B7', value: 'Xã Tân Mỹ' }]);
    expect(r.issues[0]?.message).toContain('"Thị trấn Thất Khê"');
  });

  it('checks the recognition year', () => {
    const r = parse([
      ntmRow('06052', 'Hùng Sơn', ALL, { year: '2016' }),
      ntmRow('06055', 'Đại Đồng', ALL, { year: 2019 }),
      ntmRow('06058', 'Thất Khê', ALL, { year: 'năm 2015' }),
    ]);
    expect(r.rows.map((x) => [x.commune, x.recognisedYear])).toEqual([['06052', 2016]]);
    expect(errors(r.issues).map((i) => [i.code, i.cell, i.value])).toEqual([
      ['year_invalid', 'V6', '2019'],
      ['year_invalid', 'V7', 'năm 2015'],
    ]);
    expect(parse([ntmRow('06052', 'Hùng Sơn', ALL, { year: 2009 })]).issues.some((i) => i.code === 'year_invalid')).toBe(true);
    expect(parse([ntmRow('06052', 'Hùng Sơn', ALL, { year: 2017.5 })]).issues.some((i) => i.code === 'year_invalid')).toBe(true);
  });

  it('warns when a recognised commune does not meet every criterion', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', 17, { year: 2017 }), ntmRow('06055', 'Đại Đồng', ALL), ntmRow('06058', 'Thất Khê', ALL)]);
    expect(r.rows).toHaveLength(3);
    expect(r.rows[0]?.recognisedYear).toBe(2017);
    expect(r.issues).toMatchObject([{ code: 'recognised_not_standard', severity: 'warning', cell: 'V5', value: '2017' }]);
    expect(r.issues[0]?.message).toContain('TC18, TC19');
  });

  it('warns about each commune of the unit without a row', () => {
    const r = parse([ntmRow('06055', 'Đại Đồng', ALL)]);
    expect(r.issues.map((i) => [i.code, i.severity, i.cell])).toEqual([
      ['commune_row_missing', 'warning', undefined],
      ['commune_row_missing', 'warning', undefined],
    ]);
    expect(r.issues.map((i) => i.message).sort()).toEqual([
      'Chưa có dòng nào cho Thị trấn Thất Khê (mã 06058).',
      'Chưa có dòng nào cho Xã Hùng Sơn (mã 06052).',
    ]);
  });

  it('rejects the whole tab with one finding when a criterion column is missing', () => {
    const header = ntmHeader().filter((h) => !h.startsWith('TC7 '));
    const r = parseNtmTab(sheet('NTM', [header, ntmRow('06052', 'Hùng Sơn', ALL).filter((_, i) => i !== 8)]), context());
    expect(r.tabOk).toBe(false);
    expect(r.rows).toEqual([]);
    expect(codes(r.issues)).toEqual(['criteria_columns_mismatch']);
    expect(r.issues[0]?.message).toContain('thiếu TC7');
  });

  it('keeps the issue order of the rows and quotes values as read', () => {
    const r = parse([ntmRow('06052', 'Hùng Sơn', ALL, { override: { 1: { error: '#REF!' } } }), ntmRow('06055', 'Đại Đồng', ALL, { override: { 3: 'đ' } })]);
    expect(errors(r.issues).map((i) => [i.code, i.cell, i.value])).toEqual([
      ['formula_error', 'C5', '#REF!'],
      ['criterion_invalid', 'E6', 'đ'],
    ]);
    expect(r.erroredCommunes).toEqual(['06052', '06055']);
    for (const i of r.issues) {
      expect(i.tab).toBe('NTM');
      expect(i.message.length).toBeGreaterThan(10);
      expect(i.hint?.length ?? 0).toBeGreaterThan(10);
    }
  });
});
