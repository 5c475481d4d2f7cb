import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicator, runJson, type RunJsonDoc } from '../support/cli.js';
import { writeFixtureWorkbook, type FixtureCell } from '../support/xlsx-fixture.js';

/**
 * One workspace over three periods, through the real command line and .xlsx files on disk: 2024
 * and 2025 (the 2021-2025 set, with `Mức đạt` and the gain between them) and 2030 (no set yet:
 * NTM is one finding, poverty still runs). Huyện B's workbook was made for other criteria sets.
 */

const tc = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `TC${from + i}`);
const met = (n: number): FixtureCell[] => Array.from({ length: 19 }, (_, i) => (i < n ? 'Đạt' : 'Chưa đạt'));

async function writeConfig(ws: string): Promise<void> {
  const schedule = ['2024', '2025', '2030'].flatMap((p) => [
    ['ntm', p, `20/12/${p}`],
    ['giam_ngheo', p, `20/12/${p}`],
  ]);
  await writeFixtureWorkbook(join(ws, 'config.xlsx'), [
    {
      name: 'Đơn vị',
      rows: [
        ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
        ['01', 'Tỉnh Thử', 'tỉnh', null, null, null, null],
        ['001', 'Huyện A', 'huyện', '01', null, 'a.xlsx', null],
        ['002', 'Huyện B', 'huyện', '01', null, 'b.xlsx', null],
        ['00001', 'Xã Một', 'xã', '001', null, null, null],
        ['00002', 'Xã Hai', 'xã', '001', null, null, null],
        ['00003', 'Xã Ba', 'xã', '002', null, null, null],
      ],
    },
    {
      name: 'Chỉ tiêu',
      rows: [
        ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu', 'So sánh', 'Ghi chú'],
        ['ntm', '2025', '01', 'ntm.at_least.15.pct', 100, '>=', null],
        ['ntm', '2025', '01', 'ntm.avg_gain', 1, '>=', null],
        ['ntm', '2018', '01', 'ntm.at_least.15', 1, '>=', 'không có trong bộ 2016-2020'],
      ],
    },
    { name: 'Số liệu đầu kỳ', rows: [['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo']] },
    { name: 'Lịch báo cáo', rows: [['Chương trình', 'Kỳ', 'Hạn nộp'], ...schedule] },
    {
      name: 'Người nhận',
      rows: [
        ['Email', 'Vai trò', 'Đơn vị'],
        ['vanphong@tinh.example', 'văn phòng', null],
      ],
    },
  ]);
}

const poverty = (codes: [string, string][]): { name: string; rows: FixtureCell[][] } => ({
  name: 'Giảm nghèo',
  rows: [['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'], ...codes.map(([c, n]): FixtureCell[] => [c, n, 1000, 100, 50])],
});

async function writeA(ws: string, year: 2024 | 2025): Promise<void> {
  const header: FixtureCell[] = ['Mã xã', 'Tên xã', ...tc(1, 19), 'Năm công nhận', 'Mức đạt'];
  const rows: FixtureCell[][] =
    year === 2024
      ? [
          ['00001', 'Xã Một', ...met(17), null, null],
          ['00002', 'Xã Hai', ...met(16), null, null],
        ]
      : [
          ['00001', 'Xã Một', ...met(19), 2025, 'Kiểu mẫu'],
          ['00002', 'Xã Hai', ...met(17), null, null],
        ];
  await writeFixtureWorkbook(join(ws, 'units', 'a.xlsx'), [
    { name: 'NTM', rows: [header, ...rows] },
    poverty([
      ['00001', 'Xã Một'],
      ['00002', 'Xã Hai'],
    ]),
  ]);
}

/** 2024: a 10-criteria workbook; 2025: 19 criteria and a TC20. */
async function writeB(ws: string, year: 2024 | 2025): Promise<void> {
  const header: FixtureCell[] = ['Mã xã', 'Tên xã', ...(year === 2024 ? tc(1, 10) : tc(1, 20))];
  const row: FixtureCell[] = ['00003', 'Xã Ba', ...(year === 2024 ? met(10) : [...met(19), 'Đạt'])];
  await writeFixtureWorkbook(join(ws, 'units', 'b.xlsx'), [{ name: 'NTM', rows: [['BÁO CÁO NTM'], header, row] }, poverty([['00003', 'Xã Ba']])]);
}

describe('criteria sets follow the period, through the command line', () => {
  let ws: string;
  let y2024: RunJsonDoc;
  let y2025: RunJsonDoc;
  let y2030: RunJsonDoc;

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-sets-'));
    await writeConfig(ws);
    await mkdir(join(ws, 'units'), { recursive: true });
    await writeA(ws, 2024);
    await writeB(ws, 2024);
    y2024 = await runJson(ws, ['--period', '2024', '--as-of', '2024-12-25']);
    await writeA(ws, 2025);
    await writeB(ws, 2025);
    y2025 = await runJson(ws, ['--period', '2025', '--as-of', '2025-12-25']);
    y2030 = await runJson(ws, ['--period', '2030', '--as-of', '2030-10-01']);
  }, 120_000);

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('refuses criterion columns of another set with one finding on the header row', () => {
    const b2024 = y2024.issues.filter((i) => i.unit === '002' && i.tab === 'NTM');
    expect(b2024.map((i) => [i.code, i.cell])).toEqual([['criteria_columns_mismatch', 'A2']]);
    expect(b2024[0]?.message).toContain('thiếu TC11-TC19');
    const b2025 = y2025.issues.filter((i) => i.unit === '002' && i.tab === 'NTM');
    expect(b2025.map((i) => [i.code, i.cell])).toEqual([['criteria_columns_mismatch', 'V2']]);
    expect(b2025[0]?.message).toContain('thừa TC20');
    expect(y2025.units.find((u) => u.code === '002')?.status).toBe('invalid');
    // Nothing of B's NTM tab was counted; its poverty tab was.
    expect(indicator(y2025, '002', 'ntm.communes')).toBeUndefined();
    expect(indicator(y2025, '002', 'poverty.households')).toBe(1000);
  });

  it('reads Mức đạt and gives the from-2021 indicators their values', () => {
    expect(y2025.units.find((u) => u.code === '001')?.status).toBe('ok');
    expect(indicator(y2025, '01', 'ntm.model')).toBe(1);
    expect(indicator(y2025, '01', 'ntm.advanced.pct')).toBe(50);
    expect(indicator(y2025, '01', 'ntm.at_least.15.pct')).toBe(100);
  });

  it('gives ntm.avg_gain between the 2024 and the 2025 period, and evaluates its target', () => {
    // Xã Một 17 -> 19, Xã Hai 16 -> 17.
    expect(indicator(y2025, '01', 'ntm.avg_gain')).toBe(1.5);
    expect(indicator(y2025, '00002', 'ntm.avg_gain')).toBe(1);
    expect(indicator(y2024, '01', 'ntm.avg_gain')).toBeUndefined(); // 2023 is not in the store
    expect(y2025.targets.find((t) => t.indicator === 'ntm.avg_gain')).toMatchObject({ unit: '01', value: 1.5, status: 'met' });
    expect(y2025.targets.find((t) => t.indicator === 'ntm.at_least.15.pct')?.status).toBe('met');
  });

  it('rejects a from-2021 indicator in a 2016-2020 target', () => {
    expect(y2025.issues.some((i) => i.unit === 'config' && i.tab === 'Chỉ tiêu' && i.value?.includes('ntm.at_least.15') === true)).toBe(true);
  });

  it('a period without a set is one NTM finding; poverty still runs', () => {
    const missing = y2030.issues.filter((i) => i.code === 'criteria_set_missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ unit: 'config', severity: 'error', tab: 'Lịch báo cáo' });
    expect(missing[0]?.message).toContain('Kỳ 2030 chưa có bộ tiêu chí');
    expect(y2030.indicators.filter((i) => i.programme === 'ntm')).toEqual([]);
    expect(indicator(y2030, '01', 'poverty.households')).toBe(3000);
    // The units are not blamed for it: no NTM finding in their workbooks.
    expect(y2030.issues.filter((i) => i.unit !== 'config' && i.tab === 'NTM')).toEqual([]);
    expect(y2030.units.map((u) => u.status)).toEqual(['ok', 'ok']);
  });
});
