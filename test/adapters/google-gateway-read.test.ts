import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GoogleAuthenticationError } from '../../shared/adapters/google/google-errors.js';
import { GoogleWorkbookGateway } from '../../shared/adapters/google/google-workbook-gateway.js';
import { createGoogleAuth } from '../../shared/adapters/google/google-auth.js';
import { WorkbookNotFoundError, WorkbookUnreadableError } from '../../shared/ports/workbook-gateway.js';
import { FAKE_SERVICE_ACCOUNT, FAKE_STAFF, FakeGoogleServer, type SeedCell } from '../support/fake-google/fake-google-server.js';
import { SPREADSHEET_READ_FIELDS } from '../../shared/adapters/google/spreadsheet-read.js';
import { fakeGateway } from '../support/fake-google/fake-google-gateway.js';

let fake: FakeGoogleServer;

beforeAll(async () => {
  fake = await FakeGoogleServer.start({ maxPageSize: 100 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.fault = undefined;
  fake.clearLog();
});

const POVERTY_ROWS: SeedCell[][] = [
  ['BÁO CÁO GIẢM NGHÈO', null, null],
  ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo', null, null],
  ['06', 'Xã Tân Phú', 1955, 212, 'Có', null, ''],
  [],
  ['00178', 'Thị trấn', '1.955,5', true, { formula: '=A1/0', result: { error: '#REF!' } }],
  [null, null, null],
];
const EXPECTED_POVERTY = [
  ['BÁO CÁO GIẢM NGHÈO'],
  ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
  ['06', 'Xã Tân Phú', 1955, 212, 'Có'],
  [],
  ['00178', 'Thị trấn', '1.955,5', true, { error: '#REF!' }],
];

function unitSpreadsheet(folderId: string, title: string, tabs = ['NTM', 'Giảm nghèo', 'Kết quả kiểm tra']): string {
  const ids: Record<string, number> = { NTM: 1001, 'Giảm nghèo': 1002, 'Kết quả kiểm tra': 1900 };
  return fake.createSpreadsheet({
    title,
    folderId,
    tabs: tabs.map((t) => ({
      title: t,
      sheetId: ids[t] ?? 5,
      rows:
        t === 'Giảm nghèo'
          ? POVERTY_ROWS
          : t === 'NTM'
            ? [
                ['Mã xã', 'Tên xã', 'TC1'],
                ['06', 'Xã Tân Phú', 'Đạt'],
              ]
            : [],
    })),
  });
}

describe('GoogleWorkbookGateway.stat', () => {
  it('stats 11 spreadsheets with one Drive call and reports Drive versions and times', async () => {
    const folder = fake.createFolder('Tỉnh');
    const ids = Array.from({ length: 11 }, (_, i) => unitSpreadsheet(folder, `Huyện ${i}`));
    fake.editCells(ids[3] ?? '', 'NTM', 'C2', [['Chưa đạt']]);
    fake.clearLog();
    const stats = await fakeGateway(fake, { folderId: folder }).stat(ids);
    expect(fake.count()).toBe(1);
    expect(fake.count('drive.files.list')).toBe(1);
    expect(fake.log[0]?.query['q']).toBe(`'${folder}' in parents and trashed=false`);
    expect(stats.size).toBe(11);
    for (const id of ids) {
      const f = fake.file(id);
      expect(stats.get(id)).toEqual({ modifiedMs: f?.modifiedMs, version: `v${f?.version}` });
    }
    expect(stats.get(ids[3] ?? '')?.version).toBe('v2');
  });

  it('stats 200 spreadsheets with one call per Drive page, and one files.get per ref outside the folder', async () => {
    const folder = fake.createFolder('Tỉnh lớn');
    const ids = Array.from({ length: 200 }, (_, i) => fake.createSpreadsheet({ title: `Xã ${i}`, folderId: folder, tabs: [{ title: 'NTM' }] }));
    const elsewhere = fake.createSpreadsheet({ title: 'Ở thư mục khác', tabs: [{ title: 'NTM' }] });
    fake.clearLog();
    const stats = await fakeGateway(fake, { folderId: folder }).stat([...ids, elsewhere, 'khong-ton-tai']);
    // The fake answers at most 100 files per page, as Drive may: 200 files are 2 pages.
    expect(fake.count('drive.files.list')).toBe(2);
    expect(fake.count('drive.files.get')).toBe(2);
    expect(fake.count()).toBe(4);
    expect(ids.every((id) => stats.get(id)?.version === 'v1')).toBe(true);
    expect(stats.get(elsewhere)?.version).toBe('v1');
    expect(stats.get('khong-ton-tai')).toBeUndefined();
  });

  it('without a folder, asks Drive once per ref; trashed and unknown files have no stat', async () => {
    const a = fake.createSpreadsheet({ title: 'A', tabs: [{ title: 'NTM' }] });
    const b = fake.createSpreadsheet({ title: 'B', tabs: [{ title: 'NTM' }] });
    fake.trash(b);
    fake.clearLog();
    const stats = await fakeGateway(fake).stat([a, b, 'khong-co', a]);
    expect(fake.count('drive.files.get')).toBe(3);
    expect(stats.get(a)?.version).toBe('v1');
    expect(stats.has(b) && stats.get(b) === undefined).toBe(true);
    expect(stats.get('khong-co')).toBeUndefined();
  });
});

describe('GoogleWorkbookGateway.read', () => {
  it('reads every input tab in one spreadsheets.get (one Sheets read), with Vietnamese tab names and typed values', async () => {
    const id = unitSpreadsheet(fake.createFolder('R1'), 'Huyện đọc');
    fake.clearLog();
    const wb = await fakeGateway(fake).read(id, ['NTM', 'Giảm nghèo']);
    expect(fake.count()).toBe(1);
    const call = fake.log[0];
    expect(call?.operation).toBe('sheets.spreadsheets.get');
    expect(call?.bucket).toBe('read');
    // No `ranges`: a range naming a missing tab would fail the whole call, and the write needs every tab's id.
    expect(call?.query['ranges']).toBeUndefined();
    expect(call?.query['fields']).toBe(SPREADSHEET_READ_FIELDS);
    expect(wb.version).toBeUndefined();
    expect(wb.sheets).toEqual([
      {
        name: 'NTM',
        rows: [
          ['Mã xã', 'Tên xã', 'TC1'],
          ['06', 'Xã Tân Phú', 'Đạt'],
        ],
      },
      { name: 'Giảm nghèo', rows: EXPECTED_POVERTY },
    ]);
  });

  it('leaves a missing tab out of the result, still in one call', async () => {
    const id = unitSpreadsheet(fake.createFolder('R2'), 'Thiếu NTM', ['Giảm nghèo', 'Kết quả kiểm tra']);
    fake.clearLog();
    const wb = await fakeGateway(fake).read(id, ['NTM', 'Giảm nghèo']);
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.get 200']);
    expect(wb.sheets).toEqual([{ name: 'Giảm nghèo', rows: EXPECTED_POVERTY }]);
  });

  it('reads columns A..AZ only, as the forms use', async () => {
    const wide = Array.from({ length: 60 }, (_, c) => `C${c + 1}`);
    const id = fake.createSpreadsheet({ title: 'Rộng', tabs: [{ title: 'NTM', rows: [wide], columnCount: 60 }] });
    const wb = await fakeGateway(fake).read(id, ['NTM']);
    expect(wb.sheets[0]?.rows[0]).toEqual(wide.slice(0, 52));
  });

  it('finds a tab renamed with other case or spacing, under its real name', async () => {
    const id = fake.createSpreadsheet({ title: 'Đổi tên', tabs: [{ title: ' giảm  NGHÈO ', rows: [['Mã xã'], ['06']] }] });
    const wb = await fakeGateway(fake).read(id, ['Giảm nghèo']);
    expect(wb.sheets).toEqual([{ name: ' giảm  NGHÈO ', rows: [['Mã xã'], ['06']] }]);
  });

  it('quotes tab names holding a single quote', async () => {
    const id = fake.createSpreadsheet({ title: 'Nháy', tabs: [{ title: "Xã 'Tân' Phú", rows: [['Mã xã'], ['06']] }] });
    fake.clearLog();
    const wb = await fakeGateway(fake).read(id, ["Xã 'Tân' Phú"]);
    expect(fake.count()).toBe(1);
    expect(wb.sheets).toEqual([{ name: "Xã 'Tân' Phú", rows: [['Mã xã'], ['06']] }]);
  });

  it('reports an unknown spreadsheet as WorkbookNotFoundError', async () => {
    const error = await fakeGateway(fake)
      .read('1khongTonTaiXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', ['NTM'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookNotFoundError);
  });

  it('tells a spreadsheet not shared with us (403: unreadable, naming the account) from one that does not exist (404: not found)', async () => {
    const folder = fake.createFolder('R3');
    const open = unitSpreadsheet(folder, 'Mở');
    const closed = unitSpreadsheet(folder, 'Đóng');
    fake.deny(closed);
    const gw = fakeGateway(fake, { accountEmail: FAKE_SERVICE_ACCOUNT });
    // Drive cannot tell them apart: both are unlisted, and files.get answers 404 for both.
    expect(await gw.exists(closed)).toBe(false);
    expect(await gw.exists('1khongTonTaiXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')).toBe(false);
    fake.clearLog();
    const error = await gw.read(closed, ['NTM']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookUnreadableError);
    expect((error as WorkbookUnreadableError).reason).toBe(`chưa chia sẻ bảng tính cho ${FAKE_SERVICE_ACCOUNT}`);
    const missing = await gw.read('1khongTonTaiXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', ['NTM']).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WorkbookNotFoundError);
    // One Sheets call each, not retried.
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.get 403', 'sheets.spreadsheets.get 404']);
    expect((await gw.read(open, ['NTM'])).sheets).toHaveLength(1);
    // Without a key there is no e-mail to name: the reason says which account in words.
    const anonymous = await fakeGateway(fake)
      .read(closed, ['NTM'])
      .catch((e: unknown) => e);
    expect((anonymous as WorkbookUnreadableError).reason).toBe('chưa chia sẻ bảng tính cho tài khoản Google mà hệ thống dùng');
  });

  it('turns an injected 403 on one spreadsheet into WorkbookUnreadableError and leaves the others readable', async () => {
    const folder = fake.createFolder('R4');
    const ids = [unitSpreadsheet(folder, 'A'), unitSpreadsheet(folder, 'B'), unitSpreadsheet(folder, 'C')];
    fake.fault = (r) => (r.spreadsheetId === ids[1] ? { status: 403 } : undefined);
    const gw = fakeGateway(fake);
    const results = await Promise.all(
      ids.map((id) =>
        gw.read(id, ['Giảm nghèo']).then(
          (wb) => wb.sheets.length,
          (e: unknown) => e,
        ),
      ),
    );
    expect(results[0]).toBe(1);
    expect(results[1]).toBeInstanceOf(WorkbookUnreadableError);
    expect(results[2]).toBe(1);
    // A permission refusal is final: not retried.
    expect(fake.log.filter((e) => e.spreadsheetId === ids[1])).toHaveLength(1);
  });

  it('stops the run on a refused token (GoogleAuthenticationError), not one unit at a time', async () => {
    const id = unitSpreadsheet(fake.createFolder('R5'), 'Token');
    const gw = new GoogleWorkbookGateway({ auth: createGoogleAuth({ GOOGLE_ACCESS_TOKEN: 'het-han' }), rootUrl: fake.rootUrl });
    await expect(gw.read(id, ['NTM'])).rejects.toBeInstanceOf(GoogleAuthenticationError);
  });
});

describe('GoogleWorkbookGateway.exists', () => {
  it('is true for a visible spreadsheet and false for unknown, trashed or unshared ones', async () => {
    const a = fake.createSpreadsheet({ title: 'Có', tabs: [{ title: 'NTM' }], by: FAKE_STAFF });
    const trashed = fake.createSpreadsheet({ title: 'Rác', tabs: [{ title: 'NTM' }] });
    const hidden = fake.createSpreadsheet({ title: 'Ẩn', tabs: [{ title: 'NTM' }] });
    fake.trash(trashed);
    fake.deny(hidden);
    const gw = fakeGateway(fake);
    expect(await gw.exists(a)).toBe(true);
    expect(await gw.exists(trashed)).toBe(false);
    expect(await gw.exists(hidden)).toBe(false);
    expect(await gw.exists('khong-co')).toBe(false);
  });
});
