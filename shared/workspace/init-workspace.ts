import { buildControlWorkbook, buildUnitWorkbook } from '../adapters/xlsx/xlsx-workbook-templates.js';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { XlsxWorkbookGateway } from '../adapters/xlsx/xlsx-gateway.js';
import { saveWorkbookAtomic } from '../adapters/xlsx/xlsx-file.js';
import { InvalidWorkbookRefError } from '../adapters/xlsx/xlsx-refs.js';
import { buildDemoConfig } from '../demo/demo-config.js';
import { buildDemoUnitData, type DemoUnitFill } from '../demo/demo-unit-data.js';
import { Hierarchy } from '../domain/hierarchy.js';
import type { Programme } from '../domain/programme.js';
import { parseControlWorkbook } from '../forms/control-workbook.js';
import { CONTROL_TABS } from '../forms/tab-specs.js';
import { runPool } from '../pipeline/pool.js';
import { EMPTY_CONTROL_CONFIG } from '../templates/control-workbook-template.js';
import { type UnitTabFill } from '../templates/unit-workbook-template.js';
import { planUnitWorkbook } from './unit-workbook-plan.js';

export interface InitWorkspaceOptions {
  /** Fill the control workbook and the unit workbooks from the reference figures. */
  demo: boolean;
  /** Year used to pick the NTM criteria set when nothing is scheduled (default: the current year). */
  year?: number;
}

export interface InitWorkspaceResult {
  /** Files created, relative to the workspace (`config.xlsx`, `units/ls-178-tp-lang-son.xlsx`). */
  created: string[];
  /** Files left as they were because they exist (or, with a reason, could not be made). */
  skipped: string[];
  /** Whether `config.xlsx` was there before (then it was read as it is, never replaced). */
  configExisted: boolean;
  /** Units of `Đơn vị` that submit a workbook (a `Bảng tính` value). */
  reportingUnits: number;
  /** Problems found reading `config.xlsx` (the run lists each one). */
  configIssues: number;
}

export const CONFIG_REF = 'config.xlsx';
export const UNITS_DIR = 'units';

/** How many unit workbooks are built and written at once. */
const WRITE_CONCURRENCY = 8;

/**
 * `init`: creates the workspace folders, the control workbook when absent, then reads it back (as
 * the pipeline will) and creates the workbook of every reporting unit whose file is absent. Never
 * overwrites: running it again only adds what is missing, e.g. the workbook of a unit just added
 * to `Đơn vị`.
 */
export async function initWorkspace(dir: string, options: InitWorkspaceOptions): Promise<InitWorkspaceResult> {
  const created: string[] = [];
  const skipped: string[] = [];
  for (const sub of ['', UNITS_DIR, 'outbox', '.state']) await mkdir(join(dir, sub), { recursive: true });

  const gateway = new XlsxWorkbookGateway({ dir });
  const configExisted = await gateway.exists(CONFIG_REF);
  if (configExisted) {
    skipped.push(CONFIG_REF);
  } else {
    await saveWorkbookAtomic(buildControlWorkbook(options.demo ? buildDemoConfig() : EMPTY_CONTROL_CONFIG), gateway.pathOf(CONFIG_REF));
    created.push(CONFIG_REF);
  }

  const config = parseControlWorkbook(await gateway.read(CONFIG_REF, CONTROL_TABS.map((t) => t.name)));
  const hierarchy = new Hierarchy(config.units);
  const demoData: Map<string, DemoUnitFill> | undefined = options.demo ? buildDemoUnitData() : undefined;
  const year = options.year ?? new Date().getFullYear();

  const results = await runPool(hierarchy.reportingUnits(), WRITE_CONCURRENCY, async (unit): Promise<{ created?: string; skipped?: string }> => {
    const ref = `${UNITS_DIR}/${unit.workbook ?? ''}`;
    let path: string;
    try {
      path = gateway.pathOf(ref);
    } catch (error) {
      if (error instanceof InvalidWorkbookRefError) return { skipped: `${ref} (tên tệp không hợp lệ: ${error.reason})` };
      throw error;
    }
    if (await gateway.exists(ref)) return { skipped: ref };
    const plan = planUnitWorkbook(config, hierarchy, unit, year);
    const demo = demoData?.get(unit.code);
    const fill: Partial<Record<Programme, UnitTabFill>> = {};
    for (const p of plan.programmes) {
      const f = demo?.[p];
      if (f) fill[p] = f;
    }
    const wb = buildUnitWorkbook({
      unit,
      communes: hierarchy.communesUnder(unit.code),
      programmes: plan.programmes,
      criteriaSet: plan.criteriaSet,
      period: plan.period,
      hierarchy,
      plans: plan.plans,
      due: plan.due,
      fill,
    });
    await mkdir(dirname(path), { recursive: true }); // `Bảng tính` may name a sub-folder
    await saveWorkbookAtomic(wb, path);
    return { created: ref };
  });
  for (const r of results) {
    if (r.created) created.push(r.created);
    if (r.skipped) skipped.push(r.skipped);
  }
  return { created, skipped, configExisted, reportingUnits: hierarchy.reportingUnits().length, configIssues: config.issues.length };
}
