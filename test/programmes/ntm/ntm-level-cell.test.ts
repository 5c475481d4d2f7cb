import { describe, expect, it } from 'vitest';
import { requireCriteriaSet } from '../../../shared/domain/criteria-sets.js';
import { periodId } from '../../../shared/domain/ids.js';
import { parseLevelCell } from '../../../shared/programmes/ntm/ntm-level-cell.js';
import { parseNtmTab } from '../../../shared/programmes/ntm/ntm-tab.js';
import type { RawCell } from '../../../shared/forms/raw-sheet.js';
import { context, ntmHeader, ntmRow, sheet } from '../../forms/fixtures.js';

const set2025 = requireCriteriaSet(periodId('2025'));
const levels = set2025.levels ?? [];
const ctx2025 = () => ({ ...context(), criteriaSet: set2025, currentYear: 2025 });
const header2025 = (): RawCell[] => ['Mã xã', 'Tên xã', ...set2025.criteria.map((c) => `TC${c.no} - ${c.vi}`), 'Năm công nhận', 'Mức đạt', 'Ghi chú'];
const row2025 = (code: string, met: number, level: RawCell): RawCell[] => {
  const base = ntmRow(code, code, met);
  return [...base.slice(0, 21), null, level, null];
};

describe('Mức đạt', () => {
  it('reads the three levels, written as people write them', () => {
    const read = (v: RawCell) => {
      const r = parseLevelCell(v, levels);
      return r.ok ? r.level : 'error';
    };
    expect(
      ['NTM', 'ntm', 'Xã NTM', 'nâng cao', 'NÂNG CAO', ' nâng  cao ', 'NTM nâng cao', 'kiểu mẫu', 'Kiểu mẫu', 'kiểu mẫu'.normalize('NFD')].map(read),
    ).toEqual(['ntm', 'ntm', 'ntm', 'nang_cao', 'nang_cao', 'nang_cao', 'nang_cao', 'kieu_mau', 'kieu_mau', 'kieu_mau']);
    expect(read(null)).toBeUndefined();
    expect(read('  ')).toBeUndefined();
    expect(['đạt chuẩn', 'cao', 'x', 1].map(read)).toEqual(['error', 'error', 'error', 'error']);
  });

  it('unifies old and new tone-mark placement', () => {
    // `kiểu mẫu` has no such pair; a label that does (hoá/hóa) is matched the same way.
    const r = parseLevelCell('xã hoá', [{ id: 'hoa', label: 'xã hóa' }]);
    expect(r).toEqual({ ok: true, level: 'hoa' });
  });

  it('stores the level on the row and reports anything else on its cell with a hint', () => {
    const r = parseNtmTab(
      sheet('NTM', [header2025(), row2025('06052', 19, 'kiểu mẫu'), row2025('06055', 19, 'Nâng cao'), row2025('06058', 19, 'loại A')]),
      ctx2025(),
    );
    expect(r.rows.map((x) => [x.commune, x.level])).toEqual([
      ['06052', 'kieu_mau'],
      ['06055', 'nang_cao'],
    ]);
    const bad = r.issues.find((i) => i.code === 'level_invalid');
    expect(bad).toMatchObject({ severity: 'error', cell: 'W4', value: 'loại A' });
    expect(bad?.hint).toContain('"kiểu mẫu"');
    expect(r.erroredCommunes).toEqual(['06058']);
  });

  it('warns when a commune claims a level without every criterion', () => {
    const r = parseNtmTab(sheet('NTM', [header2025(), row2025('06052', 18, 'NTM')]), ctx2025());
    expect(r.rows[0]?.level).toBe('ntm');
    expect(r.issues.find((i) => i.code === 'level_not_standard')?.severity).toBe('warning');
  });

  it('is optional: a 2021-2025 workbook without the column is read as before', () => {
    const r = parseNtmTab(sheet('NTM', [ntmHeader(), ntmRow('06052', 'Hùng Sơn', 19)]), ctx2025());
    expect(r.tabOk).toBe(true);
    expect(r.rows[0]?.level).toBeUndefined();
  });

  it('in a 2016-2020 period the column is ignored with a warning', () => {
    const header: RawCell[] = [...ntmHeader().slice(0, 22), 'Mức đạt'];
    const r = parseNtmTab(sheet('NTM', [header, [...ntmRow('06052', 'Hùng Sơn', 19).slice(0, 22), 'kiểu mẫu']]), context());
    expect(r.rows[0]?.level).toBeUndefined();
    expect(r.issues.filter((i) => i.code === 'column_extra').map((i) => [i.value, i.severity])).toEqual([['Mức đạt', 'warning']]);
  });
});
