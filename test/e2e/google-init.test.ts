import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLORS } from '../../shared/adapters/google/sheet-requests.js';
import { FEEDBACK_TAB_NAME } from '../../shared/forms/tab-specs.js';
import { summaryTabNames } from '../../shared/publish/summary-tab-names.js';
import { NTM_SUMMARY_TAB } from '../../shared/programmes/ntm/summary-ntm-tab.js';
import { googleGatewayFactory } from '../../scripts/lib/google-deps.js';
import { initGoogle, type InitGoogleResult } from '../../shared/workspace/init-google.js';
import { runCli, type RunJsonDoc } from '../support/cli.js';
import { FAKE_SERVICE_ACCOUNT, FAKE_STAFF, FAKE_TOKEN, FakeGoogleServer, type SeedCell } from '../support/fake-google/fake-google-server.js';
import { cliRunGoogle, FAST, googleEnv, operations, tempDir } from '../support/google-e2e.js';

/**
 * `init --google` and `run --google` through the real command line against the fake Google
 * server: spreadsheets made from the templates, shared, IDs written back into the control
 * spreadsheet cell by cell, a re-run that creates nothing, and error marks placed and removed.
 */

const OFFICE = 'vanphong@tinh.example';
const AS_OF = '2024-12-25';
const met = (n: number): SeedCell[] => Array.from({ length: n }, () => 'Đạt');

let fake: FakeGoogleServer;
let folder: string;
let control: string;
let ws: string;
let first: InitGoogleResult;
let controlBefore: (string | number | boolean)[][];

async function init(): Promise<InitGoogleResult> {
  const res = await runCli(['init', '--google', '--folder', folder, '--config', control, '--json'], googleEnv(fake));
  expect(res.code, res.stderr).toBe(0);
  expect(`${res.stdout}${res.stderr}`).not.toContain(FAKE_TOKEN);
  return JSON.parse(res.stdout) as InitGoogleResult;
}

const unitId = (r: InitGoogleResult, code: string): string => {
  const id = r.units.find((u) => u.code === code)?.spreadsheetId;
  if (id === undefined) throw new Error(`no spreadsheet for ${code}`);
  return id;
};

beforeAll(async () => {
  fake = await FakeGoogleServer.start();
  ws = await tempDir('ntp-ginit-');
  folder = fake.createFolder('Văn phòng Điều phối NTM');
  control = fake.createSpreadsheet({
    title: 'Cấu hình MTQG',
    folderId: folder,
    tabs: [
      {
        title: 'Đơn vị',
        rows: [
          ['DANH MỤC ĐƠN VỊ', null, null, null, null, null, null, 'Ghi chú của văn phòng'],
          ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
          ['01', 'Tỉnh Thử', 'tỉnh', null, null, null, null],
          ['001', 'Huyện A', 'huyện', '01', null, 'tạo mới', 'huyena@tinh.example; ketoan.a@tinh.example', 'đã gọi điện'],
          ['002', 'Huyện B', 'huyện', '01', null, 'b.xlsx', 'huyenb@tinh.example'],
          ['003', 'Huyện C', 'huyện', '01', null, null, 'huyenc@tinh.example'],
          ['00001', 'Xã Một', 'xã', '001', 'xã biên giới', null, null],
          ['00002', 'Xã Hai', 'xã', '001', null, null, null],
          ['00003', 'Xã Ba', 'xã', '002', null, null, null],
          ['00004', 'Xã Bốn', 'xã', '003', null, null, null],
        ],
      },
      {
        title: 'Chỉ tiêu',
        rows: [
          ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu'],
          ['ntm', '2024', '01', 'ntm.standard', 2],
        ],
      },
      { title: 'Số liệu đầu kỳ', rows: [['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo']] },
      {
        title: 'Lịch báo cáo',
        rows: [
          ['Chương trình', 'Kỳ', 'Hạn nộp'],
          ['ntm', '2024', '20/12/2024'],
          ['giam_ngheo', '2024', '20/12/2024'],
        ],
      },
      {
        title: 'Người nhận',
        rows: [
          ['Email', 'Vai trò', 'Đơn vị'],
          [OFFICE, null, null],
          ['lanhdao@tinh.example', 'lãnh đạo', null],
        ],
      },
    ],
  });
  // Staff formatted a cell init will write into: the format must survive.
  fake.formatCell(control, 'Đơn vị', 'F4', { textFormat: { bold: true } });
  controlBefore = fake.values(control, 'Đơn vị');
  fake.clearLog();
  first = await init();
});

afterAll(async () => {
  await fake.close();
  await rm(ws, { recursive: true, force: true });
});

describe('init --google', () => {
  it('creates one spreadsheet per reporting unit and the summary, in the folder', () => {
    expect(first.units.map((u) => [u.code, u.action])).toEqual([
      ['001', 'created'],
      ['002', 'created'],
    ]);
    expect(first.summaryCreated).toBe(true);
    const names = fake
      .filesIn(folder)
      .map((f) => f.name)
      .sort();
    expect(names).toEqual(['Báo cáo MTQG - Huyện A (001)', 'Báo cáo MTQG - Huyện B (002)', 'Cấu hình MTQG', 'Tổng hợp MTQG - Tỉnh Thử']);
    expect(fake.tabs(first.summaryId).map((t) => t.title)).toEqual(summaryTabNames());
    // Created by the service account (en_US by default), switched to Vietnamese number writing.
    for (const id of [first.summaryId, unitId(first, '001'), unitId(first, '002')]) expect(fake.spreadsheetLocale(id)).toBe('vi_VN');
  });

  it('gives each unit spreadsheet the template tabs with their fixed ids', () => {
    const a = unitId(first, '001');
    expect(fake.tabs(a)).toEqual([
      { sheetId: 1001, title: 'NTM' },
      { sheetId: 1002, title: 'Giảm nghèo' },
      { sheetId: 1000, title: 'Hướng dẫn' },
      { sheetId: 1900, title: FEEDBACK_TAB_NAME },
    ]);
    const ntm = fake.values(a, 'NTM');
    expect(ntm[0]?.[0]).toMatch(/^Biểu báo cáo kết quả xây dựng nông thôn mới năm 2024 - Huyện A/);
    expect(ntm[1]?.slice(0, 3)).toEqual(['Mã xã', 'Tên xã', expect.stringMatching(/^TC1 - /)]);
    expect(ntm.slice(2)).toEqual([
      ['00001', 'Xã Một'],
      ['00002', 'Xã Hai'],
    ]);
    expect(fake.values(a, 'Giảm nghèo')[1]).toEqual([
      'Mã xã',
      'Tên xã',
      'Tổng số hộ',
      'Số hộ nghèo',
      'Số hộ cận nghèo',
      'Hộ nghèo DTTS',
      'Số hộ thoát nghèo',
      'Số hộ tái nghèo',
      'Số hộ nghèo phát sinh',
    ]);
  });

  it('freezes and protects the header rows: only the office (and the owner, the service account) may edit them', () => {
    const a = unitId(first, '001');
    for (const tab of ['NTM', 'Giảm nghèo']) {
      expect(fake.sheet(a, tab).frozenRowCount).toBe(2);
      // Code and name stay in view, as in the .xlsx templates.
      expect(fake.sheet(a, tab).frozenColumnCount).toBe(2);
      const [range, ...more] = fake.protectedRanges(a, tab);
      expect(more).toEqual([]);
      expect(range?.range).toMatchObject({ sheetId: tab === 'NTM' ? 1001 : 1002, startRowIndex: 0, endRowIndex: 2 });
      expect(range?.warningOnly).toBe(false);
      expect(range?.editors?.users).toEqual([OFFICE]);
    }
    expect(fake.protectedRanges(a, 'Hướng dẫn')).toEqual([]);
    expect(fake.file(a)?.owner).toBe(FAKE_SERVICE_ACCOUNT);
  });

  it('puts the dropdowns on the criterion cells, data rows and spare rows', () => {
    const a = unitId(first, '001');
    const rule = fake.cell(a, 'NTM', 'C3')?.dataValidation as { condition?: { type?: string; values?: { userEnteredValue: string }[] }; strict?: boolean };
    expect(rule.condition?.type).toBe('ONE_OF_LIST');
    expect(rule.condition?.values?.map((v) => v.userEnteredValue)).toEqual(['Đạt', 'Chưa đạt']);
    expect(fake.cell(a, 'NTM', 'U24')?.dataValidation).toEqual(rule); // TC19, last spare row (2 communes + 20)
    expect(fake.cell(a, 'NTM', 'U25')?.dataValidation).toBeUndefined();
    expect(fake.cell(a, 'NTM', 'B3')?.dataValidation).toBeUndefined();
    expect(fake.cell(a, 'Giảm nghèo', 'C3')?.dataValidation).toBeUndefined();
  });

  it("shares each spreadsheet with the unit's e-mails as editors", () => {
    const perms = (id: string) => (fake.file(id)?.permissions ?? []).map((p) => `${p.emailAddress}:${p.role}`).sort();
    expect(perms(unitId(first, '001'))).toEqual(['huyena@tinh.example:writer', 'ketoan.a@tinh.example:writer']);
    expect(perms(unitId(first, '002'))).toEqual(['huyenb@tinh.example:writer']);
  });

  it('writes the IDs back into the control spreadsheet, only into the cells it owns', () => {
    const after = fake.values(control, 'Đơn vị');
    expect(after[3]?.[5]).toBe(unitId(first, '001'));
    expect(after[4]?.[5]).toBe(unitId(first, '002'));
    const expected = controlBefore.map((row) => [...row]);
    (expected[3] as unknown[])[5] = unitId(first, '001');
    (expected[4] as unknown[])[5] = unitId(first, '002');
    expect(after).toEqual(expected);
    expect(fake.cell(control, 'Đơn vị', 'F4')?.userEnteredFormat).toEqual({ textFormat: { bold: true } });
    expect(fake.values(control, 'Cấu hình').slice(2)).toEqual([
      ['Khóa', 'Giá trị'],
      ['Thư mục Drive', folder],
      ['Bảng tổng hợp', first.summaryId],
    ]);
    expect(first.written.sort()).toEqual(['Cấu hình', 'Đơn vị!F4', 'Đơn vị!F5']);
  });

  it('run again, creates nothing and writes nothing; a unit added later gets only its own spreadsheet', async () => {
    fake.clearLog();
    const again = await init();
    expect(again.units.map((u) => [u.code, u.action, u.spreadsheetId])).toEqual([
      ['001', 'kept', unitId(first, '001')],
      ['002', 'kept', unitId(first, '002')],
    ]);
    expect(again.summaryId).toBe(first.summaryId);
    expect(again.summaryCreated).toBe(false);
    expect(again.written).toEqual([]);
    const ops = operations(fake);
    expect(ops['drive.files.create']).toBeUndefined();
    expect(ops['drive.permissions.create']).toBeUndefined();
    expect(ops['sheets.spreadsheets.batchUpdate']).toBeUndefined();
    expect(fake.filesIn(folder)).toHaveLength(4);

    fake.editCells(control, 'Đơn vị', 'A11', [['004', 'Huyện D', 'huyện', '01', null, 'tạo mới', 'huyend@tinh.example']]);
    fake.clearLog();
    const third = await init();
    expect(third.units.map((u) => [u.code, u.action])).toEqual([
      ['001', 'kept'],
      ['002', 'kept'],
      ['004', 'created'],
    ]);
    expect(operations(fake)['drive.files.create']).toBe(1);
    expect(fake.values(control, 'Đơn vị')[10]?.[5]).toBe(unitId(third, '004'));
    expect(third.written).toEqual(['Đơn vị!F11']);
  });
});

describe('run --google marks the cells in error and clears them once fixed', () => {
  let a: string;
  const runs: RunJsonDoc[] = [];

  beforeAll(async () => {
    a = unitId(first, '001');
    const b = unitId(first, '002');
    // Huyện A: Xã Một's TC3 (column E) holds a value that is not in the list.
    fake.editCells(a, 'NTM', 'C3', [['Đạt', 'Đạt', 'đạt lắm', ...met(16)], met(19)], FAKE_STAFF);
    fake.editCells(
      a,
      'Giảm nghèo',
      'C3',
      [
        [500, 50, 20],
        [400, 40, 10],
      ],
      FAKE_STAFF,
    );
    fake.editCells(b, 'NTM', 'C3', [met(19)], FAKE_STAFF);
    fake.editCells(b, 'Giảm nghèo', 'C3', [[300, 30, 10]], FAKE_STAFF);
    runs.push(await cliRunGoogle(fake, ws, control, ['--as-of', AS_OF]));
  });

  it('marks the cell with the Vietnamese message as a note, leaving the value and the dropdown', () => {
    const issue = runs[0]?.issues.find((i) => i.unit === '001' && i.cell === 'E3');
    expect(issue?.code).toBe('criterion_invalid');
    expect(runs[0]?.units.map((u) => [u.code, u.status])).toEqual([
      ['001', 'invalid'],
      ['002', 'ok'],
      ['004', 'ok'], // added by the third init; it has no communes, so nothing to report
    ]);
    const cell = fake.cell(a, 'NTM', 'E3');
    expect(cell?.note).toBe(issue?.message);
    expect(cell?.note).toMatch(/đạt lắm/);
    expect(cell?.userEnteredFormat?.['backgroundColor']).toEqual(COLORS.mark);
    expect(cell?.userEnteredValue).toEqual({ stringValue: 'đạt lắm' });
    expect((cell?.dataValidation as { condition?: { type?: string } } | undefined)?.condition?.type).toBe('ONE_OF_LIST');
    const feedback = fake.values(a, FEEDBACK_TAB_NAME).flat();
    expect(feedback).toContain('E3');
    expect(fake.values(first.summaryId, NTM_SUMMARY_TAB).flat().join(' ')).toContain('Huyện A');
  });

  it('clears the mark once staff fix the cell, and keeps what they typed', async () => {
    fake.editCells(a, 'NTM', 'E3', [['Đạt']], FAKE_STAFF);
    runs.push(await cliRunGoogle(fake, ws, control, ['--as-of', AS_OF]));
    expect(runs[1]?.units.find((u) => u.code === '001')?.status).toBe('ok');
    const cell = fake.cell(a, 'NTM', 'E3');
    expect(cell?.note).toBeUndefined();
    expect(cell?.userEnteredFormat?.['backgroundColor']).toBeUndefined();
    expect(cell?.userEnteredValue).toEqual({ stringValue: 'Đạt' });
    expect((cell?.dataValidation as { condition?: { type?: string } } | undefined)?.condition?.type).toBe('ONE_OF_LIST');
    expect(fake.values(a, 'NTM').slice(2)).toEqual([
      ['00001', 'Xã Một', ...met(19)],
      ['00002', 'Xã Hai', ...met(19)],
    ]);
    expect(fake.values(a, FEEDBACK_TAB_NAME).flat()).not.toContain('E3');
  });
});

describe('init --google without --config', () => {
  it('creates an empty control spreadsheet from the template, with `Cấu hình` filled, and finds it again by name', async () => {
    const empty = fake.createFolder('Thư mục mới');
    const gateway = () => googleGatewayFactory(googleEnv(fake), FAST)(empty);
    const made = await initGoogle({ gateway: gateway(), folderId: empty });
    expect(made.configCreated).toBe(true);
    expect(made.units).toEqual([]);
    expect(fake.tabs(made.configId).map((t) => t.title)).toEqual([
      'Đơn vị',
      'Chỉ tiêu',
      'Số liệu đầu kỳ',
      'Lịch báo cáo',
      'Người nhận',
      'Sáp nhập',
      'Danh mục DTTS',
      'Hướng dẫn',
      'Danh mục chỉ số',
      'Cấu hình',
    ]);
    // The engineer's helps reach the Google spreadsheet too: indicator ids with their labels in a dropdown.
    const indicator = fake.cell(made.configId, 'Chỉ tiêu', 'D4')?.dataValidation as {
      condition?: { values?: { userEnteredValue: string }[] };
      strict?: boolean;
    };
    expect(indicator.condition?.values?.map((v) => v.userEnteredValue)).toContain('ntm.standard - Số xã đạt chuẩn (19 tiêu chí)');
    expect(indicator.strict).toBe(false);
    const role = fake.cell(made.configId, 'Người nhận', 'B4')?.dataValidation as { condition?: { values?: { userEnteredValue: string }[] } };
    expect(role.condition?.values?.map((v) => v.userEnteredValue)).toEqual(['văn phòng', 'lãnh đạo']);
    expect(fake.values(made.configId, 'Đơn vị')[2]).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email']);
    expect(String(fake.values(made.configId, 'Đơn vị')[1]?.[0])).toContain('init --google');
    const level = fake.cell(made.configId, 'Đơn vị', 'C4')?.dataValidation as { condition?: { values?: { userEnteredValue: string }[] } };
    expect(level.condition?.values?.map((v) => v.userEnteredValue)).toEqual(['tỉnh', 'huyện', 'xã']);
    expect(fake.values(made.configId, 'Cấu hình').slice(3)).toEqual([
      ['Thư mục Drive', empty],
      ['Bảng tổng hợp', made.summaryId],
    ]);
    expect(made.written).toEqual(['Cấu hình!B5']);

    const again = await initGoogle({ gateway: gateway(), folderId: empty });
    expect([again.configId, again.configCreated, again.summaryId, again.summaryCreated]).toEqual([made.configId, false, made.summaryId, false]);
    expect(again.written).toEqual([]);
    expect(fake.filesIn(empty)).toHaveLength(2);
  });
});
