import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleGatewayFactory } from '../../scripts/lib/google-deps.js';
import { initGoogle } from '../../shared/workspace/init-google.js';
import { FAKE_STAFF, FakeGoogleServer } from '../support/fake-google/fake-google-server.js';
import { FAST, googleEnv, operations, runGoogleInProcess, tempDir } from '../support/google-e2e.js';
import { ALL_MET, ntmRow, seedGeneratedControl, type GeneratedProvince } from '../support/generated-province.js';

/**
 * The call budget of whole pipeline runs against Google (counted by the fake server's request
 * log, every HTTP request including retries): for N units, a first run costs at most
 * 2 + 2N + 1, a run where nothing changed exactly one Drive list plus the control read, and a run
 * where k units changed at most 2 + 2k + 1 (the +1 is the summary's batchUpdate).
 */
const AS_OF = '2024-12-25';

describe.each([11, 200])('a province of %i reporting units', (n) => {
  let fake: FakeGoogleServer;
  let province: GeneratedProvince;
  let ws: string;
  const ids: string[] = [];
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    fake = await FakeGoogleServer.start();
    province = seedGeneratedControl(fake, n);
    ws = await tempDir('ntp-budget-');
    const result = await initGoogle({ gateway: googleGatewayFactory(googleEnv(fake), FAST)(province.folder), folderId: province.folder, configId: province.control });
    expect(result.units.filter((u) => u.action === 'created')).toHaveLength(n);
    for (const u of result.units) ids.push(u.spreadsheetId ?? '');
    // Staff fill the poverty tab and the first commune's NTM row of every district before the first run.
    for (const id of ids) {
      fake.editCells(id, 'NTM', `C${ntmRow(0)}`, [ALL_MET], FAKE_STAFF);
      fake.editCells(id, 'Giảm nghèo', `C${ntmRow(0)}`, [[500, 50, 20], [400, 40, 10]], FAKE_STAFF);
    }
  });
  afterAll(async () => {
    console.info(`Google calls for N=${n}: ${JSON.stringify(measured)}`);
    await fake.close();
    await rm(ws, { recursive: true, force: true });
  });

  it('first run: at most 2 + 2N + 1 calls, every unit read once and written once', async () => {
    fake.clearLog();
    const { doc, requests } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['first'] = fake.count();
    expect(doc.units).toHaveLength(n);
    // The second commune of every district is still blank: its criteria are missing.
    expect(new Set(doc.units.map((u) => u.status))).toEqual(new Set(['invalid']));
    expect(doc.indicators.find((i) => i.unit === '01' && i.indicator === 'ntm.standard')?.value).toBe(n);
    expect(fake.count()).toBeLessThanOrEqual(2 + 2 * n + 1);
    expect(fake.count()).toBe(2 + 2 * n + 1);
    expect(operations(fake)).toEqual({
      'drive.files.list': 1,
      'sheets.values.batchGet': 1 + n,
      'sheets.spreadsheets.batchUpdate': n + 1,
    });
    expect(requests).toBe(fake.count()); // the client's own counters agree with the server's log
  });

  it('nothing changed: exactly one Drive list and the control read', async () => {
    fake.clearLog();
    const { doc } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['unchanged'] = fake.count();
    expect(new Set(doc.units.map((u) => u.status))).toEqual(new Set(['unchanged']));
    expect(fake.log.map((e) => `${e.operation} ${e.spreadsheetId ?? ''}`)).toEqual([`sheets.values.batchGet ${province.control}`, 'drive.files.list ']);
  });

  it('k = 3 changed: at most 2 + 2k + 1 calls, and only those units are touched', async () => {
    const changed = [ids[0], ids[Math.floor(n / 2)], ids[n - 1]] as string[];
    for (const id of changed) fake.editCells(id, 'NTM', `C${ntmRow(1)}`, [ALL_MET], FAKE_STAFF);
    fake.clearLog();
    const { doc } = await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['k=3'] = fake.count();
    expect(doc.units.filter((u) => u.status !== 'unchanged').map((u) => u.status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.count()).toBeLessThanOrEqual(2 + 2 * 3 + 1);
    expect(fake.count()).toBe(2 + 2 * 3 + 1);
    const touched = new Set(fake.log.flatMap((e) => (e.spreadsheetId && e.spreadsheetId !== province.control ? [e.spreadsheetId] : [])));
    const summary = [...touched].filter((id) => !changed.includes(id));
    expect(summary).toHaveLength(1); // the summary spreadsheet, written once
    expect(doc.indicators.find((i) => i.unit === '01' && i.indicator === 'ntm.standard')?.value).toBe(n + 3);

    // Our own writes do not count as changes: the next run is quiet again, summary included.
    fake.clearLog();
    await runGoogleInProcess(fake, ws, province.control, { asOf: AS_OF });
    measured['after k=3'] = fake.count();
    expect(fake.count()).toBe(2);
  });
});
