import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import seedPlans from '../../shared/data/seed-plans.json' with { type: 'json' };
import type { Baseline } from '../../shared/domain/config.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, type UnitCode } from '../../shared/domain/ids.js';
import type { NtmRow, PovertyRow } from '../../shared/domain/rows.js';
import { parseControlWorkbook } from '../../shared/forms/control-workbook.js';
import type { SheetIssue } from '../../shared/domain/issue.js';
import { CONTROL_TABS } from '../../shared/forms/tab-specs.js';
import { parseUnitWorkbook } from '../../shared/forms/unit-workbook.js';
import { initWorkspace } from '../../shared/workspace/init-workspace.js';

describe('initWorkspace --demo', () => {
  let dir: string;
  let first: { created: string[]; skipped: string[] };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'init-demo-'));
    first = await initWorkspace(dir, { demo: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the folders, the control workbook and one workbook per reporting unit', async () => {
    expect(first.skipped).toEqual([]);
    expect(first.created[0]).toBe('config.xlsx');
    expect(first.created).toHaveLength(1 + 11 + 8 + 1);
    expect(first.created).toContain('units/kt-62-kon-tum.xlsx');
    expect(first.created).toContain('units/ls-178-tp-lang-son.xlsx');
    expect(first.created).toContain('units/bk-061-ba-be.xlsx');
    expect((await readdir(dir)).sort()).toEqual(['.state', 'config.xlsx', 'outbox', 'units']);
    expect((await readdir(join(dir, 'units'))).sort()).toEqual(first.created.slice(1).map((f) => f.slice('units/'.length)).sort());
  });

  it('gives each unit only the tabs of the programmes scheduled for it', async () => {
    const gw = new XlsxWorkbookGateway({ dir });
    const ls = await gw.read('units/ls-180-trang-dinh.xlsx', ['NTM', 'Giảm nghèo', 'Hướng dẫn']);
    expect(ls.sheets.map((s) => s.name)).toEqual(['NTM', 'Hướng dẫn']);
    const bk = await gw.read('units/bk-058-tp-bac-kan.xlsx', ['NTM', 'Giảm nghèo']);
    expect(bk.sheets.map((s) => s.name)).toEqual(['Giảm nghèo']);
  });

  it('yields, through files, gateway and parser, exactly the plan\'s figures and only the deliberate errors', async () => {
    const gw = new XlsxWorkbookGateway({ dir });
    const config = parseControlWorkbook(await gw.read('config.xlsx', CONTROL_TABS.map((t) => t.name)));
    expect(config.issues).toEqual([]);
    const h = new Hierarchy(config.units);
    const baselines = new Map<UnitCode, Baseline>(config.baselines.map((b) => [b.unit, b]));
    const ntm: NtmRow[] = [];
    const poverty: PovertyRow[] = [];
    const issues: (SheetIssue & { unit: string })[] = [];
    // Kon Tum reports 2025 (test/demo/demo-kon-tum.test.ts); this is the 2018 demo.
    for (const unit of h.reportingUnits().filter((u) => u.code !== '62')) {
      const province = h.ancestors(unit.code).pop()?.code;
      const programmes = province === '20' ? (['ntm'] as const) : (['giam_ngheo'] as const);
      const period = '2018';
      const raw = await gw.read(`units/${unit.workbook}`, ['NTM', 'Giảm nghèo']);
      const parsed = parseUnitWorkbook(raw, { unit, hierarchy: h, criteriaSet: requireCriteriaSet(periodId(period)), baselines, currentYear: Number(period) }, programmes);
      ntm.push(...(parsed.submission.ntm ?? []));
      poverty.push(...(parsed.submission.giam_ngheo ?? []));
      issues.push(...parsed.issues.map((i) => ({ ...i, unit: unit.code })));
    }
    expect(issues.map((i) => `${i.unit} ${i.tab} ${i.code} ${i.severity}`).sort()).toEqual([
      '060 Giảm nghèo commune_duplicate error',
      '061 Giảm nghèo poverty_flow_mismatch warning',
      '183 NTM commune_outside_unit error',
      '186 NTM commune_duplicate error',
      '188 NTM commune_code_missing error',
    ]);

    expect(ntm).toHaveLength(207);
    const met = ntm.map((r) => r.criteria.filter(Boolean).length);
    expect(met.filter((m) => m === 19)).toHaveLength(48);
    expect(met.filter((m) => m >= 15 && m <= 18)).toHaveLength(2);
    expect(met.filter((m) => m >= 10 && m <= 14)).toHaveLength(29);
    expect(met.filter((m) => m >= 5 && m <= 9)).toHaveLength(128);
    for (const t of seedPlans.langSon2018Ntm.criterionTargets) expect(ntm.filter((r) => r.criteria[t.no - 1]).length).toBe(t.communes);
    expect(ntm.filter((r) => r.recognisedYear !== undefined)).toHaveLength(36);

    const households = poverty.reduce((a, r) => a + r.households, 0);
    const poor = poverty.reduce((a, r) => a + r.poor, 0);
    expect(households).toBe(seedPlans.bacKan2017Poverty.total.households);
    expect(poor).toBe(seedPlans.bacKan2017Poverty.total.poor - 1901);
  });

  it('never overwrites, and creates the workbook of a unit added to Đơn vị on the next run', async () => {
    const unitPath = join(dir, 'units', 'ls-178-tp-lang-son.xlsx');
    // Staff edit their workbook; the office adds a district with a workbook to the control workbook.
    const staff = new ExcelJS.Workbook();
    await staff.xlsx.readFile(unitPath);
    const sheet = staff.getWorksheet('NTM');
    if (!sheet) throw new Error('no NTM');
    sheet.getCell('W3').value = 'ghi chú của cán bộ';
    await staff.xlsx.writeFile(unitPath);
    const config = new ExcelJS.Workbook();
    await config.xlsx.readFile(join(dir, 'config.xlsx'));
    const units = config.getWorksheet('Đơn vị');
    if (!units) throw new Error('no Đơn vị');
    const last = units.actualRowCount;
    units.getRow(last + 1).values = ['179', 'Huyện Mới', 'huyện', '20', null, 'ls-179-huyen-moi.xlsx', 'moi@langson.example'];
    units.getRow(last + 2).values = ['06999', 'Xã Mới', 'xã', '179'];
    await config.xlsx.writeFile(join(dir, 'config.xlsx'));
    const configBefore = await readFile(join(dir, 'config.xlsx'));
    const unitBefore = await stat(unitPath);

    const again = await initWorkspace(dir, { demo: true });
    expect(again.created).toEqual(['units/ls-179-huyen-moi.xlsx']);
    expect(again.skipped).toHaveLength(1 + 19 + 1);
    expect(await readFile(join(dir, 'config.xlsx'))).toEqual(configBefore);
    expect((await stat(unitPath)).mtimeMs).toBe(unitBefore.mtimeMs);

    const raw = await new XlsxWorkbookGateway({ dir }).read('units/ls-179-huyen-moi.xlsx', ['NTM', 'Giảm nghèo']);
    expect(raw.sheets.map((s) => s.name)).toEqual(['NTM']);
    expect(raw.sheets[0]?.rows[2]?.slice(0, 3)).toEqual(['06999', 'Xã Mới']);
    expect(raw.sheets[0]?.rows[0]?.[0]).toBe('Biểu báo cáo kết quả xây dựng nông thôn mới năm 2018 - Huyện Mới');
  });
});

describe('initWorkspace without demo', () => {
  it('writes a control workbook with headers only and no unit workbooks, then makes blank ones once units are listed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'init-blank-'));
    try {
      const r = await initWorkspace(dir, { demo: false, year: 2024 });
      expect(r).toEqual({ created: ['config.xlsx'], skipped: [], configExisted: false, reportingUnits: 0, configIssues: 0 });
      expect(await readdir(join(dir, 'units'))).toEqual([]);

      const config = new ExcelJS.Workbook();
      await config.xlsx.readFile(join(dir, 'config.xlsx'));
      const units = config.getWorksheet('Đơn vị');
      if (!units) throw new Error('no Đơn vị');
      units.getRow(4).values = ['01', 'Tỉnh A', 'tỉnh'];
      units.getRow(5).values = ['001', 'Huyện B', 'huyện', '01', null, 'sub/b.xlsx'];
      units.getRow(6).values = ['00004', 'Xã C', 'xã', '001'];
      units.getRow(7).values = ['002', 'Huyện D', 'huyện', '01', null, '../escape.xlsx'];
      await config.xlsx.writeFile(join(dir, 'config.xlsx'));

      const next = await initWorkspace(dir, { demo: true, year: 2024 });
      expect(next.created).toEqual(['units/sub/b.xlsx']);
      expect(next.skipped[0]).toBe('config.xlsx');
      expect(next.skipped[1]).toMatch(/^units\/\.\.\/escape\.xlsx \(tên tệp không hợp lệ/);
      // Nothing scheduled: both programmes; no demo data for this unit: the communes only.
      const raw = await new XlsxWorkbookGateway({ dir }).read('units/sub/b.xlsx', ['NTM', 'Giảm nghèo']);
      expect(raw.sheets.map((s) => s.name)).toEqual(['NTM', 'Giảm nghèo']);
      expect(raw.sheets.map((s) => s.rows.slice(2))).toEqual([[['00004', 'Xã C']], [['00004', 'Xã C']]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

