import { describe, expect, it } from 'vitest';
import { parseControlWorkbook, readDueDate } from '../../shared/forms/control-workbook.js';
import type { SheetIssue } from '../../shared/domain/issue.js';
import type { RawCell, RawWorkbook } from '../../shared/forms/raw-sheet.js';
import { sheet } from './fixtures.js';

const UNITS_HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'];
const GOOD_UNITS: RawCell[][] = [
  ['20', 'Tỉnh Lạng Sơn', 'tỉnh', null, null, null, 'vp@langson.gov.vn'],
  ['181', 'Huyện Tràng Định', 'Huyện', '20', null, 'trang-dinh.xlsx', 'a@td.gov.vn; b@td.gov.vn'],
  ['06052', 'Xã Hùng Sơn', 'xa', '181', 'xã biên giới; xã ĐBKK', null, null],
  ['06055', 'Xã Đại Đồng', 'XÃ', 181, ' Xã  biên giới ', null, null],
  ['182', 'Huyện Văn Lãng', 'huyen', '20', null, 'van-lang.xlsx', null],
  ['06100', 'Xã Tân Mỹ', 'xã', '182', 'xã biên giới', null, null],
];
const unitsSheet = (rows: RawCell[][] = GOOD_UNITS) => sheet('Đơn vị', [UNITS_HEADER, ...rows]);
const workbook = (...sheets: ReturnType<typeof sheet>[]): RawWorkbook => ({ sheets });
const issuesOf = (issues: SheetIssue[], tab: string) => issues.filter((i) => i.tab === tab).map((i) => [i.code, i.severity, i.cell ?? null]);

describe('parseControlWorkbook: Đơn vị', () => {
  it('reads units, levels, groups, workbooks and e-mails', () => {
    const c = parseControlWorkbook(workbook(unitsSheet()));
    expect(c.units.map((u) => [u.code, u.level, u.parent ?? null])).toEqual([
      ['20', 'tinh', null],
      ['181', 'huyen', '20'],
      ['06052', 'xa', '181'],
      ['06055', 'xa', '181'],
      ['182', 'huyen', '20'],
      ['06100', 'xa', '182'],
    ]);
    expect(c.units[1]).toEqual({
      code: '181',
      name: 'Huyện Tràng Định',
      level: 'huyen',
      parent: '20',
      groups: [],
      workbook: 'trang-dinh.xlsx',
      emails: ['a@td.gov.vn', 'b@td.gov.vn'],
    });
    expect(c.units[2]?.groups).toEqual(['xã biên giới', 'xã ĐBKK']);
    expect(c.units[3]?.groups).toEqual(['xã biên giới']);
    // Other tabs missing: warnings and empty lists.
    expect(c.targets).toEqual([]);
    expect(c.baselines).toEqual([]);
    expect(c.schedule).toEqual([]);
    expect(c.recipients).toEqual([]);
    expect(c.issues.map((i) => [i.code, i.severity, i.tab])).toEqual([
      ['tab_missing', 'warning', 'Chỉ tiêu'],
      ['tab_missing', 'warning', 'Số liệu đầu kỳ'],
      ['tab_missing', 'warning', 'Lịch báo cáo'],
      ['tab_missing', 'warning', 'Người nhận'],
    ]);
  });

  it('is an error when the Đơn vị tab is missing', () => {
    const c = parseControlWorkbook(workbook(sheet('Chỉ tiêu', [['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu']])));
    expect(c.units).toEqual([]);
    expect(c.issues[0]).toMatchObject({ code: 'tab_missing', severity: 'error', tab: 'Đơn vị' });
    expect(c.issues[0]?.message).toContain('"Chỉ tiêu"');
  });

  it('drops rows with errors and reports each at its cell', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet([
          ...GOOD_UNITS,
          ['06052', 'Xã Hùng Sơn (trùng)', 'xã', '181'], // row 8: duplicate
          ['06200', 'Thôn Nà Pàn', 'thôn', '181'], // row 9: bad level
          ['06300', 'Xã Lạ', 'xã', '999'], // row 10: unknown parent
          ['183', 'Huyện Thử', 'huyện', '06200'], // row 11: parent row rejected
          ['06400', null, 'xã', '181'], // row 12: no name
          [null, 'Xã Không Mã', 'xã', '181'], // row 13: no code
          ['06500', 'Xã Mai Pha', 'xã', '181', null, null, 'dung@td.gov.vn, sai-dia-chi'], // row 14: one bad e-mail
        ]),
      ),
    );
    expect(issuesOf(c.issues, 'Đơn vị')).toEqual([
      ['unit_duplicate', 'error', 'A8'],
      ['level_invalid', 'error', 'C9'],
      ['value_missing', 'error', 'B12'],
      ['unit_code_missing', 'error', 'A13'],
      ['email_invalid', 'warning', 'G14'],
      ['parent_unknown', 'error', 'D10'],
      ['parent_unknown', 'error', 'D11'],
    ]);
    expect(c.units.map((u) => u.code)).toEqual(['20', '181', '06052', '06055', '182', '06100', '06500']);
    expect(c.units.find((u) => u.code === '06052')?.name).toBe('Xã Hùng Sơn');
    expect(c.units.find((u) => u.code === '06500')?.emails).toEqual(['dung@td.gov.vn']);
    const unknownParent = c.issues.find((i) => i.cell === 'D10');
    expect(unknownParent?.value).toBe('999');
  });

  it('turns codes typed as numbers into text, restoring zeros of known parents', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet([
          ['20', 'Tỉnh Lạng Sơn', 'tỉnh', null],
          [181, 'Huyện Tràng Định', 'huyện', 20],
          ['0181', 'Xã Giả', 'xã', 181], // parent 181 is a code as typed: no restoring needed
          ['06052', 'Xã Hùng Sơn', 'xã', 181],
          ['06055', 'Xã Đại Đồng', 'xã', '181'],
          ['00007', 'Thị xã Bảy', 'huyện', '20'],
          ['00008', 'Phường Tám', 'xã', 7], // 7 -> 00007
        ]),
      ),
    );
    expect(c.units.map((u) => [u.code, u.parent ?? null])).toEqual([
      ['20', null],
      ['181', '20'],
      ['0181', '181'],
      ['06052', '181'],
      ['06055', '181'],
      ['00007', '20'],
      ['00008', '00007'],
    ]);
    expect(issuesOf(c.issues, 'Đơn vị')).toEqual([
      ['code_not_text', 'warning', 'A3'],
      ['code_not_text', 'warning', 'D8'],
    ]);
  });

  it('rejects parent loops and warns about a non-province without a parent', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet([
          ['20', 'Tỉnh Lạng Sơn', 'tỉnh', null],
          ['181', 'Huyện A', 'huyện', '182'],
          ['182', 'Huyện B', 'huyện', '181'],
          ['06052', 'Xã Hùng Sơn', 'xã', '181'],
          ['06099', 'Xã Mồ Côi', 'xã', null],
          ['06098', 'Xã Tự Quản', 'xã', '06098'],
        ]),
      ),
    );
    expect(c.units.map((u) => u.code)).toEqual(['20', '06099']);
    expect(issuesOf(c.issues, 'Đơn vị')).toEqual([
      ['parent_missing', 'warning', 'D6'],
      ['parent_cycle', 'error', 'D7'],
      ['parent_cycle', 'error', 'D3'],
      ['parent_cycle', 'error', 'D4'],
      ['parent_unknown', 'error', 'D5'],
    ]);
  });
});

const TARGETS_HEADER = ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu', 'So sánh', 'Ghi chú'];

describe('parseControlWorkbook: Chỉ tiêu', () => {
  const targetsSheet = (rows: RawCell[][]) => sheet('Chỉ tiêu', [['CHỈ TIÊU KẾ HOẠCH NĂM 2018'], TARGETS_HEADER, ...rows]);
  // Data starts on row 3.

  it('reads targets with scope, decimals, operator and source', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet(),
        targetsSheet([
          ['ntm', 2018, '20', 'ntm.standard', 48, null, 'KH 42/KH-UBND'],
          ['NTM', '2018', 'nhóm:xã biên giới', 'ntm.avg_criteria', '9,35', '>='],
          ['ntm', 2018, 'Nhom: XÃ BIÊN GIỚI', 'ntm.criterion.2', '28%', '≥'],
          ['Giảm nghèo', '2017', 181, 'poverty.rate_reduction_pp', '2,50', null],
          ['giam_ngheo', '2017', '182', 'poverty.rate', 30.5, '<='],
          ['ntm', '2018', '20', 'ntm.bucket.lt5', 0, '='],
        ]),
      ),
    );
    expect(issuesOf(c.issues, 'Chỉ tiêu')).toEqual([]);
    expect(c.targets).toEqual([
      {
        programme: 'ntm',
        period: '2018',
        scope: '20',
        indicator: 'ntm.standard',
        target: 48,
        decimals: 0,
        op: '>=',
        note: 'KH 42/KH-UBND',
        source: 'Chỉ tiêu!E3',
      },
      {
        programme: 'ntm',
        period: '2018',
        scope: 'nhóm:xã biên giới',
        indicator: 'ntm.avg_criteria',
        target: 9.35,
        decimals: 2,
        op: '>=',
        source: 'Chỉ tiêu!E4',
      },
      { programme: 'ntm', period: '2018', scope: 'nhóm:xã biên giới', indicator: 'ntm.criterion.2', target: 28, decimals: 0, op: '>=', source: 'Chỉ tiêu!E5' },
      {
        programme: 'giam_ngheo',
        period: '2017',
        scope: '181',
        indicator: 'poverty.rate_reduction_pp',
        target: 2.5,
        decimals: 2,
        op: '>=',
        source: 'Chỉ tiêu!E6',
      },
      { programme: 'giam_ngheo', period: '2017', scope: '182', indicator: 'poverty.rate', target: 30.5, decimals: 1, op: '<=', source: 'Chỉ tiêu!E7' },
      { programme: 'ntm', period: '2018', scope: '20', indicator: 'ntm.bucket.lt5', target: 0, decimals: 0, op: '=', source: 'Chỉ tiêu!E8' },
    ]);
  });

  it('accepts a reporting-rate target under any programme, whose deadline then applies', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet(),
        targetsSheet([
          ['ntm', 2018, '20', 'reporting.rate', 100],
          ['giam_ngheo', 2018, '20', 'reporting.on_time_rate', '95,5'],
        ]),
      ),
    );
    expect(issuesOf(c.issues, 'Chỉ tiêu')).toEqual([]);
    expect(c.targets.map((t) => [t.programme, t.indicator, t.target])).toEqual([
      ['ntm', 'reporting.rate', 100],
      ['giam_ngheo', 'reporting.on_time_rate', 95.5],
    ]);
  });

  it('reports each bad row at its cell and drops it', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet(),
        targetsSheet([
          ['ntm', 2018, '20', 'ntm.standart', 48], // 3
          ['ntm', 2018, '999', 'ntm.standard', 48], // 4
          ['ntm', '20x8', '20', 'ntm.standard', 48], // 5
          ['ntm', 2018, '20', 'ntm.standard', 48, '<'], // 6
          ['ntm', 2018, '20', 'poverty.rate', 10], // 7
          ['ntm', 2018, '20', 'ntm.standard', '1,955'], // 8
          ['nong_thon', 2018, '20', 'ntm.standard', 48], // 9
          ['ntm', 2018, '20', 'ntm.standard', null], // 10
          ['ntm', 2030, '20', 'ntm.standard', 48], // 11: no criteria set covers 2030
          ['ntm', 2018, 'nhóm:xã khác', 'ntm.standard', 5], // 12: unknown group, kept
        ]),
      ),
    );
    expect(issuesOf(c.issues, 'Chỉ tiêu')).toEqual([
      ['indicator_unknown', 'error', 'D3'],
      ['scope_unknown', 'error', 'C4'],
      ['period_invalid', 'error', 'B5'],
      ['op_invalid', 'error', 'F6'],
      ['indicator_programme_mismatch', 'error', 'D7'],
      ['number_ambiguous', 'error', 'E8'],
      ['programme_invalid', 'error', 'A9'],
      ['value_missing', 'error', 'E10'],
      ['indicator_unknown', 'error', 'D11'],
      ['group_unknown', 'warning', 'C12'],
    ]);
    expect(c.issues.find((i) => i.cell === 'D3' && i.tab === 'Chỉ tiêu')?.hint).toContain('ntm.standard');
    expect(c.issues.find((i) => i.cell === 'D11')?.message).toContain('2030');
    expect(c.issues.find((i) => i.cell === 'C12')?.hint).toContain('"xã biên giới"');
    expect(c.targets.map((t) => [t.scope, t.source])).toEqual([['nhóm:xã khác', 'Chỉ tiêu!E12']]);
  });

  it('accepts poverty targets for periods without an NTM criteria set', () => {
    const c = parseControlWorkbook(workbook(unitsSheet(), targetsSheet([['giam_ngheo', 2030, '20', 'poverty.rate', 5, '<=']])));
    expect(issuesOf(c.issues, 'Chỉ tiêu')).toEqual([]);
    expect(c.targets).toHaveLength(1);
  });
});

describe('parseControlWorkbook: Số liệu đầu kỳ, Lịch báo cáo, Người nhận', () => {
  it('reads baselines as counts, rejecting bad rows', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet(),
        sheet('Số liệu đầu kỳ', [
          ['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
          ['181', 2017, '8.410', '2.021', null],
          [6052, '2017', 1000, 300, 100], // zeros restored: 06052
          ['181', '2017', 1, 1, 0], // duplicate
          ['999', '2017', 10, 1, 0], // unknown unit
          ['182', '2017', '13,5', 1, 0], // not whole
          ['06100', '2017', 100, 90, 20], // exceeds
        ]),
      ),
    );
    expect(c.baselines).toEqual([
      { unit: '181', period: '2017', households: 8410, poor: 2021 },
      { unit: '06052', period: '2017', households: 1000, poor: 300, nearPoor: 100 },
    ]);
    expect(issuesOf(c.issues, 'Số liệu đầu kỳ')).toEqual([
      ['code_not_text', 'warning', 'A3'],
      ['baseline_duplicate', 'error', 'A4'],
      ['unit_unknown', 'error', 'A5'],
      ['number_not_whole', 'error', 'C6'],
      ['poverty_exceeds_households', 'error', 'C7'],
    ]);
  });

  it('reads the schedule with dd/mm/yyyy text, date cells and an optional scope', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet(),
        sheet('Lịch báo cáo', [
          ['Chương trình', 'Kỳ', 'Hạn nộp', 'Đơn vị'],
          ['ntm', 2018, '31/12/2018'],
          ['giam_ngheo', '2017', new Date(Date.UTC(2017, 11, 15)), '181'],
          ['ntm', '2018-Q3', '5/10/2018'],
          ['ntm', 2019, '31/02/2019'], // no such day
          ['ntm', 2019, '2019-12-31', '999'], // unknown scope
          ['dtts', 2023, 45291], // date cell read without formatting: 2023-12-31
        ]),
      ),
    );
    expect(c.schedule).toEqual([
      { programme: 'ntm', period: '2018', due: '2018-12-31' },
      { programme: 'giam_ngheo', period: '2017', due: '2017-12-15', scope: '181' },
      { programme: 'ntm', period: '2018-Q3', due: '2018-10-05' },
      // An impossible date is an error on its cell; the programme stays scheduled without a deadline.
      { programme: 'ntm', period: '2019' },
      { programme: 'dtts', period: '2023', due: '2023-12-31' },
    ]);
    expect(issuesOf(c.issues, 'Lịch báo cáo')).toEqual([
      ['date_invalid', 'error', 'C5'],
      ['scope_unknown', 'error', 'D6'],
    ]);
  });

  it('reads recipients with the default role', () => {
    const c = parseControlWorkbook(
      workbook(
        unitsSheet(),
        sheet('Người nhận', [
          ['Email', 'Vai trò', 'Đơn vị'],
          ['vp@langson.gov.vn', null, null],
          ['lanhdao@td.gov.vn', 'Lãnh đạo', '181'],
          ['td@td.gov.vn', 'Văn Phòng', null],
          ['không-phải-email', null, null],
          ['x@y.vn', null, '999'],
        ]),
      ),
    );
    expect(c.recipients).toEqual([
      { email: 'vp@langson.gov.vn', role: 'văn phòng' },
      { email: 'lanhdao@td.gov.vn', role: 'Lãnh đạo', scope: '181' },
      { email: 'td@td.gov.vn', role: 'văn phòng' },
    ]);
    expect(issuesOf(c.issues, 'Người nhận')).toEqual([
      ['email_invalid', 'error', 'A5'],
      ['scope_unknown', 'error', 'C6'],
    ]);
  });

  it('reports an unusable header and keeps the other tabs', () => {
    const c = parseControlWorkbook(workbook(unitsSheet(), sheet('Người nhận', [['Địa chỉ'], ['a@b.vn']])));
    expect(c.recipients).toEqual([]);
    expect(c.units).toHaveLength(6);
    expect(issuesOf(c.issues, 'Người nhận')).toEqual([['header_not_found', 'error', null]]);
  });
});

describe('readDueDate', () => {
  it('reads the accepted shapes and nothing else', () => {
    expect(readDueDate('31/12/2018')).toBe('2018-12-31');
    expect(readDueDate(' 1-7-2018 ')).toBe('2018-07-01');
    expect(readDueDate('2018-12-31')).toBe('2018-12-31');
    expect(readDueDate('29/02/2020')).toBe('2020-02-29');
    expect(readDueDate('29/02/2019')).toBeUndefined();
    expect(readDueDate('12/31/2018')).toBeUndefined();
    expect(readDueDate('31/12/18')).toBeUndefined();
    expect(readDueDate(true)).toBeUndefined();
    expect(readDueDate(43465)).toBe('2018-12-31');
    expect(readDueDate(5)).toBeUndefined();
  });
});
