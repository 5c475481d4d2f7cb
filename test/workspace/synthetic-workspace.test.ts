import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import type { Baseline } from '../../shared/domain/config.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import type { UnitCode } from '../../shared/domain/ids.js';
import { parseControlWorkbook } from '../../shared/forms/control-workbook.js';
import { CONTROL_TABS } from '../../shared/forms/tab-specs.js';
import { parseUnitWorkbook } from '../../shared/forms/unit-workbook.js';
import { buildSyntheticWorkspace, SYNTHETIC_PERIOD } from '../../shared/workspace/synthetic-workspace.js';

describe('buildSyntheticWorkspace', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    await buildSyntheticWorkspace(dir, { units: 12, communes: 100, seed: 7 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a control workbook with one province, the districts, their communes, both programmes scheduled', async () => {
    const gw = new XlsxWorkbookGateway({ dir });
    const config = parseControlWorkbook(await gw.read('config.xlsx', CONTROL_TABS.map((t) => t.name)));
    expect(config.issues).toEqual([]);
    const h = new Hierarchy(config.units);
    expect(h.roots).toHaveLength(1);
    expect(h.reportingUnits()).toHaveLength(12);
    expect(h.communesUnder(h.roots[0]?.code as UnitCode)).toHaveLength(100);
    expect(config.schedule.map((s) => [s.programme, s.period, s.due])).toEqual([
      ['ntm', '2024', '2024-12-20'],
      ['giam_ngheo', '2024', '2024-12-20'],
    ]);
    expect(config.targets.length).toBeGreaterThanOrEqual(4);
    expect(config.baselines).toHaveLength(12);
    expect((await readdir(join(dir, 'units'))).sort()).toEqual(h.reportingUnits().map((u) => u.workbook).sort());
  });

  it('fills valid data except a handful of deliberate errors', async () => {
    const gw = new XlsxWorkbookGateway({ dir });
    const config = parseControlWorkbook(await gw.read('config.xlsx', CONTROL_TABS.map((t) => t.name)));
    const h = new Hierarchy(config.units);
    const baselines = new Map<UnitCode, Baseline>(config.baselines.map((b) => [b.unit, b]));
    const errors: string[] = [];
    let ntmRows = 0;
    let povertyRows = 0;
    for (const unit of h.reportingUnits()) {
      const raw = await gw.read(`units/${unit.workbook}`, ['NTM', 'Giảm nghèo']);
      const parsed = parseUnitWorkbook(raw, { unit, hierarchy: h, criteriaSet: requireCriteriaSet(SYNTHETIC_PERIOD), baselines, currentYear: 2024 }, ['ntm', 'giam_ngheo']);
      errors.push(...parsed.issues.filter((i) => i.severity === 'error').map((i) => `${unit.code} ${i.tab} ${i.code}`));
      ntmRows += parsed.submission.ntm?.length ?? 0;
      povertyRows += parsed.submission.giam_ngheo?.length ?? 0;
    }
    // Units 3 (a commune of the next district), 5 (a blank criterion) and 7 (an ambiguous `1,250`).
    expect(errors.sort()).toEqual(['1003 NTM commune_outside_unit', '1005 NTM criterion_missing', '1007 Giảm nghèo number_ambiguous']);
    expect(ntmRows).toBe(99);
    expect(povertyRows).toBe(99);
  });
});
