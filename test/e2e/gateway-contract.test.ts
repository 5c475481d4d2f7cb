import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson, type RunJsonDoc } from '../support/cli.js';
import { FakeGoogleServer } from '../support/fake-google/fake-google-server.js';
import { cliRunGoogle, comparable, googleEnv, tempDir } from '../support/google-e2e.js';
import { AS_OF, seedGoogleProvince, writeXlsxProvince, writeXlsxUnits, type GoogleProvince } from '../support/small-province.js';

/**
 * One suite, two front ends: the same small province (a control workbook and three district
 * workbooks with a few errors) as .xlsx files in a workspace and as Google spreadsheets on the
 * fake server, each run through the real command line. Both must produce the same JSON, first as
 * loaded, then after staff fix two cells of Huyện A.
 */

interface Backend {
  name: 'xlsx' | 'google';
  setUp(): Promise<void>;
  run(): Promise<RunJsonDoc>;
  /** Staff fix Huyện A's two NTM errors (D4 and G4). */
  fixUnitA(): Promise<void>;
  tearDown(): Promise<void>;
}

function xlsxBackend(): Backend {
  let ws = '';
  return {
    name: 'xlsx',
    async setUp() {
      ws = await tempDir('ntp-contract-xlsx-');
      await writeXlsxProvince(ws);
    },
    run: () => runJson(ws, ['--as-of', AS_OF]),
    fixUnitA: () => writeXlsxUnits(ws, true, 'a'),
    async tearDown() {
      await rm(ws, { recursive: true, force: true });
    },
  };
}

function googleBackend(): Backend {
  let fake: FakeGoogleServer;
  let province: GoogleProvince;
  let ws = '';
  return {
    name: 'google',
    async setUp() {
      fake = await FakeGoogleServer.start();
      province = seedGoogleProvince(fake);
      ws = await tempDir('ntp-contract-google-');
      // init --google keeps the three existing spreadsheets and adds the summary and `Cấu hình`.
      const init = await runCli(['init', '--google', '--folder', province.folder, '--config', province.control, '--json'], googleEnv(fake));
      expect(init.code, init.stderr).toBe(0);
      const result = JSON.parse(init.stdout) as { units: { action: string }[] };
      expect(result.units.map((u) => u.action)).toEqual(['kept', 'kept', 'kept']);
    },
    run: () => cliRunGoogle(fake, ws, province.control, ['--as-of', AS_OF]),
    fixUnitA() {
      fake.editCells(province.units.a, 'NTM', 'D4', [['Đạt']]);
      fake.editCells(province.units.a, 'NTM', 'G4', [['Đạt']]);
      return Promise.resolve();
    },
    async tearDown() {
      await fake.close();
      await rm(ws, { recursive: true, force: true });
    },
  };
}

const docs: Partial<Record<Backend['name'], RunJsonDoc[]>> = {};

describe.each([xlsxBackend(), googleBackend()])('the same province through the $name front end', (backend) => {
  const runs: RunJsonDoc[] = [];

  beforeAll(async () => {
    await backend.setUp();
    runs.push(await backend.run());
    docs[backend.name] = runs;
  });
  afterAll(async () => {
    await backend.tearDown();
  });

  it('gives each unit its status', () => {
    expect(runs[0]?.units.map((u) => [u.code, u.status, u.errors, u.warnings])).toEqual([
      ['001', 'invalid', 3, 0],
      ['002', 'invalid', 1, 1],
      ['003', 'invalid', 1, 0],
    ]);
  });

  it('reports each problem with its tab and cell, in Vietnamese', () => {
    const at = (unit: string) => (runs[0]?.issues ?? []).filter((i) => i.unit === unit).map((i) => `${i.code}@${i.tab}!${i.cell ?? ''}`);
    expect(at('001').sort()).toEqual(['criterion_invalid@NTM!D4', 'criterion_missing@NTM!G4', 'number_ambiguous@Giảm nghèo!D3']);
    expect(at('002').sort()).toEqual(['column_extra@Giảm nghèo!F1', 'formula_error@Giảm nghèo!D2']);
    expect(at('003')).toEqual(['tab_missing@Giảm nghèo!']);
    for (const i of runs[0]?.issues ?? []) expect(i.message).toMatch(/[À-ỹ]/);
  });

  it('consolidates only the rows without errors and evaluates the targets', () => {
    const value = (unit: string, id: string) => runs[0]?.indicators.find((i) => i.unit === unit && i.indicator === id)?.value;
    expect(value('01', 'ntm.communes')).toBe(4);
    expect(value('01', 'ntm.standard')).toBe(3);
    expect(value('nhóm:xã biên giới', 'ntm.standard')).toBe(1);
    expect(value('01', 'poverty.households')).toBe(1234 + 700);
    expect(value('01', 'poverty.poor')).toBe(150);
    expect(runs[0]?.targets.map((t) => [t.unit, t.indicator, t.status])).toEqual([
      ['01', 'ntm.standard', 'met'],
      ['01', 'poverty.rate', 'met'],
      ['nhóm:xã biên giới', 'ntm.standard', 'missed'],
    ]);
  });

  it('raises the alerts for the right people', () => {
    const alerts = runs[0]?.alerts ?? [];
    expect(alerts.filter((a) => a.kind === 'data_invalid').map((a) => [a.unit, a.recipients])).toEqual([
      ['001', ['huyena@tinh.example', 'vanphong@tinh.example']],
      ['002', ['huyenb@tinh.example', 'pho.huyenb@tinh.example', 'vanphong@tinh.example']],
      ['003', ['vanphong@tinh.example']],
    ]);
    expect(alerts.some((a) => a.kind === 'target_missed' && a.unit === 'nhóm:xã biên giới')).toBe(true);
  });

  it('follows a fix and skips the workbooks that did not change', async () => {
    await backend.fixUnitA();
    runs.push(await backend.run());
    const second = runs[1];
    expect(second?.units.map((u) => [u.code, u.status])).toEqual([
      ['001', 'invalid'],
      ['002', 'unchanged'],
      ['003', 'unchanged'],
    ]);
    expect(second?.issues.filter((i) => i.unit === '001').map((i) => i.code)).toEqual(['number_ambiguous']);
    expect(second?.indicators.find((i) => i.unit === '01' && i.indicator === 'ntm.communes')?.value).toBe(5);
  });
});

describe('both front ends', () => {
  it('produce the same JSON for the same data (run id aside)', () => {
    const xlsx = docs.xlsx ?? [];
    const google = docs.google ?? [];
    expect(xlsx).toHaveLength(2);
    expect(google).toHaveLength(2);
    expect(comparable(google[0] as RunJsonDoc)).toEqual(comparable(xlsx[0] as RunJsonDoc));
    expect(comparable(google[1] as RunJsonDoc)).toEqual(comparable(xlsx[1] as RunJsonDoc));
  });
});
