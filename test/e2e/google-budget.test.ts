import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleGatewayFactory } from '../../scripts/lib/google-deps.js';
import { initGoogle } from '../../shared/workspace/init-google.js';
import { FAKE_STAFF, FakeGoogleServer } from '../support/fake-google/fake-google-server.js';
import { FAST, googleEnv, operations, runGoogleInProcess, tempDir } from '../support/google-e2e.js';
import { ALL_MET, ntmRow, seedAdoptedUnits, seedGeneratedControl, type GeneratedProvince } from '../support/generated-province.js';

/**
 * The call budget of whole pipeline runs against Google, counted by the fake server's request
 * log (every HTTP request, retries included) in the buckets Google counts: Sheets reads, Sheets
 * writes, Drive. For N units of which k changed:
 * - Drive: 1 files.list (the summary rides along in it, so its existence costs nothing);
 * - Sheets reads: 1 (the control spreadsheet) + k (one spreadsheets.get per changed unit);
 * - Sheets writes: k (one batchUpdate per changed unit) + 1 (the summary's batchUpdate, only when
 *   something it shows changed);
 * whatever made the unit spreadsheets; a run where nothing changed is exactly 2 calls.
 */
const AS_OF = '2024-12-25';

interface Budget {
  drive: number;
  reads: number;
  writes: number;
}

const measuredBudget = (fake: FakeGoogleServer): Budget => ({
  drive: fake.countBucket('drive'),
  reads: fake.countBucket('read'),
  writes: fake.countBucket('write'),
});

/** Every request answered 200: no guessed id refused, no 429, no retry. */
const allAccepted = (fake: FakeGoogleServer): string[] => fake.log.filter((e) => e.status !== 200).map((e) => `${e.operation} ${e.status}`);

describe.each([11, 200])('a province of %i reporting units on spreadsheets init --google created', (n) => {
  let fake: FakeGoogleServer;
  let province: GeneratedProvince;
  let ws: string;
  const ids: string[] = [];
  const measured: Record<string, Budget> = {};

  beforeAll(async () => {
    fake = await FakeGoogleServer.start();
    province = seedGeneratedControl(fake, n);
    ws = await tempDir('ntp-budget-');
    const result = await initGoogle({
      gateway: googleGatewayFactory(googleEnv(fake), FAST)(province.folder),
      folderId: province.folder,
      configId: province.control,
    });
    expect(result.units.filter((u) => u.action === 'created')).toHaveLength(n);
    for (const u of result.units) ids.push(u.spreadsheetId ?? '');
    // Staff fill the poverty tab and the first commune's NTM row of every district before the first run.
    for (const id of ids) {
      fake.editCells(id, 'NTM', `C${ntmRow(0)}`, [ALL_MET], FAKE_STAFF);
      fake.editCells(
        id,
        'Giảm nghèo',
        `C${ntmRow(0)}`,
        [
          [500, 50, 20],
          [400, 40, 10],
        ],
        FAKE_STAFF,
      );
    }
  });
  afterAll(async () => {
    console.info(`Google calls for N=${n}: ${JSON.stringify(measured)}`);
    await fake.close();
    await rm(ws, { recursive: true, force: true });
  });

  it('first run: 1 Drive list, 1 + N Sheets reads, N + 1 Sheets writes', async () => {
    fake.clearLog();
    const { doc, requests, stats } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['first'] = measuredBudget(fake);
    expect(doc.units).toHaveLength(n);
    // The second commune of every district is still blank: its criteria are missing.
    expect(new Set(doc.units.map((u) => u.status))).toEqual(new Set(['invalid']));
    expect(doc.indicators.find((i) => i.unit === '01' && i.indicator === 'ntm.standard')?.value).toBe(n);
    expect(measuredBudget(fake)).toEqual({ drive: 1, reads: 1 + n, writes: n + 1 });
    expect(operations(fake)).toEqual({
      'drive.files.list': 1,
      'sheets.spreadsheets.get': 1 + n,
      'sheets.spreadsheets.batchUpdate': n + 1,
    });
    expect(allAccepted(fake)).toEqual([]);
    // The client's own counters agree with the server's log, bucket by bucket.
    expect(requests).toBe(fake.count());
    expect(stats.byBucket).toEqual({ read: 1 + n, write: n + 1, drive: 1 });
  });

  it('nothing changed: exactly one Drive list and the control read', async () => {
    fake.clearLog();
    const { doc } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['unchanged'] = measuredBudget(fake);
    expect(new Set(doc.units.map((u) => u.status))).toEqual(new Set(['unchanged']));
    expect(fake.log.map((e) => `${e.operation} ${e.spreadsheetId ?? ''}`)).toEqual([`sheets.spreadsheets.get ${province.control}`, 'drive.files.list ']);
  });

  it('k = 3 changed: one Sheets read and one Sheets write per changed unit, and only those units are touched', async () => {
    const changed = [ids[0], ids[Math.floor(n / 2)], ids[n - 1]] as string[];
    for (const id of changed) fake.editCells(id, 'NTM', `C${ntmRow(1)}`, [ALL_MET], FAKE_STAFF);
    fake.clearLog();
    const { doc } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['k=3'] = measuredBudget(fake);
    expect(doc.units.filter((u) => u.status !== 'unchanged').map((u) => u.status)).toEqual(['ok', 'ok', 'ok']);
    expect(measuredBudget(fake)).toEqual({ drive: 1, reads: 1 + 3, writes: 3 + 1 });
    expect(allAccepted(fake)).toEqual([]);
    const touched = new Set(fake.log.flatMap((e) => (e.spreadsheetId && e.spreadsheetId !== province.control ? [e.spreadsheetId] : [])));
    const summary = [...touched].filter((id) => !changed.includes(id));
    expect(summary).toHaveLength(1); // the summary spreadsheet, written once
    expect(doc.indicators.find((i) => i.unit === '01' && i.indicator === 'ntm.standard')?.value).toBe(n + 3);

    // Our own writes do not count as changes: the next run is quiet again, summary included.
    fake.clearLog();
    await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['after k=3'] = measuredBudget(fake);
    expect(fake.count()).toBe(2);
  });
});

describe('a province of 8 reporting units on spreadsheets staff made before (adopted by init --google)', () => {
  let fake: FakeGoogleServer;
  let province: GeneratedProvince;
  let ws: string;
  let ids: string[] = [];

  beforeAll(async () => {
    fake = await FakeGoogleServer.start();
    province = seedGeneratedControl(fake, 8);
    ids = seedAdoptedUnits(fake, province);
    ws = await tempDir('ntp-budget-adopted-');
    const result = await initGoogle({
      gateway: googleGatewayFactory(googleEnv(fake), FAST)(province.folder),
      folderId: province.folder,
      configId: province.control,
    });
    expect(result.units.map((u) => u.action)).toEqual(Array.from({ length: 8 }, () => 'kept'));
    // Their tabs carry Google's ids, not the template's, and there is no feedback tab yet.
    expect(fake.tabs(ids[0] ?? '').map((t) => t.sheetId < 100_000_000)).toEqual([true, false, false]);
  });
  afterAll(async () => {
    await fake.close();
    await rm(ws, { recursive: true, force: true });
  });

  it('first run: 2 + 2k + 1 = 19 calls (1 Drive list, 1 + 8 reads, 8 + 1 writes), no write refused for a guessed id', async () => {
    fake.clearLog();
    const { doc } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    expect(doc.units.map((u) => u.status)).toEqual(Array.from({ length: 8 }, () => 'ok'));
    expect(measuredBudget(fake)).toEqual({ drive: 1, reads: 1 + 8, writes: 8 + 1 });
    expect(fake.count()).toBe(19);
    expect(allAccepted(fake)).toEqual([]);
    expect(fake.values(ids[0] ?? '', 'Kết quả kiểm tra').length).toBeGreaterThan(0);
  });

  it('nothing changed: 2 calls', async () => {
    fake.clearLog();
    await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    expect(fake.count()).toBe(2);
  });

  it('staff recreate tabs (new random ids) and edit: still one read and one write per changed unit', async () => {
    const [a, b] = [ids[2] ?? '', ids[5] ?? ''];
    fake.recreateTab(a, 'NTM');
    fake.recreateTab(a, 'Kết quả kiểm tra');
    fake.recreateTab(b, 'Giảm nghèo');
    fake.editCells(b, 'Giảm nghèo', 'C3', [[510]]);
    fake.clearLog();
    const { doc } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    expect(doc.units.filter((u) => u.status !== 'unchanged')).toHaveLength(2);
    expect(measuredBudget(fake)).toEqual({ drive: 1, reads: 1 + 2, writes: 2 + 1 });
    expect(allAccepted(fake)).toEqual([]);
  });
});
