import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedPlans from '../../shared/data/seed-plans.json' with { type: 'json' };
import { indicator, runCli, runJson, type RunJsonDoc } from '../support/cli.js';
import { readTab, tabNames } from '../support/xlsx-fixture.js';

/**
 * The demo through the real command line: `init --demo`, then `run --json`, asserting that the
 * figures of the public plans come out of the workbooks written to disk.
 */
describe('demo workspace', () => {
  let ws: string;
  let first: RunJsonDoc;

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-demo-'));
    const init = await runCli(['init', '--workspace', ws, '--demo']);
    expect(init.code, init.stderr).toBe(0);
    first = await runJson(ws, ['--period', '2018', '--as-of', '2018-10-15']);
  }, 120_000);

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('reproduces the Lạng Sơn 2018 plan from the commune rows', () => {
    const plan = seedPlans.langSon2018Ntm;
    expect(indicator(first, '20', 'ntm.communes')).toBe(plan.communes);
    for (const b of plan.bucketTargets) expect(indicator(first, '20', `ntm.bucket.${b.bucket}`)).toBe(b.communes);
    for (const c of plan.criterionTargets) {
      expect(indicator(first, '20', `ntm.criterion.${c.no}`)).toBe(c.communes);
      // printed percentages are the counts over 207 communes, at their printed rounding
      const decimals = String(c.statedPct).split('.')[1]?.length ?? 0;
      expect(Number(indicator(first, '20', `ntm.criterion.${c.no}.pct`)!.toFixed(decimals))).toBe(c.statedPct);
    }
    expect(indicator(first, '20', 'ntm.standard')).toBe(plan.standardCommunesTotal);
    expect(indicator(first, '20', 'ntm.avg_criteria')).toBeCloseTo(1982 / 207, 12);
  });

  it('reproduces the Bắc Kạn baselines and reports the two contradictions the printed table holds', () => {
    const table = seedPlans.bacKan2017Poverty;
    expect(indicator(first, '06', 'poverty.households')).toBe(table.total.households);
    const inconsistent = first.alerts.filter((a) => a.kind === 'target_inconsistent');
    expect(inconsistent.map((a) => `${a.unit} ${a.indicator}`).sort()).toEqual(['06 poverty.poor_reduction', '060 poverty.rate_reduction_pp']);
    expect(inconsistent.find((a) => a.unit === '06')?.message).toContain('1.947');
    expect(inconsistent.find((a) => a.unit === '060')?.message).toContain('4,21');
  });

  it('reports the reporting rates in the JSON: every district of both provinces sent a readable workbook on time', () => {
    const reporting = first.indicators.filter((i) => i.unit === '20' && i.indicator.startsWith('reporting.'));
    expect(Object.fromEntries(reporting.map((i) => [i.indicator, i.value]))).toEqual({
      'reporting.expected': 11,
      'reporting.received': 11,
      'reporting.on_time': 11,
      'reporting.rate': 100,
      'reporting.on_time_rate': 100,
    });
    expect(reporting.every((i) => i.programme === 'reporting')).toBe(true);
    expect(indicator(first, '06', 'reporting.expected')).toBe(8);
    expect(first.indicators.find((i) => i.unit === '06' && i.indicator === 'reporting.rate')).toMatchObject({ numerator: 8, denominator: 8 });
  });

  it('rejects only the deliberate errors and keeps every unit running', () => {
    const statuses = new Set(first.units.map((u) => u.status));
    expect([...statuses].sort()).toEqual(['invalid', 'ok']);
    expect(first.units).toHaveLength(19);
    const codes = first.issues
      .filter((i) => i.severity === 'error')
      .map((i) => i.code)
      .sort();
    expect(codes).toEqual(['commune_code_missing', 'commune_duplicate', 'commune_duplicate', 'commune_outside_unit']);
  });

  it('writes the summary, feedback tabs and e-mails', async () => {
    expect(await tabNames(join(ws, 'summary.xlsx'))).toEqual([
      'Tổng quan',
      'Tổng hợp NTM',
      'Tổng hợp giảm nghèo',
      'Tổng hợp DTTS',
      'Tiến độ chỉ tiêu',
      'Tình hình nộp báo cáo',
      'Cảnh báo',
    ]);
    const ntm = await readTab(join(ws, 'summary.xlsx'), 'Tổng hợp NTM');
    const province = ntm.find((r) => r[0] === '20');
    expect(province?.[6]).toBe(48); // Số xã đạt chuẩn
    // Kon Tum's workbook (kt-) belongs to the 2025 period: this run did not read it.
    const units = (await readdir(join(ws, 'units'))).filter((f) => !f.startsWith('kt-'));
    for (const f of units) expect(await tabNames(join(ws, 'units', f))).toContain('Kết quả kiểm tra');
    const mails = await Promise.all((await readdir(join(ws, 'outbox'))).map(async (f) => simpleParser(await readFile(join(ws, 'outbox', f)))));
    const office = mails.find((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text === 'vanphong.giamngheo@backan.example');
    expect(office?.text).toContain('1.947');
  });

  it('changes nothing and sends nothing on a second run; init adds nothing', async () => {
    const files = async () => {
      const names = [...(await readdir(join(ws, 'units'))).map((f) => join('units', f)), 'summary.xlsx', 'config.xlsx'];
      return Promise.all(names.map(async (f) => `${f}:${(await stat(join(ws, f))).mtimeMs}`));
    };
    const before = await files();
    const outbox = (await readdir(join(ws, 'outbox'))).length;
    const again = await runJson(ws, ['--period', '2018', '--as-of', '2018-10-15']);
    expect(new Set(again.units.map((u) => u.status))).toEqual(new Set(['unchanged']));
    expect(again.indicators).toEqual(first.indicators);
    expect(again.alerts).toEqual(first.alerts);
    expect(await files()).toEqual(before);
    expect((await readdir(join(ws, 'outbox'))).length).toBe(outbox);
    const init = await runCli(['init', '--workspace', ws, '--demo']);
    expect(init.code).toBe(0);
    expect(await files()).toEqual(before);
  });

  // Last: this run replaces the summary workbook with the 2023 one.
  it('runs the Lạng Sơn 2023 DTTS period from the same workbooks: the districts’ DTTS tabs sum to the province, against the plan', async () => {
    const dtts = await runJson(ws, ['--period', '2023', '--as-of', '2023-10-15']);
    const ls = seedPlans.langSon2023Dtts;
    expect(dtts.units).toHaveLength(11);
    expect(dtts.units.filter((u) => u.status !== 'ok').map((u) => [u.code, u.status])).toEqual([['183', 'invalid']]);
    expect(dtts.issues.filter((i) => i.severity === 'error').map((i) => [i.unit, i.tab, i.cell, i.code])).toEqual([
      ['183', 'DTTS', 'A18', 'dtts_code_unknown'],
    ]);
    const districts = dtts.units.map((u) => u.code);
    for (const ind of ls.indicators) {
      const id = `dtts.${ind.project.toLowerCase()}.${ind.id}`;
      const province = indicator(dtts, '20', id);
      expect(province, id).toBe(districts.reduce((s, d) => s + (indicator(dtts, d, id) ?? 0), 0));
      expect(indicator(dtts, '20', `${id}.plan_pct`), id).toBeCloseTo(((province ?? 0) / ind.target) * 100, 10);
    }
    expect(indicator(dtts, '20', 'dtts.da4.duong_xa.total')).toBe(181);
    expect(dtts.targets.filter((t) => t.indicator.startsWith('dtts.')).length).toBeGreaterThan(14);
    expect(dtts.alerts.filter((a) => a.kind === 'target_inconsistent')).toEqual([]);
    const summary = join(ws, 'summary.xlsx');
    const rows = await readTab(summary, 'Tổng hợp DTTS');
    expect(rows.find((r) => r[0] === '20' && r[2] === 'DA1.nha_o')?.[5]).toBe(640);
    const overview = await readTab(summary, 'Tổng quan');
    expect(overview.some((r) => r[0] === 'Dự án 3')).toBe(true);
  }, 120_000);
});
