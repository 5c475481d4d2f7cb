import seedPlans from '../data/seed-plans.json' with { type: 'json' };
import type { UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import type { DemoUnits } from './demo-units.js';
import { splitExactly } from './exact-split.js';
import { seededRandom } from './seeded-random.js';

/**
 * Bắc Kạn's poverty data for 2017 (QĐ 397/QĐ-UBND): the start-of-period figures of the table per
 * district, and current commune figures whose district totals keep the households exactly and
 * lower the poor by an achieved reduction that differs by district (some beyond the target, some
 * short of it).
 */

/** Households lifted out of poverty by district, in the table's order, against its targets 30, 332, 190, 288, 222, 240, 238, 407. */
export const ACHIEVED_POOR_REDUCTION: readonly number[] = [34, 350, 160, 300, 222, 205, 250, 380];

/** Districts whose communes also report the flow columns (and so get commune baselines). */
export const FLOW_DISTRICTS: readonly string[] = ['063', '061'];

export interface DemoBaseline {
  unit: UnitCode;
  households: number;
  poor: number;
  nearPoor: number;
}

export interface DemoPovertyCommune {
  commune: Unit;
  households: number;
  poor: number;
  nearPoor: number;
  poorEthnic: number;
  escaped?: number;
  relapsed?: number;
  newPoor?: number;
}

export interface DemoPoverty {
  /** District baselines, then commune baselines of the flow districts (which add up to them). */
  baselines: DemoBaseline[];
  communes: DemoPovertyCommune[];
  /** The commune whose flow columns deliberately do not add up (a warning). */
  inconsistentFlowCommune: UnitCode;
}

export function buildBacKanPoverty(demo: DemoUnits): DemoPoverty {
  const rng = seededRandom(3972017);
  const table = seedPlans.bacKan2017Poverty.rows;
  const baselines: DemoBaseline[] = [];
  const communeBaselines: DemoBaseline[] = [];
  const communes: DemoPovertyCommune[] = [];
  let inconsistent: UnitCode | undefined;

  demo.bacKanDistricts.forEach((d, i) => {
    const row = table[i];
    const achieved = ACHIEVED_POOR_REDUCTION[i];
    if (!row || achieved === undefined) throw new Error(`No Bắc Kạn table row for ${d.name}`);
    // Near-poor: not in the table; 11-17% of households is what the province's reviews show.
    const nearPoor = Math.round(row.households * (0.11 + 0.06 * rng.next()));
    baselines.push({ unit: d.code, households: row.households, poor: row.poor, nearPoor });

    const list = demo.communesOf.get(d.code) ?? [];
    const size = list.map(() => 0.6 + 0.8 * rng.next());
    const households = splitExactly(row.households, size);
    // Poorer communes are the smaller, remoter ones: weight the poor by an independent factor.
    const poorShare = list.map((_, k) => (size[k] ?? 1) * (0.5 + rng.next()));
    const basePoor = splitExactly(row.poor, poorShare);
    const baseNear = splitExactly(nearPoor, size);
    const reduction = splitExactly(achieved, basePoor);
    const flows = FLOW_DISTRICTS.includes(d.code);

    list.forEach((commune, k) => {
      const hh = households[k] ?? 0;
      const bp = basePoor[k] ?? 0;
      const red = Math.min(reduction[k] ?? 0, bp);
      const poor = bp - red;
      // Households lifted out of poverty mostly become near-poor.
      const near = Math.min((baseNear[k] ?? 0) + Math.round(red * 0.6), hh - poor);
      const c: DemoPovertyCommune = { commune, households: hh, poor, nearPoor: near, poorEthnic: Math.round(poor * 0.86) };
      if (flows) {
        communeBaselines.push({ unit: commune.code, households: hh, poor: bp, nearPoor: baseNear[k] ?? 0 });
        const relapsed = rng.int(0, 3);
        const newPoor = rng.int(0, 4);
        c.relapsed = relapsed;
        c.newPoor = newPoor;
        c.escaped = red + relapsed + newPoor;
        // One commune of Ba Bể typed an escaped count that does not match its other figures.
        if (d.code === '061' && inconsistent === undefined) {
          c.escaped += 7;
          inconsistent = commune.code;
        }
      }
      communes.push(c);
    });
  });
  if (inconsistent === undefined) throw new Error('Ba Bể has no communes');
  return { baselines: [...baselines, ...communeBaselines], communes, inconsistentFlowCommune: inconsistent };
}
