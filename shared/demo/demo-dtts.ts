import seedPlans from '../data/seed-plans.json' with { type: 'json' };
import type { UnitCode } from '../domain/ids.js';
import type { Scope } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import { dttsCodeKey, defaultDttsCatalogue } from '../programmes/dtts/dtts-catalogue.js';
import { dttsIndicatorId } from '../programmes/dtts/dtts-ids.js';
import { dttsTemplateRecords } from '../programmes/dtts/dtts-template.js';
import type { DemoUnits } from './demo-units.js';
import { splitExactly } from './exact-split.js';
import { seededRandom } from './seeded-random.js';

/**
 * Lạng Sơn's DTTS&MN plan for 2023 (Kế hoạch 59/KH-UBND, reference `langSon2023Dtts`): the 14
 * printed indicators as the province's targets, split over the 11 districts in proportion to their
 * communes (largest remainder, so the districts' plans add up to the printed figure exactly); the
 * communes and villages leaving extreme difficulty by district as the plan prints them. The
 * districts' achieved figures are made up, deterministic, as of October.
 */

export const DTTS_DEMO_PERIOD = '2023';
export const DTTS_PLAN_NOTE = 'Kế hoạch 59/KH-UBND ngày 08/03/2023';

/** Cao Lộc adds a row with a code that is not in the catalogue (dtts_code_unknown); the rest of its tab counts. */
export const DTTS_DEMO_PROBLEM = { unknownCode: { unit: '183', code: 'DA2.sap_xep_dan_cu' } } as const;

export interface DemoDttsTarget {
  scope: Scope;
  indicator: string;
  target: number;
  note: string;
}

export interface DemoDtts {
  /** `Chỉ tiêu` rows of programme dtts for 2023: the province's, then each district's share. */
  targets: DemoDttsTarget[];
  /** Each district's `DTTS` tab, by field. */
  rows: Map<UnitCode, Record<string, RawCell>[]>;
}

const plan = seedPlans.langSon2023Dtts;

/** Share of its plan a district has achieved by October: between 55 % and 110 %. */
function achievedShare(rng: ReturnType<typeof seededRandom>): number {
  return 0.55 + rng.next() * 0.55;
}

export function buildLangSonDtts(demo: DemoUnits): DemoDtts {
  const districts = demo.langSonDistricts;
  const province = districts[0]?.parent;
  if (province === undefined) throw new Error('demo: Lạng Sơn has no districts');
  const weights = districts.map((d) => demo.communesOf.get(d.code)?.length ?? 1);
  const targets: DemoDttsTarget[] = [];
  const districtPlans = new Map<UnitCode, Map<string, number>>(districts.map((d) => [d.code, new Map()]));
  const fills = new Map<UnitCode, Map<string, { achieved?: number; total?: number; note?: string }>>(districts.map((d) => [d.code, new Map()]));
  const rng = seededRandom(2023);

  for (const ind of plan.indicators) {
    const code = `${ind.project}.${ind.id}`;
    const id = dttsIndicatorId(code);
    targets.push({ scope: province, indicator: id, target: ind.target, note: `${DTTS_PLAN_NOTE}: ${ind.vi}` });
    if (ind.of !== undefined && ind.statedPct !== undefined) {
      targets.push({ scope: province, indicator: dttsIndicatorId(code, 'total'), target: ind.of, note: `${DTTS_PLAN_NOTE}: tổng số ${ind.unit}` });
      targets.push({
        scope: province,
        indicator: dttsIndicatorId(code, 'pct'),
        target: ind.statedPct,
        note: `${DTTS_PLAN_NOTE}: ${ind.target}/${ind.of} ${ind.unit}`,
      });
    }
    const shares = splitExactly(ind.target, weights);
    const totals = ind.of === undefined ? undefined : splitExactly(ind.of, weights);
    districts.forEach((d, i) => {
      const share = shares[i] ?? 0;
      if (share > 0) targets.push({ scope: d.code, indicator: id, target: share, note: `${DTTS_PLAN_NOTE}: phân bổ cho ${d.name}` });
      if (share > 0) districtPlans.get(d.code)?.set(dttsCodeKey(code), share);
      const total = totals?.[i];
      const achieved = Math.round(share * achievedShare(rng));
      fills.get(d.code)?.set(dttsCodeKey(code), total === undefined ? { achieved } : { achieved: Math.min(achieved, total), total });
    });
  }

  const general: { code: string; figures: { total: number; byDistrict: Record<string, number> }; what: string }[] = [
    { code: 'CT.xa_thoat_dbkk', figures: plan.communesLeavingExtremeDifficulty, what: 'xã thoát khỏi tình trạng đặc biệt khó khăn' },
    { code: 'CT.thon_thoat_dbkk', figures: plan.villagesLeavingExtremeDifficulty, what: 'thôn thoát khỏi tình trạng đặc biệt khó khăn' },
  ];
  for (const g of general) {
    const id = dttsIndicatorId(g.code);
    targets.push({ scope: province, indicator: id, target: g.figures.total, note: `${DTTS_PLAN_NOTE}: ${g.figures.total} ${g.what}` });
    for (const d of districts) {
      const share = g.figures.byDistrict[d.name] ?? 0;
      if (share === 0) continue;
      targets.push({ scope: d.code, indicator: id, target: share, note: `${DTTS_PLAN_NOTE}: ${d.name}` });
      districtPlans.get(d.code)?.set(dttsCodeKey(g.code), share);
      // Recognition comes at the year's end: by October a district has at most its plan, often less.
      fills.get(d.code)?.set(dttsCodeKey(g.code), { achieved: Math.min(share, Math.round(share * achievedShare(rng))) });
    }
  }

  const catalogue = defaultDttsCatalogue();
  const rows = new Map<UnitCode, Record<string, RawCell>[]>();
  for (const d of districts) {
    const out = dttsTemplateRecords({ catalogue, plans: districtPlans.get(d.code) ?? new Map(), fill: fills.get(d.code) ?? new Map() });
    if (d.code === DTTS_DEMO_PROBLEM.unknownCode.unit) {
      out.push({
        code: DTTS_DEMO_PROBLEM.unknownCode.code,
        content: 'Sắp xếp, ổn định dân cư',
        unit: 'hộ',
        plan: null,
        achieved: 12,
        total: null,
        note: 'Chỉ tiêu huyện tự thêm',
      });
    }
    rows.set(d.code, out);
  }
  return { targets, rows };
}
