import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedPlans from '../../shared/data/seed-plans.json' with { type: 'json' };
import { indicator, runCli, runJson, type RunJsonDoc } from '../support/cli.js';
import { readTab } from '../support/xlsx-fixture.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function npmStart(workspace: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'scripts/start.ts'), '--workspace', workspace], { cwd: ROOT }, (error, _stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    );
  });
}

/** The demo's 2021-2025 period: Kon Tum 2025 (seed-plans.json `konTum2025`), with its 2024 history in the store. */
describe('demo workspace, Kon Tum 2025', () => {
  const plan = seedPlans.konTum2025;
  let ws: string;
  let run: RunJsonDoc;

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-demo-2025-'));
    expect((await runCli(['init', '--workspace', ws, '--demo'])).code).toBe(0);
    run = await runJson(ws, ['--period', '2025', '--as-of', '2025-10-15']);
  }, 120_000);

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('reproduces the plan: standard, advanced and model communes, every commune at 15 criteria or more', () => {
    expect(run.units).toEqual([{ code: '62', name: 'Tỉnh Kon Tum', status: 'ok', errors: 0, warnings: 0 }]);
    expect(indicator(run, '62', 'ntm.communes')).toBe(86);
    expect(indicator(run, '62', 'ntm.standard')).toBe(plan.standardCommunesMin);
    expect(indicator(run, '62', 'ntm.advanced')).toBe(plan.advancedCommunes);
    expect(indicator(run, '62', 'ntm.model')).toBe(plan.modelCommunes);
    expect(indicator(run, '62', 'ntm.at_least.15.pct')).toBe(100);
  });

  it('gives ntm.avg_gain over the 2024 period the store holds, inside the plan 1-2 criteria a year', () => {
    const gain = indicator(run, '62', 'ntm.avg_gain');
    expect(gain).toBeGreaterThanOrEqual(plan.criteriaAddedPerYear.min);
    expect(gain).toBeLessThanOrEqual(plan.criteriaAddedPerYear.max);
    expect(run.targets.filter((t) => t.unit === '62').map((t) => [t.indicator, t.status])).toEqual([
      ['ntm.standard', 'met'],
      ['ntm.advanced', 'met'],
      ['ntm.model', 'met'],
      ['ntm.at_least.15.pct', 'met'],
      ['ntm.avg_gain', 'met'],
    ]);
  });

  it('shows the levels, the at-least count the plan names and the gain in Tổng hợp NTM', async () => {
    const rows = await readTab(join(ws, 'summary.xlsx'), 'Tổng hợp NTM');
    const header = rows.find((r) => r[0] === 'Mã') ?? [];
    const province = rows.find((r) => r[0] === '62') ?? [];
    const at = (title: string): unknown => province[header.indexOf(title)];
    expect(at('Xã NTM nâng cao trở lên (số xã)')).toBe(plan.advancedCommunes);
    expect(at('Xã NTM kiểu mẫu (số xã)')).toBe(plan.modelCommunes);
    expect(at('Từ 15 tiêu chí (%)')).toBe(100);
    expect(at('Tăng bình quân tiêu chí/xã so với kỳ trước')).toBeCloseTo(indicator(run, '62', 'ntm.avg_gain') ?? Number.NaN, 2);
  });

  it('npm start runs every period the demo schedules, one summary each naming its period', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'ntp-start-'));
    try {
      const res = await npmStart(fresh);
      expect(res.code, res.stderr).toBe(0);
      const k2018 = res.stderr.indexOf('Kỳ 2018 — ngày tính 15/10/2018');
      const k2025 = res.stderr.indexOf('Kỳ 2025 — ngày tính 15/10/2025');
      expect(k2018).toBeGreaterThanOrEqual(0);
      expect(k2025).toBeGreaterThan(k2018);
      expect(res.stderr.slice(k2025)).toMatch(/Xã đạt NTM kiểu mẫu\s+6/);
      expect(res.stderr.slice(k2025)).toMatch(/Tiêu chí\/xã tăng so kỳ trước\s+1,\d+/);
      // Each period's summary is kept beside summary.xlsx (the newest one).
      for (const period of ['2018', '2023', '2025']) {
        const rows = await readTab(join(fresh, `summary-${period}.xlsx`), 'Tổng quan');
        expect(rows[0]?.[0]).toBe(`TỔNG QUAN - Kỳ ${period}`);
      }
      expect((await readTab(join(fresh, 'summary.xlsx'), 'Tổng quan'))[0]?.[0]).toBe('TỔNG QUAN - Kỳ 2025');
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }, 120_000);
});
