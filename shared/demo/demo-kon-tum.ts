import seedPlans from '../data/seed-plans.json' with { type: 'json' };
import { unitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import { communeNames } from './commune-names.js';
import { seededRandom } from './seeded-random.js';

/**
 * Kon Tum for the 2021-2025 period, after the 2025 reform (province > commune, no districts): the
 * province reports for its 86 communes in one workbook. Figures follow Chương trình hành động
 * 3299/CTr-UBND (seed-plans.json `konTum2025`): 60 standard communes, of which 20 advanced
 * (nâng cao, kiểu mẫu included) and 6 model (kiểu mẫu); every commune at 15 criteria or more; each
 * commune gained 1-2 criteria over 2024 (the 2024 rows are the store's history, see demo-history.ts).
 */
export const KON_TUM = unitCode('62');
export const KON_TUM_PERIOD = '2025';
export const KON_TUM_PREVIOUS_PERIOD = '2024';
const COMMUNES = 86;

export interface KonTumCommune {
  commune: Unit;
  /** Criteria met (1..19 in order) at the end of 2024 and in 2025. */
  criteria2024: boolean[];
  criteria2025: boolean[];
  /** `Mức đạt` label in 2025 (blank: not recognised). */
  level?: string;
  recognisedYear?: number;
}

/** `nextName`: the demo's name generator, so names stay distinct across its provinces. */
export function buildKonTumUnits(nextName: () => string = communeNames(seededRandom(622025))): Unit[] {
  const province: Unit = { code: KON_TUM, name: 'Tỉnh Kon Tum', level: 'tinh', groups: [], workbook: 'kt-62-kon-tum.xlsx', emails: ['ntm@kontum.example'] };
  const communes: Unit[] = [];
  for (let i = 0; i < COMMUNES; i++)
    communes.push({ code: unitCode(String(23000 + 3 * i)), name: nextName(), level: 'xa', parent: KON_TUM, groups: [], emails: [] });
  return [province, ...communes];
}

const criteriaOf = (met: number): boolean[] => Array.from({ length: 19 }, (_, i) => i < met);

export function buildKonTumNtm(units: readonly Unit[]): KonTumCommune[] {
  const plan = seedPlans.konTum2025;
  const rng = seededRandom(32992022);
  const communes = rng.shuffle(units.filter((u) => u.parent === KON_TUM && u.level === 'xa'));
  return communes.map((commune, i): KonTumCommune => {
    const standard = i < plan.standardCommunesMin;
    // The others are spread over 15..18 criteria (the plan: every commune at 15 or more).
    const now = standard ? 19 : plan.allCommunesMinCriteria + rng.int(0, 3);
    const gain = rng.int(plan.criteriaAddedPerYear.min, plan.criteriaAddedPerYear.max);
    const out: KonTumCommune = { commune, criteria2024: criteriaOf(now - gain), criteria2025: criteriaOf(now) };
    if (standard) {
      out.level = i < plan.modelCommunes ? 'kiểu mẫu' : i < plan.advancedCommunes ? 'nâng cao' : 'NTM';
      out.recognisedYear = rng.int(2021, 2025);
    }
    return out;
  });
}

const KT_NOTE = 'Chương trình hành động 3299/CTr-UBND ngày 04/10/2022';

/** The plan's targets for 2025, as the office would type them in `Chỉ tiêu`. */
export function konTumTargets(): { indicator: string; target: number; note: string }[] {
  const plan = seedPlans.konTum2025;
  return [
    { indicator: 'ntm.standard', target: plan.standardCommunesMin, note: `${KT_NOTE}: ít nhất ${plan.standardCommunesMin} xã đạt chuẩn NTM` },
    { indicator: 'ntm.advanced', target: plan.advancedCommunes, note: `${KT_NOTE}: ${plan.advancedCommunes} xã đạt chuẩn NTM nâng cao` },
    { indicator: 'ntm.model', target: plan.modelCommunes, note: `${KT_NOTE}: ${plan.modelCommunes} xã đạt chuẩn NTM kiểu mẫu` },
    {
      indicator: `ntm.at_least.${plan.allCommunesMinCriteria}.pct`,
      target: 100,
      note: `${KT_NOTE}: 100% số xã đạt từ ${plan.allCommunesMinCriteria} tiêu chí trở lên`,
    },
    {
      indicator: 'ntm.avg_gain',
      target: plan.criteriaAddedPerYear.min,
      note: `${KT_NOTE}: mỗi xã tăng ${plan.criteriaAddedPerYear.min}-${plan.criteriaAddedPerYear.max} tiêu chí/năm`,
    },
  ];
}
