import seedPlans from '../data/seed-plans.json' with { type: 'json' };
import type { Unit } from '../domain/unit.js';
import type { DemoUnits } from './demo-units.js';
import { EXTRA_DIFFICULT_TAG } from './demo-units.js';
import { buildCriteriaMatrix } from './ntm-matrix.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

/**
 * Lạng Sơn's NTM data for 2018, built to reproduce Kế hoạch 42/KH-UBND exactly: 48 communes with
 * all 19 criteria, 2 with 15-18, 29 with 10-14, 128 with 5-9, none below 5, and every printed
 * per-criterion count. The plan prints no count for criterion 1; 120 puts the average at
 * (1862 + 120) / 207 = 9.57 criteria per commune, inside the 9.5-10 target.
 */
export const CRITERION_1_COUNT = 120;

export interface DemoNtmCommune {
  commune: Unit;
  /** criteria[i] is criterion i+1. */
  criteria: boolean[];
  recognisedYear?: number;
}

const plan = seedPlans.langSon2018Ntm;

/** Communes meeting each criterion (1..19), from the plan (criterion 1: CRITERION_1_COUNT). */
export function planCriterionCounts(): number[] {
  const counts = [CRITERION_1_COUNT];
  for (let n = 2; n <= 19; n++) {
    const t = plan.criterionTargets.find((c) => c.no === n);
    if (!t) throw new Error(`seed-plans.json has no count for criterion ${n}`);
    counts.push(t.communes);
  }
  return counts;
}

/** Communes per bucket, from the plan. */
export function planBucketCounts(): Record<string, number> {
  return Object.fromEntries(plan.bucketTargets.map((b) => [b.bucket, b.communes]));
}

/**
 * Criteria met per commune (one entry per commune, unordered): the plan's bucket counts, with the
 * 10-14 communes at 10-11 and the 5-9 communes spread so that everything adds up to the column totals.
 */
function rowSums(rng: SeededRandom, total: number): number[] {
  const b = planBucketCounts();
  const full = Array<number>(b['19'] ?? 0).fill(19);
  const high = Array<number>(b['15_18'] ?? 0).fill(15);
  const mid = Array<number>(b['10_14'] ?? 0).fill(10);
  const low = Array<number>(b['5_9'] ?? 0).fill(5);
  const lowest = Array<number>(b['lt5'] ?? 0).fill(3);
  let deficit = total - [...full, ...high, ...mid, ...low, ...lowest].reduce((x, y) => x + y, 0);
  if (deficit < 0) throw new Error("The plan's criterion counts are too small for its buckets");
  const room = mid.length + low.length;
  let guard = 0;
  while (deficit > 0) {
    if (guard++ > 1_000_000) throw new Error("The plan's criterion counts are too large for its buckets");
    const i = rng.int(0, room - 1);
    if (i < mid.length) {
      if ((mid[i] ?? 11) < 11) {
        mid[i] = (mid[i] ?? 10) + 1;
        deficit--;
      }
    } else if ((low[i - mid.length] ?? 9) < 9) {
      low[i - mid.length] = (low[i - mid.length] ?? 5) + 1;
      deficit--;
    }
  }
  return [...full, ...high, ...mid, ...low, ...lowest];
}

/** The accepted NTM data of every Lạng Sơn commune (what the demo workbooks must yield). */
export function buildLangSonNtm(demo: DemoUnits): DemoNtmCommune[] {
  const rng = seededRandom(422018);
  const counts = planCriterionCounts();
  const communes = demo.langSonDistricts.flatMap((d) => demo.communesOf.get(d.code) ?? []);
  if (communes.length !== plan.communes) throw new Error(`Demo has ${communes.length} Lạng Sơn communes, the plan ${plan.communes}`);
  const sums = rowSums(
    rng,
    counts.reduce((a, b) => a + b, 0),
  );
  const matrix = buildCriteriaMatrix(sums, counts);

  // Which commune gets which row: random, except that the especially difficult communes get rows
  // of the 10-14 bucket (they are the plan's "13 criteria on average" group, and fall short of it).
  const rows = rng.shuffle(matrix.map((m, i) => ({ m, sum: sums[i] ?? 0 })));
  const isMid = (s: number): boolean => s >= 10 && s <= 14;
  communes.forEach((c, i) => {
    if (!c.groups.includes(EXTRA_DIFFICULT_TAG) || isMid(rows[i]?.sum ?? 0)) return;
    const j = communes.findIndex((o, k) => !o.groups.includes(EXTRA_DIFFICULT_TAG) && isMid(rows[k]?.sum ?? 0));
    if (j < 0) return;
    const a = rows[i];
    const b = rows[j];
    if (a && b) {
      rows[i] = b;
      rows[j] = a;
    }
  });

  // Of the 48 standard communes, 36 were recognised in earlier years; the 12 new ones of 2018
  // (the plan's newStandardCommunes) have no recognition year yet.
  const standard = communes.map((_, i) => i).filter((i) => rows[i]?.sum === 19);
  const recognised = new Set(rng.shuffle(standard).slice(0, standard.length - plan.newStandardCommunes));
  return communes.map((commune, i) => {
    const criteria = rows[i]?.m ?? [];
    const out: DemoNtmCommune = { commune, criteria };
    if (recognised.has(i)) out.recognisedYear = rng.int(2012, 2017);
    return out;
  });
}
