import { describe, expect, it } from 'vitest';
import type { RawSheet } from '../../shared/forms/raw-sheet.js';
import { parseUnitWorkbook } from '../../shared/forms/unit-workbook.js';
import { context, ntmHeader, ntmRow, sheet } from './fixtures.js';

const ntmSheet = (name = 'NTM'): RawSheet =>
  sheet(name, [ntmHeader(), ntmRow('06052', 'Hùng Sơn', 19), ntmRow('06055', 'Đại Đồng', 12), ntmRow('06058', 'Thất Khê', 5, { override: { 4: null } })]);
const povertySheet = (name = 'Giảm nghèo'): RawSheet =>
  sheet(name, [
    ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
    ['06052', 'Hùng Sơn', 1000, 300, 100],
    ['06055', 'Đại Đồng', 1000, 700, 400],
    ['06058', 'Thất Khê', 1000, 100, 100],
  ]);

describe('parseUnitWorkbook', () => {
  it('parses the tabs of the scheduled programmes', () => {
    const r = parseUnitWorkbook({ sheets: [sheet('Hướng dẫn', [['Nhập số liệu']]), ntmSheet(), povertySheet()] }, context(), ['ntm', 'giam_ngheo']);
    expect(r.failedProgrammes).toEqual([]);
    expect(r.submission.ntm?.map((x) => x.commune)).toEqual(['06052', '06055']);
    expect(r.submission.giam_ngheo?.map((x) => x.commune)).toEqual(['06052', '06058']);
    expect(r.erroredCommunes).toEqual({ ntm: ['06058'], giam_ngheo: ['06055'] });
    expect(r.issues.map((i) => [i.tab, i.code, i.cell])).toEqual([
      ['NTM', 'criterion_missing', 'F4'],
      ['Giảm nghèo', 'poverty_exceeds_households', 'C3'],
    ]);
  });

  it('matches tab names loosely', () => {
    const r = parseUnitWorkbook({ sheets: [ntmSheet('ntm'), povertySheet(' GIẢM  NGHÈO ')] }, context(), ['ntm', 'giam_ngheo']);
    expect(r.failedProgrammes).toEqual([]);
    expect(r.submission.ntm).toHaveLength(2);
    expect(r.submission.giam_ngheo).toHaveLength(2);
  });

  it('reports a missing tab of a scheduled programme and lists the tabs found', () => {
    const r = parseUnitWorkbook({ sheets: [ntmSheet(), sheet('Sheet1', [])] }, context(), ['ntm', 'giam_ngheo']);
    expect(r.failedProgrammes).toEqual(['giam_ngheo']);
    expect(r.submission.giam_ngheo).toBeUndefined();
    expect(r.submission.ntm).toHaveLength(2);
    const missing = r.issues.filter((i) => i.code === 'tab_missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'error', tab: 'Giảm nghèo' });
    expect(missing[0]?.message).toContain('"NTM", "Sheet1"');
  });

  it('ignores tabs of unscheduled programmes and the dtts programme', () => {
    const r = parseUnitWorkbook({ sheets: [sheet('NTM', [['rác']]), povertySheet()] }, context(), ['giam_ngheo', 'dtts']);
    expect(r.failedProgrammes).toEqual([]);
    expect(r.submission.ntm).toBeUndefined();
    expect(r.issues.every((i) => i.tab === 'Giảm nghèo')).toBe(true);
  });

  it('fails a programme whose tab header cannot be mapped', () => {
    const r = parseUnitWorkbook({ sheets: [sheet('NTM', [['Danh sách xã'], ['06052']]), povertySheet()] }, context(), ['ntm', 'giam_ngheo']);
    expect(r.failedProgrammes).toEqual(['ntm']);
    expect(r.submission.ntm).toBeUndefined();
    expect(r.submission.giam_ngheo).toHaveLength(2);
    expect(r.issues.filter((i) => i.tab === 'NTM').map((i) => i.code)).toEqual(['header_not_found']);
  });

  it('warns about a second tab with the same name and reads the first', () => {
    const r = parseUnitWorkbook({ sheets: [ntmSheet(), sheet('ntm ', [['x']])] }, context(), ['ntm']);
    expect(r.failedProgrammes).toEqual([]);
    expect(r.issues.filter((i) => i.code === 'tab_duplicate')).toMatchObject([{ severity: 'warning', tab: 'ntm ' }]);
  });
});
