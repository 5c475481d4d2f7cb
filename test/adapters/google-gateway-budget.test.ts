import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GoogleWorkbookGateway } from '../../shared/adapters/google/google-workbook-gateway.js';
import { CONTROL_TABS, FEEDBACK_TAB_NAME } from '../../shared/forms/tab-specs.js';
import type { WorkbookStat } from '../../shared/ports/workbook-gateway.js';
import { FAKE_STAFF, FakeGoogleServer } from '../support/fake-google/fake-google-server.js';
import { fakeGateway } from '../support/fake-google/fake-google-gateway.js';

/**
 * The call budget of whole runs, driven the way the pipeline drives the gateway: stat everything,
 * read the control spreadsheet, read and write back each changed unit, write the summary.
 * Budget for N units, on unit spreadsheets staff made (Google's random tab ids, no feedback tab):
 * nothing changed = 1 Drive call + the control read; k changed = 1 Drive call + (1 + k) Sheets
 * reads + (k + 1) Sheets writes, the last write being the summary's.
 */
let fake: FakeGoogleServer;
beforeAll(async () => {
  fake = await FakeGoogleServer.start();
});
afterAll(async () => {
  await fake.close();
});

interface Province {
  folder: string;
  control: string;
  summary: string;
  units: string[];
}

async function initProvince(gw: GoogleWorkbookGateway, n: number): Promise<Province> {
  const folder = fake.createFolder('Văn phòng điều phối');
  const control = (
    await gw.createSpreadsheet(
      'Cấu hình',
      CONTROL_TABS.map((t) => ({ name: t.name, rows: [t.columns.map((c) => c.header)], headerRow: 1 })),
      folder,
    )
  ).spreadsheetId;
  const summary = (
    await gw.createSpreadsheet(
      'Tổng hợp',
      [
        { name: 'Tổng hợp NTM', rows: [['Chưa có số liệu']] },
        { name: 'Cảnh báo', rows: [['Chưa có']] },
      ],
      folder,
    )
  ).spreadsheetId;
  // The province's own spreadsheets, adopted as they are: Google gave their tabs random ids.
  const units = Array.from({ length: n }, (_, i) =>
    fake.createSpreadsheet({
      title: `Huyện ${i}`,
      folderId: folder,
      tabs: [
        { title: 'Trang tính1' },
        { title: 'NTM', rows: [['Mã xã', 'Tên xã', 'TC1']] },
        { title: 'Giảm nghèo', rows: [['Mã xã', 'Tên xã', 'Tổng số hộ']] },
      ],
    }),
  );
  return { folder, control, summary, units };
}

/** One run; `stored` carries the versions the previous run recorded. */
async function run(gw: GoogleWorkbookGateway, p: Province, stored: Map<string, string>): Promise<{ changed: number }> {
  const stats = await gw.stat([p.control, ...p.units]);
  await gw.read(
    p.control,
    CONTROL_TABS.map((t) => t.name),
  );
  let changed = 0;
  for (const unit of p.units) {
    const stat = stats.get(unit) as WorkbookStat;
    if (stored.get(unit) === stat.version) continue;
    changed += 1;
    const wb = await gw.read(unit, ['NTM', 'Giảm nghèo']);
    const after = await gw.writeTabs(unit, [{ name: FEEDBACK_TAB_NAME, rows: [['Đã kiểm tra'], [`${wb.sheets.length} trang`]] }], {
      marks: { set: [{ tab: 'NTM', cell: 'C2', note: 'Kiểm tra lại' }], clear: [] },
    });
    stored.set(unit, after.version);
  }
  await gw.writeTabs(p.summary, [
    {
      name: 'Tổng hợp NTM',
      rows: [
        ['Đơn vị', 'Số xã đạt chuẩn'],
        ['Tỉnh', changed],
      ],
      headerRow: 1,
    },
  ]);
  return { changed };
}

const sheetsCalls = (): { reads: number; writes: number; drive: number } => ({
  reads: fake.countBucket('read'),
  writes: fake.countBucket('write'),
  drive: fake.countBucket('drive'),
});

it('keeps every run at the budget: 1 + control when nothing changed, one read and one write per changed unit', async () => {
  const province = await initProvince(fakeGateway(fake), 11);
  province.units.forEach((u, i) => fake.editCells(u, 'NTM', 'A2', [[`0${i}`, `Xã ${i}`, 'Đạt']], FAKE_STAFF));
  const stored = new Map<string, string>();

  fake.clearLog();
  const first = await run(fakeGateway(fake, { folderId: province.folder }), province, stored);
  expect(first.changed).toBe(11);
  expect(sheetsCalls()).toEqual({ drive: 1, reads: 1 + 11, writes: 11 + 1 });
  // No write named a guessed id: nothing was refused.
  expect(fake.log.every((e) => e.status === 200)).toBe(true);

  fake.clearLog();
  const quiet = await run(fakeGateway(fake, { folderId: province.folder }), province, stored);
  expect(quiet.changed).toBe(0);
  // stat (one files.list) + the control read; the summary write is the pipeline's choice to skip.
  expect(fake.log.filter((e) => e.operation !== 'sheets.spreadsheets.batchUpdate').map((e) => e.operation)).toEqual([
    'drive.files.list',
    'sheets.spreadsheets.get',
  ]);

  for (const u of province.units.slice(2, 5)) fake.editCells(u, 'Giảm nghèo', 'A2', [['06', 'Xã A', 1955]], FAKE_STAFF);
  fake.clearLog();
  const some = await run(fakeGateway(fake, { folderId: province.folder }), province, stored);
  expect(some.changed).toBe(3);
  expect(sheetsCalls()).toEqual({ drive: 1, reads: 1 + 3, writes: 3 + 1 });
  expect(fake.log.every((e) => e.status === 200)).toBe(true);
});
