import { afterEach, describe, expect, it } from 'vitest';
import { GoogleDeadlineExceededError } from '../../shared/adapters/google/google-errors.js';
import type { GoogleWorkbookGateway } from '../../shared/adapters/google/google-workbook-gateway.js';
import { WorkbookUnreadableError, type TabWrite } from '../../shared/ports/workbook-gateway.js';
import { FakeGoogleServer, type FaultHook } from '../support/fake-google/fake-google-server.js';
import { fakeGateway } from '../support/fake-google/fake-google-gateway.js';
import { seededRandom } from '../../shared/demo/seeded-random.js';

const started: FakeGoogleServer[] = [];
const startFake = async (): Promise<FakeGoogleServer> => {
  const fake = await FakeGoogleServer.start({ maxPageSize: 5 });
  started.push(fake);
  return fake;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

/** Deterministic pseudo-random numbers (the demo's mulberry32), so a failing fault pattern can be replayed. */
const prng = (seed: number): (() => number) => seededRandom(seed).next;

const FEEDBACK = 'Kết quả kiểm tra';

/** 11 units: 9 from templates, one without its NTM tab, one made by staff (random tab ids). */
function seedProvince(fake: FakeGoogleServer): { folder: string; ids: string[] } {
  const folder = fake.createFolder('Tỉnh');
  const ids: string[] = [];
  for (let i = 0; i < 11; i++) {
    const ntm = {
      title: 'NTM',
      sheetId: i === 10 ? 555_000 + i : 1001,
      rows: [
        ['Mã xã', 'Tên xã', 'TC1'],
        [`0${i}`, `Xã ${i}`, i % 3 === 0 ? 'sai' : 'Đạt'],
      ],
    };
    const poverty = {
      title: 'Giảm nghèo',
      sheetId: i === 10 ? 556_000 : 1002,
      rows: [
        ['Mã xã', 'Tổng số hộ', 'Số hộ nghèo'],
        [`0${i}`, 1000 + i, i * 7],
      ],
    };
    const tabs = i === 9 ? [poverty] : i === 10 ? [ntm, poverty] : [ntm, poverty, { title: FEEDBACK, sheetId: 1900 }];
    ids.push(fake.createSpreadsheet({ title: `Huyện ${i}`, folderId: folder, tabs }));
  }
  return { folder, ids };
}

/** One pipeline-like pass: stat all, read and write back each unit, stat again. */
async function runPass(gw: GoogleWorkbookGateway, ids: string[]) {
  const before = await gw.stat(ids);
  const reads = [];
  for (const id of ids) {
    const wb = await gw.read(id, ['NTM', 'Giảm nghèo']);
    reads.push(wb);
    const tab: TabWrite = { name: FEEDBACK, rows: [['Kết quả'], [`Đọc được ${wb.sheets.length} trang`], ['=không phải công thức']], headerRow: 1 };
    const bad = wb.sheets.find((s) => s.name === 'NTM')?.rows[1]?.[2] === 'sai';
    await gw.writeTabs(id, [tab], { marks: { set: bad ? [{ tab: 'NTM', cell: 'C2', note: 'Giá trị "sai" không hợp lệ' }] : [], clear: [] } });
  }
  const after = await gw.stat(ids);
  return { before, reads, after };
}

describe('GoogleWorkbookGateway under Google faults', () => {
  it('gives identical results when 30% of requests fail with 429 or 503, by retrying each', async () => {
    const clean = await startFake();
    const faulty = await startFake();
    const a = seedProvince(clean);
    const b = seedProvince(faulty);
    const random = prng(20250301);
    faulty.fault = () => {
      const r = random();
      if (r < 0.15) return { status: 429, retryAfterSeconds: 0 };
      if (r < 0.3) return { status: 503 };
      return undefined;
    };
    const gwA = fakeGateway(clean, { folderId: a.folder });
    const gwB = fakeGateway(faulty, { folderId: b.folder, retries: 8 });
    const resA = await runPass(gwA, a.ids);
    const resB = await runPass(gwB, b.ids);

    expect(resB.reads).toEqual(resA.reads);
    expect(resA.reads[9]?.sheets.map((s) => s.name)).toEqual(['Giảm nghèo']);
    expect([...resB.after.values()].map((s) => s?.version)).toEqual([...resA.after.values()].map((s) => s?.version));
    b.ids.forEach((id, i) => {
      const idA = a.ids[i] ?? '';
      expect(faulty.values(id, FEEDBACK)).toEqual(clean.values(idA, FEEDBACK));
      if (i !== 9) expect(faulty.cell(id, 'NTM', 'C2')).toEqual(clean.cell(idA, 'NTM', 'C2'));
    });
    expect(faulty.cell(b.ids[0] ?? '', 'NTM', 'C2')?.note).toBe('Giá trị "sai" không hợp lệ');

    const injected = faulty.log.filter((e) => e.injected).length;
    expect(injected).toBeGreaterThan(10);
    expect(gwB.stats().retries).toBe(injected);
    expect(gwA.stats().retries).toBe(0);
    // Every request that was not refused on purpose is one the clean run made too.
    expect(faulty.log.filter((e) => !e.injected).map((e) => e.operation)).toEqual(clean.log.map((e) => e.operation));
  });

  it('waits at least Retry-After before retrying a 429', async () => {
    const fake = await startFake();
    const { ids } = seedProvince(fake);
    let first = true;
    fake.fault = () => {
      if (!first) return undefined;
      first = false;
      return { status: 429, retryAfterSeconds: 1 };
    };
    const gw = fakeGateway(fake, { baseDelayMs: 5 });
    const wb = await gw.read(ids[0] ?? '', ['NTM']);
    expect(wb.sheets).toHaveLength(1);
    const [refused, retried] = fake.log;
    expect(refused?.status).toBe(429);
    expect(retried?.status).toBe(200);
    const waited = (retried?.at ?? 0) - (refused?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(1500);
  });

  it('repeats a batchUpdate whose reply was lost after Google applied it, and ends in the same state', async () => {
    const fake = await startFake();
    const id = fake.createSpreadsheet({ title: 'Tự lập', tabs: [{ title: 'NTM', sheetId: 42, rows: [['Mã xã']] }] });
    const gw = fakeGateway(fake);
    await gw.read(id, ['NTM', 'Giảm nghèo']); // learns the tabs (Giảm nghèo is missing)
    let lose = true;
    fake.fault = (r) => {
      if (r.operation !== 'sheets.spreadsheets.batchUpdate' || !lose) return undefined;
      lose = false;
      return { status: 503, serveFirst: true };
    };
    fake.clearLog();
    await gw.writeTabs(id, [{ name: FEEDBACK, rows: [['Kết quả'], ['Thiếu trang Giảm nghèo']] }]);
    // Applied then 503; the repeat's addSheet now collides (400); one get; the exact write succeeds.
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual([
      'sheets.spreadsheets.batchUpdate 503',
      'sheets.spreadsheets.batchUpdate 400',
      'sheets.spreadsheets.get 200',
      'sheets.spreadsheets.batchUpdate 200',
    ]);
    expect(fake.tabs(id).map((t) => t.title)).toEqual(['NTM', FEEDBACK]);
    expect(fake.values(id, FEEDBACK)).toEqual([['Kết quả'], ['Thiếu trang Giảm nghèo']]);
  });

  it('does not create a second file when files.create succeeded but its reply was lost', async () => {
    const fake = await startFake();
    const folder = fake.createFolder('Khởi tạo');
    let lose = true;
    fake.fault = (r) => {
      if (r.operation !== 'drive.files.create' || !lose) return undefined;
      lose = false;
      return { status: 503, serveFirst: true };
    };
    const created = await fakeGateway(fake).createSpreadsheet('Báo cáo Huyện Y', [{ name: 'NTM', rows: [['Mã xã']] }], folder);
    expect(fake.filesIn(folder)).toHaveLength(1);
    expect(fake.filesIn(folder)[0]?.id).toBe(created.spreadsheetId);
    expect(fake.tabs(created.spreadsheetId)).toEqual([{ sheetId: 1001, title: 'NTM' }]);
    expect(fake.count('drive.files.create')).toBe(1);
  });

  it('gives up on a spreadsheet Google keeps throttling with WorkbookUnreadableError after the configured retries', async () => {
    const fake = await startFake();
    const { ids } = seedProvince(fake);
    fake.fault = () => ({ status: 429 });
    const gw = fakeGateway(fake, { retries: 2 });
    const error = await gw.read(ids[0] ?? '', ['NTM']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookUnreadableError);
    expect((error as WorkbookUnreadableError).reason).toContain('giới hạn');
    expect(fake.count('sheets.spreadsheets.get')).toBe(3);
    expect(gw.stats().byOperation['sheets.spreadsheets.get']).toEqual({ requests: 3, retries: 2 });
    expect(gw.stats().byBucket).toEqual({ read: 3, write: 0, drive: 0 });
  });

  it('stops at the deadline with GoogleDeadlineExceededError instead of retrying on', async () => {
    const fake = await startFake();
    const { ids } = seedProvince(fake);
    fake.fault = () => ({ status: 503 });
    const t0 = Date.now();
    const gw = fakeGateway(fake, { deadlineMs: t0 + 400, baseDelayMs: 100, maxDelayMs: 10_000, retries: 20 });
    await expect(gw.read(ids[0] ?? '', ['NTM'])).rejects.toBeInstanceOf(GoogleDeadlineExceededError);
    expect(Date.now() - t0).toBeLessThan(1000);
    // Once the deadline has passed, nothing more is sent.
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 450 - Date.now())));
    const sent = fake.count();
    await expect(gw.stat(ids)).rejects.toBeInstanceOf(GoogleDeadlineExceededError);
    expect(fake.count()).toBe(sent);
  });

  it('refuses up front a request whose pacing slot lies past the deadline', async () => {
    const fake = await startFake();
    const { ids } = seedProvince(fake);
    const gw = fakeGateway(fake, { requestsPerMinute: 60, burst: 1, deadlineMs: Date.now() + 500 });
    await gw.read(ids[0] ?? '', ['NTM']);
    const t0 = Date.now();
    await expect(gw.read(ids[1] ?? '', ['NTM'])).rejects.toBeInstanceOf(GoogleDeadlineExceededError);
    expect(Date.now() - t0).toBeLessThan(200);
    expect(fake.count()).toBe(1);
  });

  it('paces Sheets reads under the configured rate, measured at the server', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 20 }, (_, i) => fake.createSpreadsheet({ title: `P${i}`, tabs: [{ title: 'NTM' }] }));
    // 1200 per minute = one every 50 ms; all 20 reads are started at once.
    const gw = fakeGateway(fake, { readsPerMinute: 1200, writesPerMinute: 60_000, burst: 1 });
    const hook: FaultHook = () => undefined;
    fake.fault = hook;
    const read = await Promise.all(ids.map((id) => gw.read(id, ['NTM'])));
    expect(read).toHaveLength(20);
    const at = fake.log.map((e) => e.at).sort((x, y) => x - y);
    expect(at).toHaveLength(20);
    expect((at[19] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(900);
    // No 500 ms window holds more than 11 requests (10 intervals of 50 ms plus one).
    for (let i = 0; i + 11 < at.length; i++) expect((at[i + 11] ?? 0) - (at[i] ?? 0)).toBeGreaterThanOrEqual(500);
  });
});
