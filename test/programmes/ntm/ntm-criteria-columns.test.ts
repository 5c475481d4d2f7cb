import { describe, expect, it } from 'vitest';
import { periodId } from '../../../shared/domain/ids.js';
import { requireCriteriaSet } from '../../../shared/domain/criteria-sets.js';
import { criterionNumberOf } from '../../../shared/programmes/ntm/ntm-criteria-columns.js';
import { parseNtmTab } from '../../../shared/programmes/ntm/ntm-tab.js';
import type { RawCell } from '../../../shared/forms/raw-sheet.js';
import { context, ntmHeader, ntmRow, sheet, TITLE_ROWS } from '../../forms/fixtures.js';

const tc = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `TC${from + i}`);

describe('NTM criterion columns against the period set', () => {
  it('reads the criterion number of a header as the header mapping does', () => {
    expect(['TC2', 'tc 2', 'TC2 - Giao thông', 'TC2: x', 'TC2 (x)', 'TC12'].map(criterionNumberOf)).toEqual([2, 2, 2, 2, 2, 12]);
    expect(['TCVN', 'TC2a', 'Mã xã', 'Tiêu chí 2'].map(criterionNumberOf)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('refuses a 10-criteria workbook against the 19-criteria set with one finding on the header row', () => {
    const header: RawCell[] = ['Mã xã', 'Tên xã', ...tc(1, 10), 'Năm công nhận'];
    const row: RawCell[] = ['06052', 'Hùng Sơn', ...tc(1, 10).map(() => 'Đạt'), null];
    const r = parseNtmTab(sheet('NTM', [...TITLE_ROWS, header, row]), context());
    expect(r.tabOk).toBe(false);
    expect(r.rows).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'criteria_columns_mismatch', severity: 'error', tab: 'NTM', cell: 'A4' });
    expect(r.issues[0]?.message).toContain('thiếu TC11-TC19');
    expect(r.issues[0]?.message).toContain('19 tiêu chí');
  });

  it('refuses a TC20 column and points at it, keeping the other header findings', () => {
    const header: RawCell[] = [...ntmHeader(), 'TC20 - Khác', 'Người lập'];
    const r = parseNtmTab(sheet('NTM', [header, ntmRow('06052', 'Hùng Sơn', 19)]), context());
    expect(r.tabOk).toBe(false);
    const mismatch = r.issues.filter((i) => i.code === 'criteria_columns_mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]?.cell).toBe('X1');
    expect(mismatch[0]?.message).toContain('thừa TC20');
    expect(mismatch[0]?.message).not.toContain('thiếu');
    // `Người lập` is still an extra column; TC20 is not reported twice.
    expect(r.issues.filter((i) => i.code === 'column_extra').map((i) => i.value)).toEqual(['Người lập']);
  });

  it('accepts the columns of the set in any order and spelling', () => {
    const header = ntmHeader().map((h) => h.replace(/^TC(\d+)/, 'tc $1'));
    const r = parseNtmTab(sheet('NTM', [header.reverse(), ntmRow('06052', 'Hùng Sơn', 19).reverse()]), context());
    expect(r.issues.filter((i) => i.code === 'criteria_columns_mismatch')).toEqual([]);
  });

  it('checks against the set of the period: the 2021-2025 set is 19 criteria too', () => {
    const set2024 = requireCriteriaSet(periodId('2024'));
    const header: RawCell[] = ['Mã xã', 'Tên xã', ...tc(1, 10)];
    const r = parseNtmTab(sheet('NTM', [header]), { ...context(), criteriaSet: set2024 });
    expect(r.issues[0]?.message).toContain(set2024.title);
  });
});
