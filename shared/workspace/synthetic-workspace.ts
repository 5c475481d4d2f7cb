import { buildControlWorkbook, buildUnitWorkbook } from '../adapters/xlsx/xlsx-workbook-templates.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { saveWorkbookAtomic } from '../adapters/xlsx/xlsx-file.js';
import { communeNames } from '../demo/commune-names.js';
import { seededRandom, type SeededRandom } from '../demo/seeded-random.js';
import type { Baseline, ControlConfig, Target } from '../domain/config.js';
import { requireCriteriaSet } from '../domain/criteria-sets.js';
import { indicatorId, periodId, unitCode, type UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import { MET, NOT_MET } from '../forms/tab-specs.js';
import { runPool } from '../pipeline/pool.js';
import { CONTROL_HEADER_ROW } from '../templates/control-workbook-template.js';

import { CONFIG_REF, UNITS_DIR } from './init-workspace.js';

export interface SyntheticWorkspaceOptions {
  /** Reporting units (districts), e.g. 700. */
  units: number;
  /** Communes spread over them, e.g. 10,000. */
  communes: number;
  seed?: number;
  /** Workbooks built and written at once (default 8). */
  concurrency?: number;
}

export const SYNTHETIC_PERIOD = periodId('2024');
export const SYNTHETIC_PROVINCE = unitCode('99');

type Rec = Record<string, RawCell>;

interface SyntheticDistrict {
  unit: Unit;
  communes: Unit[];
  ntm: Rec[];
  poverty: Rec[];
  baseline: Baseline;
}

/**
 * Which units get a deliberate problem: a handful in a national run, each rejected row an error
 * (a blank criterion, an ambiguous `1,250`, a commune of another district).
 */
const hasBlankCriterion = (i: number): boolean => i % 97 === 5;
const hasAmbiguousNumber = (i: number): boolean => i % 89 === 7;
const hasForeignCommune = (i: number): boolean => i % 101 === 3 && i > 0;

function districtData(i: number, unit: Unit, communes: Unit[], criteria: number, rng: SeededRandom): Omit<SyntheticDistrict, 'unit' | 'communes'> {
  const ntm: Rec[] = [];
  const poverty: Rec[] = [];
  let baseHouseholds = 0;
  let basePoor = 0;
  for (const c of communes) {
    // A commune's development level drives how many criteria it meets; a fifth meet them all.
    const level = rng.next() < 0.2 ? 1 : 0.25 + 0.6 * rng.next();
    const rec: Rec = { commune: c.code, name: c.name };
    for (let n = 1; n <= criteria; n++) rec[`tc${n}`] = rng.next() < level ? MET : NOT_MET;
    if (level === 1 && rng.next() < 0.7) rec.recognisedYear = rng.int(2012, 2023);
    ntm.push(rec);

    const households = rng.int(700, 3200);
    const poor = Math.round(households * (0.02 + 0.3 * rng.next()));
    const nearPoor = Math.round(households * (0.04 + 0.1 * rng.next()));
    const poorEthnic = Math.round(poor * rng.next());
    poverty.push({ commune: c.code, name: c.name, households, poor, nearPoor, poorEthnic });
    baseHouseholds += households;
    basePoor += poor + rng.int(0, Math.round(poor * 0.15));
  }
  if (hasBlankCriterion(i) && ntm[0]) ntm[0].tc5 = null;
  if (hasAmbiguousNumber(i) && poverty[0]) poverty[0].households = '1,250';
  return {
    ntm,
    poverty,
    baseline: { unit: unit.code, period: SYNTHETIC_PERIOD, households: baseHouseholds, poor: basePoor },
  };
}

/**
 * A national-scale workspace for the benchmark: one province, `units` districts that each submit a
 * workbook, `communes` communes spread over them, NTM and Giảm nghèo filled with valid data except
 * a handful of deliberate errors, both programmes scheduled for 2024 (due 20/12/2024), a few
 * targets and the districts' start-of-period poverty figures. Deterministic for a seed.
 */
export async function buildSyntheticWorkspace(dir: string, options: SyntheticWorkspaceOptions): Promise<void> {
  const rng = seededRandom(options.seed ?? 20_241_220);
  const set = requireCriteriaSet(SYNTHETIC_PERIOD);
  const unitCount = Math.max(1, Math.floor(options.units));
  const communeCount = Math.max(unitCount, Math.floor(options.communes));
  const codeWidth = Math.max(5, String(10_000 + communeCount).length);

  const province: Unit = { code: SYNTHETIC_PROVINCE, name: 'Tỉnh Thử Nghiệm', level: 'tinh', groups: [], emails: [] };
  const districts: SyntheticDistrict[] = [];
  let next = 0;
  for (let i = 0; i < unitCount; i++) {
    const code = unitCode(String(1000 + i));
    const unit: Unit = {
      code,
      name: `Huyện Thử Nghiệm ${i + 1}`,
      level: 'huyen',
      parent: SYNTHETIC_PROVINCE,
      groups: [],
      workbook: `h-${code}.xlsx`,
      emails: [`huyen${code}@thunghiem.example`],
    };
    // Communes spread evenly with the remainder on the first districts.
    const count = Math.floor(communeCount / unitCount) + (i < communeCount % unitCount ? 1 : 0);
    const names = communeNames(seededRandom((options.seed ?? 1) * 7919 + i));
    const communes: Unit[] = [];
    for (let k = 0; k < count; k++) {
      const cc = unitCode(String(10_000 + next++).padStart(codeWidth, '0'));
      communes.push({ code: cc, name: names(), level: 'xa', parent: code, groups: k === 0 && i % 10 === 0 ? ['xã ĐBKK'] : [], emails: [] });
    }
    districts.push({ unit, communes, ...districtData(i, unit, communes, set.criteria.length, rng) });
  }
  // A commune of the next district listed by mistake (commune_outside_unit).
  districts.forEach((d, i) => {
    const other = districts[(i + 1) % districts.length];
    const stranger = other?.ntm[0];
    if (hasForeignCommune(i) && other !== d && stranger) d.ntm.push({ ...stranger });
  });

  const target = (scope: UnitCode | string, indicator: string, value: number, programme: 'ntm' | 'giam_ngheo', index: number): Target => ({
    programme,
    period: SYNTHETIC_PERIOD,
    scope,
    indicator: indicatorId(indicator),
    target: value,
    decimals: String(value).split('.')[1]?.length ?? 0,
    op: '>=',
    source: `Chỉ tiêu!E${CONTROL_HEADER_ROW + 1 + index}`,
  });
  const targets: Target[] = [
    target(SYNTHETIC_PROVINCE, 'ntm.standard', Math.round(communeCount * 0.2), 'ntm', 0),
    target(SYNTHETIC_PROVINCE, 'ntm.avg_criteria', 13, 'ntm', 1),
    target('nhóm:xã ĐBKK', 'ntm.avg_criteria', 12, 'ntm', 2),
    target(SYNTHETIC_PROVINCE, 'poverty.rate_reduction_pp', 1.5, 'giam_ngheo', 3),
  ];
  districts.slice(0, 5).forEach((d, k) => targets.push(target(d.unit.code, 'poverty.poor_reduction', Math.round((d.baseline.poor * 3) / 100), 'giam_ngheo', 4 + k)));

  const config: ControlConfig = {
    units: [province, ...districts.flatMap((d) => [d.unit, ...d.communes])],
    targets,
    baselines: districts.map((d) => d.baseline),
    schedule: [
      { programme: 'ntm', period: SYNTHETIC_PERIOD, due: '2024-12-20' },
      { programme: 'giam_ngheo', period: SYNTHETIC_PERIOD, due: '2024-12-20' },
    ],
    recipients: [{ email: 'vanphong@thunghiem.example', role: 'văn phòng' }],
    issues: [],
  };

  await mkdir(join(dir, UNITS_DIR), { recursive: true });
  await mkdir(join(dir, 'outbox'), { recursive: true });
  await mkdir(join(dir, '.state'), { recursive: true });
  await saveWorkbookAtomic(buildControlWorkbook(config), join(dir, CONFIG_REF));
  await runPool(districts, options.concurrency ?? 8, async (d) => {
    const wb = buildUnitWorkbook({
      unit: d.unit,
      communes: d.communes,
      programmes: ['ntm', 'giam_ngheo'],
      criteriaSet: set,
      period: SYNTHETIC_PERIOD,
      due: { ntm: '2024-12-20', giam_ngheo: '2024-12-20' },
      fill: { ntm: { rows: d.ntm }, giam_ngheo: { rows: d.poverty, columnOrder: ['commune', 'name', 'households', 'poor', 'nearPoor', 'poorEthnic'] } },
    });
    await saveWorkbookAtomic(wb, join(dir, UNITS_DIR, d.unit.workbook ?? `${d.unit.code}.xlsx`));
  });
}
