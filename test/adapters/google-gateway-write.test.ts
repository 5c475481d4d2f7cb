import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANGED_SINCE_READ_VERSION, OWN_WRITE_VERSION } from '../../shared/adapters/google/google-workbook-gateway.js';
import { COLORS } from '../../shared/adapters/google/sheet-requests.js';
import type { TabWrite } from '../../shared/ports/workbook-gateway.js';
import { FAKE_SERVICE_ACCOUNT, FAKE_STAFF, FakeGoogleServer } from '../support/fake-google/fake-google-server.js';
import { fakeGateway } from '../support/fake-google/fake-google-gateway.js';

let fake: FakeGoogleServer;

beforeAll(async () => {
  fake = await FakeGoogleServer.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.fault = undefined;
  fake.clearLog();
});

const FEEDBACK = 'Kết quả kiểm tra';

/** A unit spreadsheet as our templates make it: fixed sheetIds. */
function templateSpreadsheet(title = 'Huyện Mẫu'): string {
  return fake.createSpreadsheet({
    title,
    folderId: fake.createFolder(`Thư mục ${title}`),
    tabs: [
      { title: 'Hướng dẫn', sheetId: 1000, rows: [['Hướng dẫn nhập liệu']] },
      {
        title: 'NTM',
        sheetId: 1001,
        rows: [
          ['Mã xã', 'Tên xã', 'TC1'],
          ['06', 'Xã A', 'Đạt'],
          ['07', 'Xã B', 'đạt lắm'],
        ],
      },
      {
        title: 'Giảm nghèo',
        sheetId: 1002,
        rows: [
          ['Mã xã', 'Tổng số hộ'],
          ['06', '1,955'],
        ],
      },
      { title: FEEDBACK, sheetId: 1900 },
    ],
  });
}

const feedback = (rows: TabWrite['rows']): TabWrite => ({ name: FEEDBACK, rows, headerRow: 2, widths: [12, 12, 40] });

const FEEDBACK_ROWS: TabWrite['rows'] = [
  [{ value: 'Kết quả kiểm tra lúc 07:00 01/03/2025', style: 'title' }],
  ['Trang', 'Ô', 'Nội dung'],
  ['NTM', 'C3', { value: 'Giá trị "đạt lắm" không hợp lệ', style: 'error' }],
  ['Giảm nghèo', 'B2', '=B2*2 là công thức?'],
  [null, 1955, { value: 26.61, format: 'percent' }],
  ['06', { value: 1955.5, format: 'decimal' }, { value: 212, format: 'int' }],
];

describe('GoogleWorkbookGateway.writeTabs', () => {
  it('writes a tab of a template spreadsheet in one batchUpdate, text as text', async () => {
    const id = templateSpreadsheet();
    const gw = fakeGateway(fake);
    fake.clearLog();
    await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)]);
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.batchUpdate 200']);

    expect(fake.values(id, FEEDBACK)).toEqual([
      ['Kết quả kiểm tra lúc 07:00 01/03/2025'],
      ['Trang', 'Ô', 'Nội dung'],
      ['NTM', 'C3', 'Giá trị "đạt lắm" không hợp lệ'],
      ['Giảm nghèo', 'B2', '=B2*2 là công thức?'],
      ['', 1955, 26.61],
      ['06', 1955.5, 212],
    ]);
    // Text that looks like a formula or a number with a leading zero is stored as text.
    expect(fake.cell(id, FEEDBACK, 'C4')?.userEnteredValue).toEqual({ stringValue: '=B2*2 là công thức?' });
    expect(fake.cell(id, FEEDBACK, 'A6')?.userEnteredValue).toEqual({ stringValue: '06' });
    expect(fake.cell(id, FEEDBACK, 'C5')?.userEnteredFormat).toEqual({ numberFormat: { type: 'NUMBER', pattern: '0.00"%"' } });
    expect(fake.cell(id, FEEDBACK, 'B6')?.userEnteredFormat).toEqual({ numberFormat: { type: 'NUMBER', pattern: '#,##0.00' } });
    expect(fake.cell(id, FEEDBACK, 'C6')?.userEnteredFormat).toEqual({ numberFormat: { type: 'NUMBER', pattern: '#,##0' } });
    expect(fake.cell(id, FEEDBACK, 'A1')?.userEnteredFormat).toEqual({ textFormat: { bold: true, fontSize: 14 } });
    expect(fake.cell(id, FEEDBACK, 'B2')?.userEnteredFormat?.['textFormat']).toEqual({ bold: true });
    expect(fake.cell(id, FEEDBACK, 'C3')?.userEnteredFormat).toEqual({ backgroundColor: COLORS.error });
    const sheet = fake.sheet(id, FEEDBACK);
    expect(sheet.sheetId).toBe(1900);
    expect([sheet.rowCount, sheet.columnCount, sheet.frozenRowCount]).toEqual([6, 3, 2]);
    expect(sheet.columnWidths).toEqual({ 0: 100, 1: 100, 2: 310 });
    // The input tabs are untouched.
    expect(fake.values(id, 'NTM')).toEqual([
      ['Mã xã', 'Tên xã', 'TC1'],
      ['06', 'Xã A', 'Đạt'],
      ['07', 'Xã B', 'đạt lắm'],
    ]);
  });

  it("returns the stat the next stat() reports, and sees someone else's later edit as a change", async () => {
    const id = templateSpreadsheet('Huyện Stat');
    const gw = fakeGateway(fake);
    const before = (await gw.stat([id])).get(id);
    expect(before?.version).toBe('v1');
    const after = await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)]);
    expect(after.version).toBe(OWN_WRITE_VERSION);
    // The next run, with a new gateway, sees the spreadsheet unchanged since our own write.
    const next = (await fakeGateway(fake).stat([id])).get(id);
    expect(next?.version).toBe(after.version);
    expect(fake.file(id)?.lastModifyingUser).toBe(FAKE_SERVICE_ACCOUNT);
    fake.editCells(id, 'NTM', 'C3', [['Đạt']]);
    const edited = (await fakeGateway(fake).stat([id])).get(id);
    expect(edited?.version).toBe(`v${fake.file(id)?.version}`);
    expect(edited?.version).not.toBe(after.version);
  });

  it("with ownWrites=refetch, reads Drive's version after the write (one more call) and matches the next stat", async () => {
    const id = templateSpreadsheet('Huyện Refetch');
    const gw = fakeGateway(fake, { ownWrites: 'refetch' });
    fake.clearLog();
    const after = await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)]);
    expect(fake.log.map((e) => e.operation)).toEqual(['sheets.spreadsheets.batchUpdate', 'drive.files.get']);
    expect(after).toEqual({ modifiedMs: fake.file(id)?.modifiedMs, version: `v${fake.file(id)?.version}` });
    expect((await fakeGateway(fake, { ownWrites: 'refetch' }).stat([id])).get(id)).toEqual(after);
  });

  it('repeats an identical write harmlessly and clears rows left by a longer earlier write', async () => {
    const id = templateSpreadsheet('Huyện Lặp');
    const gw = fakeGateway(fake);
    await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)]);
    const first = fake.sheet(id, FEEDBACK);
    await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)]);
    expect(fake.sheet(id, FEEDBACK)).toEqual(first);
    await fakeGateway(fake).writeTabs(id, [feedback(FEEDBACK_ROWS.slice(0, 3))]);
    expect(fake.values(id, FEEDBACK)).toEqual([
      ['Kết quả kiểm tra lúc 07:00 01/03/2025'],
      ['Trang', 'Ô', 'Nội dung'],
      ['NTM', 'C3', 'Giá trị "đạt lắm" không hợp lệ'],
    ]);
    expect(fake.sheet(id, FEEDBACK).rowCount).toBe(3);
    expect(fake.cell(id, FEEDBACK, 'C5')).toBeUndefined();
  });

  it('marks cells with a note and a light red background, then clears only what it set', async () => {
    const id = templateSpreadsheet('Huyện Đánh dấu');
    fake.formatCell(id, 'NTM', 'C3', { textFormat: { bold: true } });
    const gw = fakeGateway(fake);
    fake.clearLog();
    await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)], {
      marks: {
        set: [
          { tab: 'NTM', cell: 'C3', note: 'Giá trị "đạt lắm" không hợp lệ: chọn Đạt hoặc Chưa đạt' },
          { tab: 'Giảm nghèo', cell: 'B2', note: '"1,955" không rõ là 1955 hay 1,955' },
        ],
        clear: [],
      },
    });
    expect(fake.count()).toBe(1);
    expect(fake.cell(id, 'NTM', 'C3')).toEqual({
      userEnteredValue: { stringValue: 'đạt lắm' },
      note: 'Giá trị "đạt lắm" không hợp lệ: chọn Đạt hoặc Chưa đạt',
      userEnteredFormat: { textFormat: { bold: true }, backgroundColor: COLORS.mark },
    });
    expect(fake.cell(id, 'Giảm nghèo', 'B2')?.note).toBe('"1,955" không rõ là 1955 hay 1,955');

    // Staff fix C3; the next run clears its mark and keeps the other.
    fake.editCells(id, 'NTM', 'C3', [['Đạt']]);
    await fakeGateway(fake).writeTabs(id, [feedback(FEEDBACK_ROWS)], {
      marks: {
        set: [{ tab: 'Giảm nghèo', cell: 'B2', note: '"1,955" không rõ là 1955 hay 1,955' }],
        clear: [{ tab: 'NTM', cell: 'C3', note: 'Giá trị "đạt lắm" không hợp lệ: chọn Đạt hoặc Chưa đạt' }],
      },
    });
    expect(fake.cell(id, 'NTM', 'C3')).toEqual({ userEnteredValue: { stringValue: 'Đạt' }, userEnteredFormat: { textFormat: { bold: true } } });
    expect(fake.cell(id, 'Giảm nghèo', 'B2')?.userEnteredFormat).toEqual({ backgroundColor: COLORS.mark });
  });

  it('without a read first, falls back to one spreadsheets.get for a spreadsheet not made by our templates, then writes exactly', async () => {
    // Staff's own spreadsheet: Google-assigned ids, no feedback tab yet.
    const id = fake.createSpreadsheet({
      title: 'Tự lập',
      tabs: [
        { title: 'Trang tính1', rows: [['ghi chú riêng']] },
        {
          title: 'NTM',
          sheetId: 777_001,
          rows: [
            ['Mã xã', 'Tên xã', 'TC1'],
            ['06', 'Xã A', 'x?'],
          ],
        },
      ],
    });
    const gw = fakeGateway(fake);
    fake.clearLog();
    const marks = { set: [{ tab: 'NTM', cell: 'C2', note: 'Không hợp lệ' }], clear: [] };
    await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)], { marks });
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual([
      'sheets.spreadsheets.batchUpdate 400',
      'sheets.spreadsheets.get 200',
      'sheets.spreadsheets.batchUpdate 200',
    ]);
    expect(fake.tabs(id)).toEqual([
      { sheetId: 0, title: 'Trang tính1' },
      { sheetId: 777_001, title: 'NTM' },
      { sheetId: 1900, title: FEEDBACK },
    ]);
    expect(fake.cell(id, 'NTM', 'C2')?.note).toBe('Không hợp lệ');
    expect(fake.values(id, 'Trang tính1')).toEqual([['ghi chú riêng']]);
    // Later writes by the same gateway use what it learned: one call.
    fake.clearLog();
    await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)], { marks });
    expect(fake.count()).toBe(1);
    // The feedback tab now carries its fixed id, so the next run's first write is one call too.
    fake.clearLog();
    await fakeGateway(fake).writeTabs(id, [feedback(FEEDBACK_ROWS)]);
    expect(fake.count()).toBe(1);
  });

  it('does not write into a tab staff renamed when another tab now carries the name', async () => {
    const id = templateSpreadsheet('Huyện Đổi tên');
    // Staff rename our feedback tab (id 1900): no tab has the name, so the write names it back.
    fake.renameTab(id, FEEDBACK, 'Kết quả cũ');
    await fakeGateway(fake).writeTabs(id, [feedback([['lần 1']])]);
    expect(fake.tabs(id).find((t) => t.sheetId === 1900)?.title).toBe(FEEDBACK);
    expect(fake.values(id, FEEDBACK)).toEqual([['lần 1']]);

    // Now they rename it again and make their own tab with our name: that tab gets the write,
    // and the renamed one keeps its content.
    fake.renameTab(id, FEEDBACK, 'Kết quả cũ');
    const theirs = fake.addTab(id, FEEDBACK, [['của cán bộ']]);
    fake.clearLog();
    await fakeGateway(fake).writeTabs(id, [feedback([['lần 2']])]);
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual([
      'sheets.spreadsheets.batchUpdate 400',
      'sheets.spreadsheets.get 200',
      'sheets.spreadsheets.batchUpdate 200',
    ]);
    expect(fake.tabs(id).find((t) => t.title === FEEDBACK)?.sheetId).toBe(theirs);
    expect(fake.values(id, FEEDBACK)).toEqual([['lần 2']]);
    expect(fake.values(id, 'Kết quả cũ')).toEqual([['lần 1']]);
  });

  it('keeps the feedback write when a marked cell is protected against us, leaving that mark out', async () => {
    // Staff own this spreadsheet and protected its header row; we are an editor but not of that range.
    const id = templateSpreadsheet('Huyện Khoá');
    fake.protectRows(id, 'NTM', 1, [FAKE_STAFF]);
    fake.clearLog();
    await fakeGateway(fake).writeTabs(id, [feedback([['Thiếu cột TC2']])], {
      marks: {
        set: [
          { tab: 'NTM', cell: 'D1', note: 'Thiếu cột TC2' },
          { tab: 'NTM', cell: 'C3', note: 'Không hợp lệ' },
        ],
        clear: [],
      },
    });
    // Refused for the protected cell: the same batch without marks, no lookup needed.
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.batchUpdate 400', 'sheets.spreadsheets.batchUpdate 200']);
    expect(fake.values(id, FEEDBACK)).toEqual([['Thiếu cột TC2']]);
    expect(fake.cell(id, 'NTM', 'D1')).toBeUndefined();
    expect(fake.cell(id, 'NTM', 'C3')?.note).toBeUndefined();
  });

  it('drops clear-marks on rows staff deleted instead of failing the write', async () => {
    const id = templateSpreadsheet('Huyện Xoá dòng');
    const gw = fakeGateway(fake);
    fake.clearLog();
    await gw.writeTabs(id, [feedback([['ok']])], {
      marks: {
        set: [],
        clear: [
          { tab: 'NTM', cell: 'C5000', note: 'cũ' },
          { tab: 'Đã xoá', cell: 'A1', note: 'cũ' },
        ],
      },
    });
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual([
      'sheets.spreadsheets.batchUpdate 400',
      'sheets.spreadsheets.get 200',
      'sheets.spreadsheets.batchUpdate 200',
    ]);
    expect(fake.values(id, FEEDBACK)).toEqual([['ok']]);
  });
});

/** A unit spreadsheet staff made themselves (adopted by init): Google's random ids, no feedback tab. */
function adoptedSpreadsheet(title: string): string {
  return fake.createSpreadsheet({
    title,
    tabs: [
      { title: 'Trang tính1', rows: [['ghi chú riêng']] },
      {
        title: 'NTM',
        rows: [
          ['Mã xã', 'Tên xã', 'TC1'],
          ['06', 'Xã A', 'x?'],
          ['07', 'Xã B', 'Đạt'],
        ],
      },
      {
        title: 'Giảm nghèo',
        rows: [
          ['Mã xã', 'Tổng số hộ'],
          ['06', '1,955'],
        ],
      },
    ],
  });
}

describe('GoogleWorkbookGateway: a read then a write, as the pipeline does per unit', () => {
  const marks = { set: [{ tab: 'NTM', cell: 'C2', note: 'Không hợp lệ' }], clear: [{ tab: 'Giảm nghèo', cell: 'B2', note: 'cũ' }] };

  it('costs one Sheets read and one Sheets write on a spreadsheet it did not create, with no guessed id', async () => {
    const id = adoptedSpreadsheet('Tự lập 1');
    const ntmId = fake.tabs(id).find((t) => t.title === 'NTM')?.sheetId;
    expect(ntmId).toBeGreaterThan(100_000_000);
    const gw = fakeGateway(fake);
    fake.clearLog();
    const wb = await gw.read(id, ['NTM', 'Giảm nghèo']);
    const after = await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)], { marks });
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.get 200', 'sheets.spreadsheets.batchUpdate 200']);
    expect([fake.countBucket('read'), fake.countBucket('write')]).toEqual([1, 1]);
    expect(wb.sheets.map((s) => s.name)).toEqual(['NTM', 'Giảm nghèo']);
    expect(after.version).toBe(OWN_WRITE_VERSION);
    expect(fake.cell(id, 'NTM', 'C2')?.note).toBe('Không hợp lệ');
    expect(fake.tabs(id).map((t) => t.title)).toEqual(['Trang tính1', 'NTM', 'Giảm nghèo', FEEDBACK]);
    expect(fake.values(id, FEEDBACK)[2]).toEqual(['NTM', 'C3', 'Giá trị "đạt lắm" không hợp lệ']);
    // The write asked for the tabs read back, to see whether staff changed them meanwhile.
    expect(fake.log[1]?.query['fields']).toContain('updatedSpreadsheet');
  });

  it('stays at one read and one write after staff recreate a tab (new random id) between runs', async () => {
    const id = adoptedSpreadsheet('Tự lập 2');
    const first = fakeGateway(fake);
    await first.read(id, ['NTM', 'Giảm nghèo']);
    await first.writeTabs(id, [feedback(FEEDBACK_ROWS)], { marks });
    const before = fake.tabs(id).find((t) => t.title === 'NTM')?.sheetId;
    fake.recreateTab(id, 'NTM');
    fake.recreateTab(id, FEEDBACK);
    expect(fake.tabs(id).find((t) => t.title === 'NTM')?.sheetId).not.toBe(before);
    const next = fakeGateway(fake);
    fake.clearLog();
    await next.read(id, ['NTM', 'Giảm nghèo']);
    await next.writeTabs(id, [feedback([['lần 2']])], { marks: { set: [{ tab: 'NTM', cell: 'C3', note: 'Mới' }], clear: marks.set } });
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.get 200', 'sheets.spreadsheets.batchUpdate 200']);
    expect(fake.values(id, FEEDBACK)).toEqual([['lần 2']]);
    expect(fake.cell(id, 'NTM', 'C3')?.note).toBe('Mới');
    expect(fake.cell(id, 'NTM', 'C2')?.note).toBeUndefined();
  });

  it('returns a version no stat() reports when staff changed a tab between the read and the write', async () => {
    const id = adoptedSpreadsheet('Tự lập 3');
    const gw = fakeGateway(fake);
    await gw.read(id, ['NTM', 'Giảm nghèo']);
    fake.editCells(id, 'NTM', 'C3', [['Chưa đạt']]);
    fake.clearLog();
    const after = await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)], { marks });
    expect(fake.count()).toBe(1);
    expect(after.version).toBe(CHANGED_SINCE_READ_VERSION);
    // Staff's edit stands (Google merges the feedback write with it), and the next run will read it.
    expect(fake.values(id, 'NTM')[2]).toEqual(['07', 'Xã B', 'Chưa đạt']);
    expect((await fakeGateway(fake).stat([id])).get(id)?.version).toBe(OWN_WRITE_VERSION);
    expect(after.version).not.toBe(OWN_WRITE_VERSION);
  });

  it('learns the tabs again, once, when staff renamed a tab between the read and the write', async () => {
    const id = adoptedSpreadsheet('Tự lập 4');
    const gw = fakeGateway(fake);
    await gw.read(id, ['NTM', 'Giảm nghèo']);
    fake.renameTab(id, 'Giảm nghèo', 'Giảm nghèo (cũ)');
    fake.clearLog();
    const after = await gw.writeTabs(id, [feedback(FEEDBACK_ROWS)], { marks });
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual([
      'sheets.spreadsheets.batchUpdate 400',
      'sheets.spreadsheets.get 200',
      'sheets.spreadsheets.batchUpdate 200',
    ]);
    expect(after.version).toBe(CHANGED_SINCE_READ_VERSION);
    expect(fake.values(id, FEEDBACK)).toHaveLength(FEEDBACK_ROWS.length);
    expect(fake.cell(id, 'NTM', 'C2')?.note).toBe('Không hợp lệ');
  });

  it('clears only the background of a mark whose note staff replaced with their own', async () => {
    const id = adoptedSpreadsheet('Tự lập 5');
    const first = fakeGateway(fake);
    await first.read(id, ['NTM']);
    await first.writeTabs(id, [feedback([['1']])], {
      marks: {
        set: [
          { tab: 'NTM', cell: 'C2', note: 'Không hợp lệ' },
          { tab: 'NTM', cell: 'C3', note: 'Sai' },
        ],
        clear: [],
      },
    });
    // Staff fix C2 and write their own note over ours; C3 they leave alone.
    fake.editCells(id, 'NTM', 'C2', [['Đạt']]);
    fake.editNote(id, 'NTM', 'C2', 'Đã hỏi lại xã, chờ xác nhận');
    expect(fake.cell(id, 'NTM', 'C2')?.userEnteredFormat).toEqual({ backgroundColor: COLORS.mark });
    const next = fakeGateway(fake);
    await next.read(id, ['NTM']);
    await next.writeTabs(id, [feedback([['2']])], {
      marks: {
        set: [],
        clear: [
          { tab: 'NTM', cell: 'C2', note: 'Không hợp lệ' },
          { tab: 'NTM', cell: 'C3', note: 'Sai' },
        ],
      },
    });
    expect(fake.cell(id, 'NTM', 'C2')).toEqual({ userEnteredValue: { stringValue: 'Đạt' }, note: 'Đã hỏi lại xã, chờ xác nhận' });
    expect(fake.cell(id, 'NTM', 'C3')).toEqual({ userEnteredValue: { stringValue: 'Đạt' } });
  });
});

describe('GoogleWorkbookGateway.createSpreadsheet and shareWith', () => {
  const templates = [
    { name: 'Hướng dẫn', rows: [['Điền số liệu vào các trang NTM và Giảm nghèo']], widths: [60] },
    {
      name: 'NTM',
      rows: [['Mã xã', 'Tên xã', 'TC1', 'TC2']],
      headerRow: 1,
      protectRows: 1,
      gridRows: 200,
      dropdowns: [{ fromRow: 2, toRow: 200, fromColumn: 3, toColumn: 4, values: ['Đạt', 'Chưa đạt'] }],
    },
    { name: FEEDBACK, rows: [['Chưa kiểm tra']] },
  ];

  it('creates the spreadsheet in the folder with our tabs, fixed ids, protected headers and dropdowns', async () => {
    const folder = fake.createFolder('Khởi tạo');
    const gw = fakeGateway(fake);
    fake.clearLog();
    const created = await gw.createSpreadsheet('Báo cáo Huyện X', templates, folder, { editors: ['vanphong@tinh.gov.vn'] });
    expect(created.created).toBe(true);
    expect(fake.log.map((e) => e.operation)).toEqual(['drive.files.list', 'drive.files.create', 'sheets.spreadsheets.batchUpdate']);
    const id = created.spreadsheetId;
    expect(fake.file(id)?.parents).toEqual([folder]);
    expect(fake.tabs(id)).toEqual([
      { sheetId: 1000, title: 'Hướng dẫn' },
      { sheetId: 1001, title: 'NTM' },
      { sheetId: 1900, title: FEEDBACK },
    ]);
    expect(fake.sheet(id, 'NTM').rowCount).toBe(200);
    expect(fake.sheet(id, 'NTM').frozenRowCount).toBe(1);
    expect(fake.protectedRanges(id, 'NTM')).toEqual([
      expect.objectContaining({ range: { sheetId: 1001, startRowIndex: 0, endRowIndex: 1 }, warningOnly: false, editors: { users: ['vanphong@tinh.gov.vn'] } }),
    ]);
    const rule = fake.cell(id, 'NTM', 'D200')?.dataValidation;
    expect(rule?.['condition']).toEqual({ type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'Đạt' }, { userEnteredValue: 'Chưa đạt' }] });
    expect(fake.cell(id, 'NTM', 'B2')?.dataValidation).toBeUndefined();

    // Repeating init reuses the spreadsheet and leaves what staff typed alone.
    fake.editCells(id, 'NTM', 'A2', [['06', 'Xã A', 'Đạt']]);
    fake.clearLog();
    const again = await gw.createSpreadsheet('Báo cáo Huyện X', templates, folder);
    expect(again).toEqual({ spreadsheetId: id, created: false });
    expect(fake.log.map((e) => e.operation)).toEqual(['drive.files.list', 'sheets.spreadsheets.get']);
    expect(fake.filesIn(folder)).toHaveLength(1);
    expect(fake.values(id, 'NTM')[1]).toEqual(['06', 'Xã A', 'Đạt']);
  });

  it('shares with each address once, without notification e-mails', async () => {
    const id = fake.createSpreadsheet({ title: 'Chia sẻ', tabs: [{ title: 'NTM' }] });
    fake.clearLog();
    await fakeGateway(fake).shareWith(id, ['a@huyen.vn', 'b@huyen.vn', 'a@huyen.vn']);
    expect(fake.count('drive.permissions.create')).toBe(2);
    expect(fake.log.every((e) => e.query['sendNotificationEmail'] === 'false')).toBe(true);
    expect(fake.file(id)?.permissions.map((p) => [p.emailAddress, p.role])).toEqual([
      ['a@huyen.vn', 'writer'],
      ['b@huyen.vn', 'writer'],
    ]);
  });
});
