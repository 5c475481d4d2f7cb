import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../shared/forms/header-map.js';
import type { RawCell } from '../../shared/forms/raw-sheet.js';
import type { TabSpec } from '../../shared/forms/tab-specs.js';
import { POVERTY_TAB } from '../../shared/programmes/giam_ngheo/poverty-tab-spec.js';
import { ntmTab } from '../../shared/programmes/ntm/ntm-tab-spec.js';
import { ntmHeader, sheet, TITLE_ROWS } from './fixtures.js';

const POVERTY_HEADER = [
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

describe('mapHeader', () => {
  it('maps the template header on row 1', () => {
    const m = mapHeader(sheet('Giảm nghèo', [POVERTY_HEADER]), POVERTY_TAB);
    expect(m.ok).toBe(true);
    expect(m.headerRow).toBe(1);
    expect(m.issues).toEqual([]);
    expect(Object.fromEntries(m.columns)).toEqual({
      commune: 1,
      name: 2,
      households: 3,
      poor: 4,
      nearPoor: 5,
      poorEthnic: 6,
      escaped: 7,
      relapsed: 8,
      newPoor: 9,
    });
  });

  it('finds the header row below title rows', () => {
    const m = mapHeader(sheet('NTM', [...TITLE_ROWS, ntmHeader()]), ntmTab(19));
    expect(m.ok).toBe(true);
    expect(m.headerRow).toBe(4);
    expect(m.columns.get('tc1')).toBe(3);
    expect(m.columns.get('tc19')).toBe(21);
    expect(m.columns.get('recognisedYear')).toBe(22);
  });

  it('finds moved columns and differently written headers', () => {
    const header: RawCell[] = [null, 'Số hộ cận nghèo', 'TỔNG  SỐ HỘ', ' mã xã ', 'Số hộ nghèo', 'Tên\u00a0xã'];
    const m = mapHeader(sheet('Giảm nghèo', [['Biểu số liệu hộ nghèo'], header]), POVERTY_TAB);
    expect(m.ok).toBe(true);
    expect(m.headerRow).toBe(2);
    expect(Object.fromEntries(m.columns)).toEqual({ nearPoor: 2, households: 3, commune: 4, poor: 5, name: 6 });
  });

  it('matches TC<n> by prefix, with free text after it, and never TC1 for TC10', () => {
    const spec = ntmTab(19);
    const header: RawCell[] = ['Mã xã', 'Tên xã'];
    // TC10..TC19 first so a naive prefix match would give them to TC1.
    for (let n = 19; n >= 1; n--) header.push(n === 2 ? 'TC2 - Giao thông' : n === 3 ? 'TC3: Thuỷ lợi' : n === 4 ? 'TC4 (Điện)' : n === 5 ? 'TC 5' : `TC${n}`);
    const m = mapHeader(sheet('NTM', [header]), spec);
    expect(m.ok).toBe(true);
    expect(m.issues).toEqual([]);
    expect(m.columns.get('tc10')).toBe(12);
    expect(m.columns.get('tc1')).toBe(21);
    expect(m.columns.get('tc2')).toBe(20);
    expect(m.columns.get('tc3')).toBe(19);
    expect(m.columns.get('tc4')).toBe(18);
    expect(m.columns.get('tc5')).toBe(17);
  });

  it('does not read TC10 as TC1 when TC1 is missing', () => {
    const header = ntmHeader().filter((h) => !h.startsWith('TC1 '));
    const m = mapHeader(sheet('NTM', [header]), ntmTab(19));
    expect(m.ok).toBe(false);
    expect(m.columns.has('tc1')).toBe(false);
    expect(m.columns.get('tc10')).toBeDefined();
    const missing = m.issues.filter((i) => i.code === 'column_missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]?.message).toContain('"TC1"');
  });

  it('reports a missing required column as an error at the header row', () => {
    const header = POVERTY_HEADER.filter((h) => h !== 'Tổng số hộ');
    const m = mapHeader(sheet('Giảm nghèo', [['Tiêu đề'], header]), POVERTY_TAB);
    expect(m.ok).toBe(false);
    expect(m.issues).toHaveLength(1);
    expect(m.issues[0]).toMatchObject({ code: 'column_missing', severity: 'error', tab: 'Giảm nghèo', cell: 'I2' });
    expect(m.issues[0]?.message).toContain('Tổng số hộ');
  });

  it('a missing optional column is fine', () => {
    const m = mapHeader(sheet('Giảm nghèo', [POVERTY_HEADER.slice(0, 5)]), POVERTY_TAB);
    expect(m.ok).toBe(true);
    expect(m.issues).toEqual([]);
    expect(m.columns.has('escaped')).toBe(false);
  });

  it('warns about an extra column, with a hint when it looks like a missing one', () => {
    const header = ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghéo', 'Số hộ cận nghèo', 'Người lập biểu'];
    const m = mapHeader(sheet('Giảm nghèo', [header]), POVERTY_TAB);
    expect(m.ok).toBe(false);
    const extras = m.issues.filter((i) => i.code === 'column_extra');
    expect(extras.map((i) => [i.cell, i.value, i.severity])).toEqual([
      ['D1', 'Số hộ nghéo', 'warning'],
      ['F1', 'Người lập biểu', 'warning'],
    ]);
    expect(extras[0]?.hint).toContain('"Số hộ nghèo"');
    expect(m.issues.filter((i) => i.code === 'column_missing').map((i) => i.message)).toEqual(['Thiếu cột bắt buộc "Số hộ nghèo" ở dòng tiêu đề (dòng 1).']);
  });

  it('uses the first of two columns for one field and warns', () => {
    const header = [...POVERTY_HEADER.slice(0, 5), 'Tổng số hộ'];
    const m = mapHeader(sheet('Giảm nghèo', [header]), POVERTY_TAB);
    expect(m.ok).toBe(true);
    expect(m.columns.get('households')).toBe(3);
    expect(m.issues).toMatchObject([{ code: 'column_duplicate', severity: 'warning', cell: 'F1', value: 'Tổng số hộ' }]);
  });

  it('reports a tab without a header row in its first 10 rows', () => {
    const rows: RawCell[][] = Array.from({ length: 10 }, (_, i) => [`Dòng ${i + 1}`]);
    rows.push(POVERTY_HEADER);
    const m = mapHeader(sheet('Giảm nghèo', rows), POVERTY_TAB);
    expect(m.ok).toBe(false);
    expect(m.headerRow).toBeUndefined();
    expect(m.issues).toMatchObject([{ code: 'header_not_found', severity: 'error', tab: 'Giảm nghèo' }]);
    expect(m.issues[0]?.cell).toBeUndefined();
    expect(mapHeader(sheet('Giảm nghèo', []), POVERTY_TAB).issues[0]?.code).toBe('header_not_found');
  });

  it('accepts header aliases', () => {
    const spec: TabSpec = {
      name: 'T',
      keyHeaders: ['Mã xã'],
      columns: [
        { field: 'commune', header: 'Mã xã', required: true, width: 10, aliases: ['Mã đơn vị'] },
        { field: 'households', header: 'Tổng số hộ', required: true, width: 10, aliases: ['Số hộ'] },
      ],
    };
    const m = mapHeader(sheet('T', [['Mã đơn vị', 'Số hộ']]), spec);
    expect(m.ok).toBe(true);
    expect(Object.fromEntries(m.columns)).toEqual({ commune: 1, households: 2 });
  });
});
