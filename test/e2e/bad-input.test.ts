import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicator, runJson, type RunJsonDoc } from '../support/cli.js';
import { readTab, writeFixtureWorkbook, type FixtureCell } from '../support/xlsx-fixture.js';

/**
 * A small province written with plain exceljs (as another tool would), with every kind of bad
 * input the forms contract names, run through the real command line.
 */

const CRITERIA = Array.from({ length: 19 }, (_, i) => i + 1);

async function writeConfig(ws: string): Promise<void> {
  await writeFixtureWorkbook(join(ws, 'config.xlsx'), [
    {
      name: 'Đơn vị',
      rows: [
        ['DANH MỤC ĐƠN VỊ'],
        ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
        ['01', 'Tỉnh Thử', 'tỉnh', null, null, null, null],
        ['001', 'Huyện A', 'huyện', '01', null, 'a.xlsx', 'huyena@tinh.example'],
        ['002', 'Huyện B', 'huyện', '01', null, 'b.xlsx', 'huyenb@tinh.example'],
        ['003', 'Huyện C', 'huyện', '01', null, 'c.xlsx', null],
        ['004', 'Huyện D', 'huyện', '01', null, 'd.xlsx', null],
        ['00001', 'Xã Một', 'xã', '001', 'xã biên giới', null, null],
        ['00002', 'Xã Hai', 'xã', '001', null, null, null],
        ['00003', 'Xã Ba', 'xã', '001', null, null, null],
        ['00004', 'Xã Bốn', 'xã', '002', 'xã biên giới', null, null],
        ['00005', 'Xã Năm', 'xã', '002', null, null, null],
        ['00006', 'Xã Sáu', 'xã', '003', null, null, null],
        ['00007', 'Xã Bảy', 'xã', '004', null, null, null],
      ],
    },
    {
      name: 'Chỉ tiêu',
      rows: [
        ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu', 'So sánh', 'Ghi chú'],
        ['ntm', '2024', '01', 'ntm.standard', 3, '>=', null],
        ['giam_ngheo', '2024', '01', 'poverty.rate', '10', '<=', null],
      ],
    },
    { name: 'Số liệu đầu kỳ', rows: [['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo']] },
    {
      name: 'Lịch báo cáo',
      rows: [
        ['Chương trình', 'Kỳ', 'Hạn nộp'],
        ['ntm', '2024', '20/12/2024'],
        ['giam_ngheo', '2024', '20/12/2024'],
      ],
    },
    {
      name: 'Người nhận',
      rows: [
        ['Email', 'Vai trò', 'Đơn vị'],
        ['vanphong@tinh.example', 'văn phòng', null],
      ],
    },
  ]);
}

/** Huyện A: title rows, moved columns (TC19 first), aliases, and errors. */
function ntmA(fixed: boolean): FixtureCell[][] {
  const header: FixtureCell[] = [
    'Tên xã',
    'Mã xã',
    'TC19 - Quốc phòng và An ninh',
    ...CRITERIA.slice(0, 18).map((n) => `TC${n}`),
    'Năm công nhận',
    'Ghi chú',
    'Cột thêm',
  ];
  const all = (v: FixtureCell): FixtureCell[] => CRITERIA.map(() => v);
  // Xã Hai: criteria 1-10 met via aliases, 11-19 not met.
  const mixed: FixtureCell[] = [
    'x',
    'Đạt',
    1,
    true,
    'đạt',
    '✓',
    'có',
    'Đạt',
    'Đạt',
    'Đạt',
    'chưa đạt',
    0,
    false,
    'không đạt',
    'không',
    'Chưa đạt',
    'Chưa đạt',
    'Chưa đạt',
  ];
  // columns after the names: TC19 then TC1..TC18
  const row3 = all('Đạt');
  if (!fixed) {
    row3[5] = null; // TC5 blank -> column H (A,B names; C = TC19; D = TC1 ... H = TC5)
    row3[2] = '=1+1'; // TC2, column E: formula-looking text
  }
  const rows: FixtureCell[][] = [
    ['BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2024'],
    ['Huyện A'],
    header,
    ['Xã Một', '00001', 'Đạt', ...all('Đạt').slice(0, 18), 2023, null, 'thừa'],
    ['Xã Hai', '00002', 'Chưa đạt', ...mixed, null, null, null],
    ['Xã Ba', '00003', row3[0] ?? null, ...row3.slice(1), null, null, null],
    [null, null, null],
  ];
  if (!fixed) rows.push(['Xã Bốn', '00004', ...all('Đạt'), null, null, null]);
  return rows;
}

function povertyA(fixed: boolean): FixtureCell[][] {
  return [
    ['SỐ LIỆU HỘ NGHÈO'],
    ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
    ['00001', 'Xã Một', '1.234', 100, '50'],
    ['00002', 'Xã Hai', 800, fixed ? 70 : '1,955', 40],
    ['00003', 'Xã Ba', 900, fixed ? 60 : { formula: '1/0', result: { error: '#DIV/0!' } }, 30],
  ];
}

function ntmB(): FixtureCell[][] {
  return [
    ['Mã xã', 'Tên xã', ...CRITERIA.map((n) => `TC${n}`)],
    ['00004', 'Xã Bốn', ...CRITERIA.map(() => 'Đạt')],
    ['00005', 'Xã Năm', ...CRITERIA.map((n) => (n <= 12 ? 'Đạt' : 'Chưa đạt'))],
  ];
}

describe('bad input through the command line', () => {
  let ws: string;
  const runs: RunJsonDoc[] = [];

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-bad-'));
    await writeConfig(ws);
    await import('node:fs/promises').then((fs) => fs.mkdir(join(ws, 'units'), { recursive: true }));
    await writeFixtureWorkbook(join(ws, 'units', 'a.xlsx'), [
      { name: 'NTM', rows: ntmA(false) },
      { name: 'Giảm nghèo', rows: povertyA(false) },
    ]);
    await writeFixtureWorkbook(join(ws, 'units', 'b.xlsx'), [{ name: 'NTM', rows: ntmB() }]);
    await writeFile(join(ws, 'units', 'c.xlsx'), 'this is not a zip file');
    runs.push(await runJson(ws, ['--as-of', '2024-12-25']));
  });

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('gives every unit its status and processes the others', () => {
    const status = Object.fromEntries(runs[0]!.units.map((u) => [u.code, u.status]));
    expect(status).toEqual({ '001': 'invalid', '002': 'invalid', '003': 'unreadable', '004': 'missing' });
  });

  it('reports each problem with its tab and cell', () => {
    const issues = runs[0]!.issues.filter((i) => i.unit === '001');
    const at = (code: string) => issues.filter((i) => i.code === code).map((i) => `${i.tab}!${i.cell}`);
    expect(at('criterion_missing')).toEqual(['NTM!H6']);
    expect(at('criterion_invalid')).toEqual(['NTM!E6']);
    expect(at('commune_outside_unit')).toEqual(['NTM!B8']);
    expect(at('number_ambiguous')).toEqual(['Giảm nghèo!D4']);
    expect(at('formula_error')).toEqual(['Giảm nghèo!D5']);
    expect(at('column_extra')).toEqual(['NTM!X3']);
    const b = runs[0]!.issues.filter((i) => i.unit === '002');
    expect(b.map((i) => i.code)).toContain('tab_missing');
    for (const i of runs[0]!.issues) expect(i.message).toMatch(/[À-ỹ]/); // Vietnamese text
  });

  it('counts only rows without errors', () => {
    const doc = runs[0]!;
    expect(indicator(doc, '01', 'ntm.communes')).toBe(4);
    expect(indicator(doc, '01', 'ntm.standard')).toBe(2);
    expect(indicator(doc, '00002', 'ntm.criterion.10')).toBe(1);
    expect(indicator(doc, '00002', 'ntm.criterion.11')).toBe(0);
    expect(indicator(doc, '01', 'poverty.households')).toBe(1234);
    expect(indicator(doc, '01', 'poverty.rate')).toBeCloseTo((100 / 1234) * 100, 10);
    expect(indicator(doc, 'nhóm:xã biên giới', 'ntm.communes')).toBe(2);
  });

  it('evaluates targets after the deadline and raises the alerts', () => {
    const doc = runs[0]!;
    expect(doc.targets.map((t) => [t.indicator, t.status])).toEqual([
      ['ntm.standard', 'missed'],
      ['poverty.rate', 'met'],
    ]);
    const kinds = doc.alerts.map((a) => `${a.kind}:${a.unit}`).sort();
    expect(kinds).toEqual(expect.arrayContaining(['data_invalid:001', 'data_invalid:002', 'unit_unreadable:003', 'report_missing:004', 'target_missed:01']));
    const invalidA = doc.alerts.find((a) => a.kind === 'data_invalid' && a.unit === '001');
    expect(invalidA?.recipients).toEqual(['huyena@tinh.example', 'vanphong@tinh.example']);
  });

  it('writes the feedback tab with text values, never formulas', async () => {
    const rows = await readTab(join(ws, 'units', 'a.xlsx'), 'Kết quả kiểm tra');
    const flat = rows.flat().filter((v) => v !== undefined && v !== null);
    expect(flat).toContain('=1+1');
    expect(flat.some((v) => typeof v === 'string' && v.includes('H6'))).toBe(true);
    // staff's tabs are untouched
    const ntm = await readTab(join(ws, 'units', 'a.xlsx'), 'NTM');
    expect(ntm[5]?.[4]).toBe('=1+1');
    expect(ntm[0]?.[0]).toBe('BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM 2024');
  });

  it('sends one digest per recipient, in Vietnamese, HTML and text', async () => {
    const files = (await readdir(join(ws, 'outbox'))).filter((f) => f.endsWith('.eml'));
    const mails = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(ws, 'outbox', f)))));
    const to = mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text).sort();
    expect(to).toEqual(['huyena@tinh.example', 'huyenb@tinh.example', 'vanphong@tinh.example']);
    const office = mails.find((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text === 'vanphong@tinh.example');
    expect(office?.subject).toMatch(/cảnh báo/i);
    expect(office?.html).toContain('Huyện C');
    expect(office?.text).toContain('Huyện D');
  });

  it('follows a fix, keeps the last good data of a broken workbook, and is quiet when nothing changed', async () => {
    await writeFixtureWorkbook(join(ws, 'units', 'a.xlsx'), [
      { name: 'NTM', rows: ntmA(true) },
      { name: 'Giảm nghèo', rows: povertyA(true) },
    ]);
    const fixedRun = await runJson(ws, ['--as-of', '2024-12-25']);
    expect(fixedRun.units.find((u) => u.code === '001')?.status).toBe('ok');
    expect(indicator(fixedRun, '01', 'ntm.communes')).toBe(5);
    expect(indicator(fixedRun, '01', 'poverty.households')).toBe(1234 + 800 + 900);

    await writeFile(join(ws, 'units', 'b.xlsx'), 'corrupted after a good run');
    const brokenRun = await runJson(ws, ['--as-of', '2024-12-25']);
    expect(brokenRun.units.find((u) => u.code === '002')?.status).toBe('unreadable');
    expect(indicator(brokenRun, '01', 'ntm.communes')).toBe(5); // Huyện B's last accepted rows stay

    const mailsBefore = (await readdir(join(ws, 'outbox'))).length;
    const mtimes = async () => Promise.all(['units/a.xlsx', 'summary.xlsx'].map(async (f) => (await stat(join(ws, f))).mtimeMs));
    const before = await mtimes();
    const quiet = await runJson(ws, ['--as-of', '2024-12-25']);
    expect(quiet.units.find((u) => u.code === '001')?.status).toBe('unchanged');
    // An unreadable workbook is tried again on every run (the failure may be passing).
    expect(quiet.units.find((u) => u.code === '002')?.status).toBe('unreadable');
    expect(quiet.alerts.some((a) => a.kind === 'unit_unreadable' && a.unit === '002')).toBe(true);
    expect((await readdir(join(ws, 'outbox'))).length).toBe(mailsBefore);
    expect(await mtimes()).toEqual(before);
    expect(indicator(quiet, '01', 'ntm.communes')).toBe(5);
  });

  it('flags a report that arrives after the deadline as late, and no longer missing', async () => {
    await writeFixtureWorkbook(join(ws, 'units', 'd.xlsx'), [
      {
        name: 'NTM',
        rows: [
          ['Mã xã', 'Tên xã', ...CRITERIA.map((n) => `TC${n}`)],
          ['00007', 'Xã Bảy', ...CRITERIA.map(() => 'Đạt')],
        ],
      },
      {
        name: 'Giảm nghèo',
        rows: [
          ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
          ['00007', 'Xã Bảy', 500, 20, 10],
        ],
      },
    ]);
    const late = await runJson(ws, ['--as-of', '2024-12-28']);
    expect(late.units.find((u) => u.code === '004')?.status).toBe('ok');
    const kinds = late.alerts.filter((a) => a.unit === '004').map((a) => a.kind);
    expect(kinds).toEqual(['report_late']);
    expect(indicator(late, '01', 'ntm.standard')).toBe(4); // 00001, 00003 (fixed), 00004, 00007
    expect(late.targets.find((t) => t.indicator === 'ntm.standard')?.status).toBe('met');
  });
});
