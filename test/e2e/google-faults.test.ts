import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleAccessAdvice } from '../../scripts/lib/google-deps.js';
import { runCli, type RunJsonDoc } from '../support/cli.js';
import { FAKE_SERVICE_ACCOUNT, FAKE_STAFF, FakeGoogleServer, type FakeLogEntry, type FakeRequest } from '../support/fake-google/fake-google-server.js';
import { comparable, FAST, googleEnv, mailTo, outbox, runGoogleInProcess, tempDir } from '../support/google-e2e.js';
import { AS_OF, seedGoogleProvince, type GoogleProvince } from '../support/small-province.js';
import { seededRandom } from '../../shared/demo/seeded-random.js';

/**
 * Faults and bad input on the Google front end, through the dependencies `run --google` builds:
 * transient errors are retried to the same result, and every problem of one spreadsheet stays
 * that unit's finding (Vietnamese, with an alert) while the rest of the province is processed.
 */

let fake: FakeGoogleServer;
const dirs: string[] = [];
const workspace = async (): Promise<string> => {
  const d = await tempDir('ntp-gfaults-');
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  fake = await FakeGoogleServer.start();
});
afterAll(async () => {
  await fake.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** `Cấu hình` as init --google writes it: the pipeline needs the folder and the summary's ID. */
function addSettings(p: GoogleProvince): void {
  const summary = fake.createSpreadsheet({ title: 'Tổng hợp', folderId: p.folder, tabs: [] });
  fake.addTab(p.control, 'Cấu hình', [
    ['Khóa', 'Giá trị'],
    ['Thư mục Drive', p.folder],
    ['Bảng tổng hợp', summary],
  ]);
}

/** Deterministic pseudo-random numbers (the demo's mulberry32), so a failing fault pattern can be replayed. */
const seeded = (seed: number): (() => number) => seededRandom(seed).next;

describe('transient errors', () => {
  it('30% of requests failing with 429/503 gives the identical JSON', async () => {
    const p = seedGoogleProvince(fake, 'Tỉnh lỗi tạm thời');
    addSettings(p);
    const clean = await runGoogleInProcess(fake, await workspace(), p.control, { asOf: AS_OF });

    const random = seeded(20241225);
    fake.fault = (_r: FakeRequest) => {
      if (random() >= 0.3) return undefined;
      // Half of the 503s are replies lost after Google did the work: writes must be safe to repeat.
      return random() < 0.5 ? { status: 429, retryAfterSeconds: 0 } : { status: 503, serveFirst: random() < 0.5 };
    };
    fake.clearLog();
    let faulty: { doc: RunJsonDoc; requests: number };
    try {
      faulty = await runGoogleInProcess(fake, await workspace(), p.control, { asOf: AS_OF });
    } finally {
      fake.fault = undefined;
    }
    const injected = fake.log.filter((e) => e.injected).length;
    expect(injected).toBeGreaterThanOrEqual(3);
    expect(injected / fake.log.length).toBeGreaterThan(0.15);
    expect(comparable(faulty.doc)).toEqual(comparable(clean.doc));
    expect(faulty.doc.units.map((u) => u.status)).toEqual(['invalid', 'invalid', 'invalid']);
  });
});

describe('bad input, one unit at a time', () => {
  let p: GoogleProvince;
  let ws: string;
  let first: RunJsonDoc;
  let second: RunJsonDoc;
  const BOGUS_ID = '1NoSuchSpreadsheetXXXXXXXXXXXXXXXXXXXXXXXXXX';
  let unshared = '';
  let secondLog: FakeLogEntry[] = [];
  // The service account's e-mail, as a key-based run knows it (a bare token does not).
  const tuning = { ...FAST, accountEmail: FAKE_SERVICE_ACCOUNT };

  beforeAll(async () => {
    p = seedGoogleProvince(fake, 'Tỉnh dữ liệu lỗi');
    addSettings(p);
    ws = await workspace();
    first = (await runGoogleInProcess(fake, ws, p.control, { asOf: AS_OF, tuning })).doc;

    // Huyện A renames its NTM tab; Huyện B types over a header; Huyện C's spreadsheet answers 403.
    fake.renameTab(p.units.a, 'NTM', 'NTM cũ');
    fake.editCells(p.units.b, 'Giảm nghèo', 'D1', [['Hộ nghèo (số)']]);
    fake.editCells(p.units.c, 'NTM', 'A3', [['00005']]);
    // Two more districts: one whose ID does not exist, one whose spreadsheet is not shared with us.
    unshared = fake.createSpreadsheet({ title: 'Huyện E', folderId: p.folder, tabs: [{ title: 'NTM', rows: [['Mã xã', 'Tên xã']] }] });
    fake.deny(unshared);
    fake.editCells(p.control, 'Đơn vị', 'A12', [
      ['004', 'Huyện D', 'huyện', '01', null, BOGUS_ID, 'huyend@tinh.example'],
      ['005', 'Huyện E', 'huyện', '01', null, `https://docs.google.com/spreadsheets/d/${unshared}/edit#gid=0`, null],
    ]);
    fake.fault = (r) => (r.spreadsheetId === p.units.c ? { status: 403 } : undefined);
    fake.clearLog();
    try {
      second = (await runGoogleInProcess(fake, ws, p.control, { asOf: AS_OF, tuning })).doc;
    } finally {
      fake.fault = undefined;
    }
    secondLog = [...fake.log];
  });

  const issuesOf = (doc: RunJsonDoc, unit: string) => doc.issues.filter((i) => i.unit === unit);

  it('completes the run and gives every unit its own status', () => {
    expect(first.units.map((u) => u.status)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(second.units.map((u) => [u.code, u.status])).toEqual([
      ['001', 'invalid'],
      ['002', 'invalid'],
      ['003', 'unreadable'],
      ['004', 'missing'],
      ['005', 'unreadable'],
    ]);
  });

  it('a renamed tab is a tab_missing finding, and the tab keeps the name staff gave it', () => {
    const a = issuesOf(second, '001');
    const missing = a.find((i) => i.code === 'tab_missing');
    expect(missing?.tab).toBe('NTM');
    expect(missing?.severity).toBe('error');
    expect(missing?.message).toContain('NTM');
    expect(fake.tabs(p.units.a).map((t) => t.title)).toContain('NTM cũ');
    expect(fake.tabs(p.units.a).map((t) => t.title)).not.toContain('NTM');
    // Its poverty tab was still read.
    expect(a.some((i) => i.code === 'number_ambiguous' && i.cell === 'D3')).toBe(true);
  });

  it('a header typed over is a column_missing finding at the header row', () => {
    const b = issuesOf(second, '002');
    const missing = b.find((i) => i.code === 'column_missing');
    expect(missing).toMatchObject({ tab: 'Giảm nghèo', cell: 'G1', severity: 'error' });
    expect(missing?.message).toContain('Số hộ nghèo');
    expect(b.find((i) => i.code === 'column_extra' && i.cell === 'D1')?.value).toBe('Hộ nghèo (số)');
    // Its NTM tab is still counted.
    expect(second.indicators.find((i) => i.unit === '002' && i.indicator === 'ntm.communes')?.value).toBe(2);
  });

  it('a 403 makes the unit unreadable, with a Vietnamese reason naming the account to share it with', () => {
    const c = issuesOf(second, '003');
    expect(c.map((i) => i.code)).toEqual(['workbook_unreadable']);
    expect(c[0]?.message).toContain(`chưa chia sẻ bảng tính cho ${FAKE_SERVICE_ACCOUNT}`);
    expect(c[0]?.hint).toContain(`Chia sẻ bảng tính với tài khoản của hệ thống (${FAKE_SERVICE_ACCOUNT})`);
    // Its last accepted rows stay in the totals.
    expect(second.indicators.find((i) => i.unit === '003' && i.indicator === 'ntm.communes')?.value).toBe(1);
  });

  it('an ID that does not exist is missing, saying the ID does not exist', () => {
    const [issue] = issuesOf(second, '004');
    expect(issue?.code).toBe('workbook_missing');
    expect(issue?.message).toContain('không tồn tại');
    expect(issue?.hint).toContain('Kiểm tra ID trong cột "Bảng tính"');
    expect(issue?.value).toBe(BOGUS_ID);
    expect(issuesOf(second, '005')[0]?.value).toBe(unshared); // the address pasted in `Bảng tính` was read as its ID
  });

  it('an ID Drive does not list costs one Sheets call: not shared (403) is unreadable naming the account, unknown (404) missing', () => {
    const sheetsCallsFor = (id: string) => secondLog.filter((e) => e.spreadsheetId === id && e.bucket !== 'drive').map((e) => `${e.operation} ${e.status}`);
    expect(sheetsCallsFor(BOGUS_ID)).toEqual(['sheets.spreadsheets.get 404']);
    expect(sheetsCallsFor(unshared)).toEqual(['sheets.spreadsheets.get 403']);
    expect(second.units[4]).toMatchObject({ code: '005', status: 'unreadable' });
    const [issue] = issuesOf(second, '005');
    expect(issue?.code).toBe('workbook_unreadable');
    expect(issue?.message).toContain(`chưa chia sẻ bảng tính cho ${FAKE_SERVICE_ACCOUNT}`);
    expect(issue?.hint).toContain(`Chia sẻ bảng tính với tài khoản của hệ thống (${FAKE_SERVICE_ACCOUNT})`);
    expect(second.alerts.map((a) => `${a.kind}:${a.unit}`)).toEqual(expect.arrayContaining(['unit_unreadable:005', 'report_missing:004']));
  });

  it('alerts the office by e-mail about the unreadable and the missing spreadsheets', async () => {
    const kinds = second.alerts.map((a) => `${a.kind}:${a.unit}`);
    expect(kinds).toEqual(expect.arrayContaining(['unit_unreadable:003', 'report_missing:004', 'data_invalid:002']));
    const unreadable = second.alerts.find((a) => a.kind === 'unit_unreadable');
    expect(unreadable?.recipients).toContain('vanphong@tinh.example');
    const mails = await outbox(ws);
    const office = mails.filter((m) => mailTo(m) === 'vanphong@tinh.example');
    expect(office).toHaveLength(2); // one digest per run
    const latest = office.find((m) => m.text?.includes('Huyện D'));
    expect(latest?.text).toMatch(/KHÔNG ĐỌC ĐƯỢC BẢNG TÍNH \(2\)\s+- Huyện C: .*\n\s+- Huyện E: /);
    expect(latest?.text).toMatch(/CHƯA NỘP BÁO CÁO \(2\)\s+- Huyện D: .*\n\s+- Huyện E: /);
    expect(latest?.html).toContain('Huyện C');
    expect(latest?.subject).toMatch(/cảnh báo/i);
    expect(mails.some((m) => mailTo(m) === 'huyend@tinh.example')).toBe(true);
  });

  it('staff edits are never overwritten: only the feedback tab and cell marks are written', () => {
    expect(fake.values(p.units.b, 'Giảm nghèo')[0]).toEqual(['Mã xã', 'Tên xã', 'Tổng số hộ', 'Hộ nghèo (số)', 'Số hộ cận nghèo', 'Ghi chú riêng']);
    expect(fake.values(p.units.a, 'Giảm nghèo')[2]).toEqual(['00002', 'Xã Hai', 800, '1,955', 40]);
    expect(fake.file(p.units.c)?.lastModifyingUser).toBe(FAKE_STAFF); // refused spreadsheet: nothing written
  });
});

describe('setup problems stop the run with a Vietnamese message (exit code 1)', () => {
  it('no `Cấu hình` yet: says to run init --google', async () => {
    const p = seedGoogleProvince(fake, 'Tỉnh chưa init');
    const res = await runCli(['run', '--google', '--config', p.control, '--workspace', await workspace(), '--json'], googleEnv(fake));
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('chưa có ID bảng tổng hợp');
    expect(res.stderr).toContain(`init --google --folder <ID thư mục Drive> --config ${p.control}`);
  });

  it('the summary spreadsheet was deleted: says to run init --google again', async () => {
    const p = seedGoogleProvince(fake, 'Tỉnh mất bảng tổng hợp');
    addSettings(p);
    const summary = String(fake.values(p.control, 'Cấu hình')[2]?.[1]);
    fake.trash(summary);
    const res = await runCli(['run', '--google', '--config', p.control, '--workspace', await workspace()], googleEnv(fake));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`Không tìm thấy bảng tổng hợp "${summary}"`);
  });

  it('an unknown control spreadsheet: says to check the ID and share it', async () => {
    const res = await runCli(
      ['run', '--google', '--config', '1NoSuchControlXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '--workspace', await workspace()],
      googleEnv(fake),
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('chia sẻ bảng tính cấu hình');
  });
});

describe('advice on access problems', () => {
  it('says a missing spreadsheet does not exist (check the ID), and an unreadable one is to be shared with the named account', () => {
    const advice = googleAccessAdvice('ntp@du-an.iam.gserviceaccount.com');
    expect(advice.missingReason).toContain('không tồn tại');
    expect(advice.missingHint).toContain('Kiểm tra ID');
    expect(`${advice.missingReason} ${advice.missingHint}`).not.toContain('chia sẻ');
    expect(advice.unreadableHint).toContain('Chia sẻ bảng tính với tài khoản của hệ thống (ntp@du-an.iam.gserviceaccount.com)');
    expect(googleAccessAdvice(undefined).unreadableHint).toContain('tài khoản Google mà hệ thống dùng');
  });
});
