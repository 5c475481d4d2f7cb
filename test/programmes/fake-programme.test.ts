import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { FsObjectStore } from '../../shared/adapters/object-store/fs-object-store.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import type { ControlConfig } from '../../shared/domain/config.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode, type UnitCode } from '../../shared/domain/ids.js';
import type { Programme } from '../../shared/domain/programme.js';
import type { Unit } from '../../shared/domain/unit.js';
import { parseCommuneRows } from '../../shared/forms/commune-rows.js';
import { col, type TabSpec } from '../../shared/forms/tab-specs.js';
import { indicatorEntry } from '../../shared/indicators/catalogue.js';
import type { IndicatorValue } from '../../shared/indicators/indicator.js';
import { mergeCommuneRows } from '../../shared/programmes/commune-merge.js';
import type { CommuneRow, ProgrammeModule } from '../../shared/programmes/programme-module.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../../shared/programmes/registry.js';
import { rowsOf } from '../../shared/programmes/submission-rows.js';
import type { SubmissionRecord } from '../../shared/ports/store.js';
import { numberCell, tableSheet } from '../../shared/publish/sheet-layout.js';
import { scopeNameCell, scopesWith, updatedMeta, valueOf } from '../../shared/publish/summary-context.js';
import { consolidateRun } from '../../shared/stages/consolidate-run.js';
import { ingestPlannedUnit, ingestResult } from '../../shared/stages/ingest-stage.js';
import { publishSummary } from '../../shared/stages/publish-summary.js';
import { reportingDuties } from '../../shared/stages/reporting-plan.js';
import { plannedDuty, type RunPlan } from '../../shared/stages/run-plan.js';
import { tempDir } from '../support/google-e2e.js';
import { readTab, tabNames, writeFixtureWorkbook } from '../support/xlsx-fixture.js';

// ---- A fourth programme, defined only here: clean water (households served per commune). ----

// A real programme adds its id to the contract's list (domain/programme.ts) so the control
// workbook accepts it; this one never goes through the control workbook.
const WATER = 'nuoc_sach' as Programme;
const WATER_TAB = 'Nước sạch';
const WATER_SUMMARY_TAB = 'Tổng hợp nước sạch';

interface WaterRow extends CommuneRow {
  served: number;
  households: number;
}

const waterTab: TabSpec = {
  name: WATER_TAB,
  keyHeaders: ['Mã xã'],
  columns: [
    col('commune', 'Mã xã', true, 10),
    col('name', 'Tên xã', true, 22),
    col('served', 'Số hộ dùng nước sạch', true, 14),
    col('households', 'Tổng số hộ', true, 12),
  ],
};

const storedWaterRows = z.array(z.object({ commune: z.string(), name: z.string(), served: z.number(), households: z.number() }));

const waterModule: ProgrammeModule<Programme, WaterRow> = {
  id: WATER,
  label: 'Cấp nước sạch nông thôn',
  tab: WATER_TAB,
  indicatorPrefix: 'water.',
  needsCriteriaSet: false,
  summaryTabName: WATER_SUMMARY_TAB,
  rowUnit: (row) => row.commune,
  parseTab: (sheet, ctx) =>
    parseCommuneRows<WaterRow>(sheet, waterTab, ctx, (cells) => {
      const served = cells.number('served', 'count', 'Số hộ dùng nước sạch', true);
      const households = cells.number('households', 'count', 'Tổng số hộ', true);
      if (served === undefined || households === undefined) return undefined;
      if (served > households) {
        // A real programme adds its codes to ISSUE_CODES (the JSON contract's list); the fake one borrows one.
        cells.report(
          'poverty_exceeds_households',
          'error',
          'served',
          `${cells.commune.name}: số hộ dùng nước sạch nhiều hơn tổng số hộ.`,
          'Kiểm tra lại hai ô này.',
        );
        return undefined;
      }
      return { commune: cells.commune.code, name: cells.name, served, households };
    }),
  mergeRows: mergeCommuneRows,
  catalogue: () => [indicatorEntry('water.served', WATER, 'count', 'Số hộ dùng nước sạch')],
  computeIndicators: ({ hierarchy, rows }) => {
    const out: IndicatorValue[] = [];
    for (const u of hierarchy.byCode.values()) {
      const communes = u.level === 'xa' ? [u] : hierarchy.communesUnder(u.code);
      const mine = communes.flatMap((c) => {
        const row = rows.get(c.code);
        return row === undefined ? [] : [row];
      });
      if (mine.length > 0)
        out.push({ programme: WATER, unit: u.code, indicator: 'water.served' as IndicatorValue['indicator'], value: mine.reduce((n, r) => n + r.served, 0) });
    }
    return out;
  },
  summaryTab: (ctx) => {
    const scopes = scopesWith(ctx, WATER);
    return tableSheet({
      name: WATER_SUMMARY_TAB,
      title: `TỔNG HỢP NƯỚC SẠCH - ${ctx.periodLabel}`,
      meta: updatedMeta(ctx),
      headers: ['Mã', 'Đơn vị', 'Số hộ dùng nước sạch'],
      body: scopes.map((s) => [s.scope, scopeNameCell(s), numberCell(valueOf(ctx, s.scope, 'water.served'), 'int')]),
    });
  },
  overviewSection: () => undefined,
  templateTab: () => ({
    spec: waterTab,
    columns: waterTab.columns.map((c) => ({ ...c, kind: c.field === 'commune' ? 'code' : c.field === 'name' ? 'text' : 'count' })),
    title: 'Biểu nước sạch',
    guide: [],
  }),
  encodeRows: (rows) => rows,
  storedRows: z.pipe(
    storedWaterRows,
    z.transform((rows) => rows.map((r): WaterRow => ({ ...r, commune: unitCode(r.commune) }))),
  ),
};

// ---- A province with one district reporting the new programme in its own workbook. ----

const PERIOD = periodId('2024');
const unit = (code: string, name: string, level: Unit['level'], parent?: string, workbook?: string): Unit => ({
  code: unitCode(code),
  name,
  level,
  groups: [],
  emails: [],
  ...(parent === undefined ? {} : { parent: unitCode(parent) }),
  ...(workbook === undefined ? {} : { workbook }),
});
const config: ControlConfig = {
  units: [
    unit('01', 'Tỉnh Thử', 'tinh'),
    unit('001', 'Huyện A', 'huyen', '01', 'huyen-a.xlsx'),
    unit('00001', 'Xã Một', 'xa', '001'),
    unit('00002', 'Xã Hai', 'xa', '001'),
    unit('00003', 'Xã Ba', 'xa', '001'),
  ],
  targets: [],
  baselines: [],
  schedule: [{ programme: WATER, period: PERIOD, due: '2024-12-20' }],
  recipients: [],
  issues: [],
};
const DISTRICT = unitCode('001');

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Writes the district's workbook (plain exceljs, as another tool would) and runs ingest -> consolidate -> publish with `modules`. */
async function runWith(modules: ProgrammeModules) {
  const dir = await tempDir('fake-programme-');
  dirs.push(dir);
  await mkdir(join(dir, 'units'));
  await writeFixtureWorkbook(join(dir, 'units', 'huyen-a.xlsx'), [
    {
      name: WATER_TAB,
      rows: [
        ['BIỂU NƯỚC SẠCH'],
        ['Mã xã', 'Tên xã', 'Số hộ dùng nước sạch', 'Tổng số hộ'],
        ['00001', 'Xã Một', 120, 200],
        ['00002', 'Xã Hai', '1.050', 1500],
        ['00003', 'Xã Ba', 900, 800],
      ],
    },
  ]);
  const gateway = new XlsxWorkbookGateway({ dir });
  const objects = new FsObjectStore(join(dir, '.state', 'objects'));
  const hierarchy = new Hierarchy(config.units);
  const duties = reportingDuties(hierarchy, config.schedule, PERIOD).map((d) => ({ ...d, ref: `units/${d.ref}` }));
  const stats = await gateway.stat(duties.map((d) => d.ref));
  const plan: RunPlan = {
    runId: 'fake-run',
    period: PERIOD,
    asOf: '2024-12-25',
    nowIso: '2024-12-25T03:00:00.000Z',
    startedAt: '2024-12-25T03:00:00.000Z',
    config,
    summaryRef: 'summary.xlsx',
    summaryLink: 'summary.xlsx',
    duties: duties.map(plannedDuty),
    stats: Object.fromEntries(duties.map((d) => [d.ref, stats.get(d.ref) ?? null])),
    changed: duties.map((d) => d.unit.code),
    reminderDays: 7,
  };

  const outcome = await ingestPlannedUnit({ gateway, objects, modules }, plan, DISTRICT, undefined);
  const after = new Map<UnitCode, SubmissionRecord>([[DISTRICT, outcome.record]]);
  const consolidated = await consolidateRun(
    { saveIndicatorSnapshots: () => Promise.resolve(), loadSubmissions: () => Promise.resolve(new Map()) },
    { plan, before: [], previousSnapshots: new Map(), after, ingested: [ingestResult(outcome, undefined)] },
    modules,
  );
  const meta = new Map<string, string>();
  const published = await publishSummary(
    {
      gateway,
      store: { getMeta: (k) => Promise.resolve(meta.get(k)), setMeta: (k, v) => Promise.resolve(void meta.set(k, v)) },
      modules,
    },
    plan,
    consolidated,
  );
  return { dir, outcome, result: consolidated.result, published };
}

describe('a programme added as a module only (fake fourth programme injected through the registry)', () => {
  it('is read from its own tab, consolidated up the hierarchy and published as its own summary tab', async () => {
    const { dir, outcome, result, published } = await runWith([...PROGRAMME_MODULES, waterModule]);

    // Ingest: its parser ran on the .xlsx from disk; the bad row is an error on its cell, the others are accepted.
    expect(outcome.record.status).toBe('invalid');
    expect(rowsOf(outcome.record.data, WATER)).toEqual([
      { commune: '00001', name: 'Xã Một', served: 120, households: 200 },
      { commune: '00002', name: 'Xã Hai', served: 1050, households: 1500 },
    ]);
    expect(outcome.record.issues.map((i) => [i.code, i.tab, i.cell])).toContainEqual(['poverty_exceeds_households', WATER_TAB, 'C5']);

    // Consolidate: its indicator, summed up to the district and the province.
    const served = result.indicators.filter((v) => v.indicator === 'water.served');
    expect(served.map((v) => [v.programme, v.unit, v.value])).toEqual(
      expect.arrayContaining([
        [WATER, '001', 1170],
        [WATER, '01', 1170],
        [WATER, '00002', 1050],
      ]),
    );

    // Publish: its tab sits between the overview and the targets, with its figures.
    expect(published.summaryWritten).toBe(true);
    const summary = join(dir, 'summary.xlsx');
    expect(await tabNames(summary)).toEqual([
      'Tổng quan',
      'Tổng hợp NTM',
      'Tổng hợp giảm nghèo',
      'Tổng hợp DTTS',
      WATER_SUMMARY_TAB,
      'Tiến độ chỉ tiêu',
      'Tình hình nộp báo cáo',
      'Cảnh báo',
    ]);
    const rows = await readTab(summary, WATER_SUMMARY_TAB);
    expect(rows.find((r) => r[0] === '001')?.slice(0, 3)).toEqual(['001', 'Huyện A', 1170]);
    expect(rows.find((r) => r[0] === '01')?.[2]).toBe(1170);
    // The unit's feedback tab points at the cell, as for every programme.
    const feedback = await readTab(join(dir, 'units', 'huyen-a.xlsx'), 'Kết quả kiểm tra');
    expect(feedback.flat().join(' ')).toContain('Xã Ba: số hộ dùng nước sạch nhiều hơn tổng số hộ.');
  });

  it('is nothing without its module: the registry alone decides what the pipeline reads', async () => {
    const { dir, outcome, result } = await runWith(PROGRAMME_MODULES);
    expect(rowsOf(outcome.record.data, WATER)).toBeUndefined();
    expect(result.indicators.some((v) => v.indicator === 'water.served')).toBe(false);
    expect(await tabNames(join(dir, 'summary.xlsx'))).not.toContain(WATER_SUMMARY_TAB);
  });
});
