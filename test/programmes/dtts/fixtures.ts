import type { Target } from '../../../shared/domain/config.js';
import { Hierarchy } from '../../../shared/domain/hierarchy.js';
import { indicatorId, periodId, unitCode, type UnitCode } from '../../../shared/domain/ids.js';
import type { Unit } from '../../../shared/domain/unit.js';
import { splitExactly } from '../../../shared/demo/exact-split.js';
import type { RawCell, RawSheet } from '../../../shared/forms/raw-sheet.js';
import { dttsIndicatorId } from '../../../shared/programmes/dtts/dtts-ids.js';
import type { DttsRow } from '../../../shared/programmes/dtts/dtts-row.js';
import plan from './lang-son-2023-plan.json' with { type: 'json' };

/**
 * Lạng Sơn 2023 (Kế hoạch 59/KH-UBND): the province and its 11 districts. The plan prints the 14
 * indicators for the province only; their district shares here are a synthetic split (largest
 * remainder, equal weights) so sums can be checked. The communes and villages leaving extreme
 * difficulty are the plan's own figures by district (a district the plan does not list has 0).
 */
export const PLAN = plan;
export const PERIOD = periodId(plan.period);
export const PROVINCE = unitCode('20');

// GSO district codes of Lạng Sơn, in the order the 2018 plan lists the districts.
const DISTRICT_CODES = ['178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189'];

export interface District {
  code: UnitCode;
  /** As the plan names it: `Bắc Sơn`. */
  short: string;
}

export const DISTRICTS: District[] = plan.districts.map((short, i) => ({ code: unitCode(DISTRICT_CODES[i] ?? `9${i}`), short }));

export function districtCode(short: string): UnitCode {
  const d = DISTRICTS.find((x) => x.short === short);
  if (!d) throw new Error(`no district ${short}`);
  return d.code;
}

export function langSonUnits(): Unit[] {
  return [
    { code: PROVINCE, name: 'Tỉnh Lạng Sơn', level: 'tinh', groups: [], emails: [] },
    ...DISTRICTS.map((d): Unit => ({
      code: d.code,
      name: d.short.startsWith('Thành phố') ? d.short : `Huyện ${d.short}`,
      level: 'huyen',
      parent: PROVINCE,
      groups: [],
      emails: [],
      workbook: `${d.code}.xlsx`,
    })),
  ];
}

export const langSonHierarchy = (): Hierarchy => new Hierarchy(langSonUnits());

let row = 1;
export function target(scope: string, indicator: string, value: number, decimals = 0): Target {
  row++;
  return { programme: 'dtts', period: PERIOD, scope, indicator: indicatorId(indicator), target: value, decimals, op: '>=', source: `Chỉ tiêu!E${row}` };
}

/** The province's plan for each printed indicator split over the 11 districts. */
export function districtSplit(total: number): number[] {
  return splitExactly(
    total,
    DISTRICTS.map(() => 1),
  );
}

export const XA = 'CT.xa_thoat_dbkk';
export const THON = 'CT.thon_thoat_dbkk';

const byDistrict = (map: Record<string, number>, short: string): number => map[short] ?? 0;

/** Every plan row: the province's 14 + 2, and every district's share of each. */
export function langSonTargets(): Target[] {
  const out: Target[] = [];
  for (const p of plan.provincePlans) {
    out.push(target(PROVINCE, dttsIndicatorId(p.code), p.target));
    districtSplit(p.target).forEach((v, i) => out.push(target(DISTRICTS[i]?.code ?? '', dttsIndicatorId(p.code), v)));
  }
  out.push(target(PROVINCE, dttsIndicatorId(XA), plan.communesLeavingExtremeDifficulty.total));
  out.push(target(PROVINCE, dttsIndicatorId(THON), plan.villagesLeavingExtremeDifficulty.total));
  for (const d of DISTRICTS) {
    out.push(target(d.code, dttsIndicatorId(XA), byDistrict(plan.communesLeavingExtremeDifficulty.byDistrict, d.short)));
    out.push(target(d.code, dttsIndicatorId(THON), byDistrict(plan.villagesLeavingExtremeDifficulty.byDistrict, d.short)));
  }
  return out;
}

/** The plan's stated shares as `Chỉ tiêu` rows: 174/181 xã = 96,1 %, 1.108/1.478 thôn = 75 %. */
export function statedShareTargets(): Target[] {
  return plan.provincePlans.flatMap((p) =>
    p.of === undefined || p.statedPct === undefined
      ? []
      : [
          target(PROVINCE, dttsIndicatorId(p.code, 'total'), p.of),
          target(PROVINCE, dttsIndicatorId(p.code, 'pct'), p.statedPct, String(p.statedPct).split('.')[1]?.length ?? 0),
        ],
  );
}

/**
 * Each district achieving exactly its plan share, with the Tổng số of the two road indicators split
 * over the districts too (181 communes, 1.478 villages), and the extreme-difficulty figures by district.
 */
export function langSonRows(): DttsRow[] {
  const out: DttsRow[] = [];
  for (const p of plan.provincePlans) {
    const achieved = districtSplit(p.target);
    const totals = p.of === undefined ? undefined : districtSplit(p.of);
    DISTRICTS.forEach((d, i) => {
      const r: DttsRow = { unit: d.code, code: p.code, achieved: achieved[i] ?? 0 };
      const t = totals?.[i];
      if (t !== undefined) r.total = t;
      out.push(r);
    });
  }
  for (const d of DISTRICTS) {
    out.push({ unit: d.code, code: XA, achieved: byDistrict(plan.communesLeavingExtremeDifficulty.byDistrict, d.short) });
    out.push({ unit: d.code, code: THON, achieved: byDistrict(plan.villagesLeavingExtremeDifficulty.byDistrict, d.short) });
  }
  return out;
}

export const sheet = (name: string, rows: RawCell[][]): RawSheet => ({ name, rows });
