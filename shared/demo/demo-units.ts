import seedPlans from '../data/seed-plans.json' with { type: 'json' };
import { unitCode, type UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import { asciiSlug } from './ascii-slug.js';
import { communeNames } from './commune-names.js';
import { buildKonTumUnits } from './demo-kon-tum.js';
import { seededRandom } from './seeded-random.js';

/**
 * The demo's unit tree: two provinces in one workspace, as in the reference plans.
 * Lạng Sơn (NTM 2018): 11 districts, 207 communes. Bắc Kạn (poverty 2017): the 8 units of the table.
 * Kon Tum (NTM 2025, demo-kon-tum.ts): 86 communes reported by the province.
 * District codes are the statistics office's; commune codes and names are made up, deterministic.
 */

export const LANG_SON = unitCode('20');
export const BAC_KAN = unitCode('06');
export const BORDER_TAG = 'xã biên giới';
export const EXTRA_DIFFICULT_TAG = 'xã ĐBKK';

/** Lạng Sơn districts in the plan's order, with their codes and (made-up) commune counts. */
const LANG_SON_DISTRICTS: readonly { code: string; communes: number }[] = [
  { code: '178', communes: 3 }, // Thành phố Lạng Sơn: mostly wards, few communes
  { code: '180', communes: 22 }, // Tràng Định
  { code: '181', communes: 20 }, // Bình Gia
  { code: '182', communes: 19 }, // Văn Lãng
  { code: '183', communes: 20 }, // Cao Lộc
  { code: '184', communes: 23 }, // Văn Quan
  { code: '185', communes: 19 }, // Bắc Sơn
  { code: '186', communes: 24 }, // Hữu Lũng
  { code: '187', communes: 19 }, // Chi Lăng
  { code: '188', communes: 26 }, // Lộc Bình
  { code: '189', communes: 12 }, // Đình Lập
];

/** Districts on the Chinese border (where the 20 border communes are) and the 5 ĐBKK communes' districts. */
const BORDER_DISTRICTS = ['180', '182', '183', '188', '189'];
const EXTRA_DIFFICULT_DISTRICTS = ['181', '184', '185', '188', '189'];

/** Bắc Kạn units of the table in its order, with their codes and commune counts. */
const BAC_KAN_DISTRICTS: readonly { code: string; communes: number }[] = [
  { code: '058', communes: 4 }, // Thành phố Bắc Kạn
  { code: '066', communes: 8 }, // Na Rì
  { code: '063', communes: 7 }, // Bạch Thông
  { code: '060', communes: 6 }, // Pác Nặm
  { code: '065', communes: 7 }, // Chợ Mới
  { code: '062', communes: 6 }, // Ngân Sơn
  { code: '064', communes: 8 }, // Chợ Đồn
  { code: '061', communes: 8 }, // Ba Bể
];

export interface DemoUnits {
  units: Unit[];
  langSonDistricts: Unit[];
  /** In the order of the Bắc Kạn table rows. */
  bacKanDistricts: Unit[];
  communesOf: Map<UnitCode, Unit[]>;
}

const workbookName = (prefix: string, code: string, name: string): string => `${prefix}-${code}-${asciiSlug(name)}.xlsx`;

export function buildDemoUnits(): DemoUnits {
  const rng = seededRandom(2018);
  const nextName = communeNames(rng);
  const units: Unit[] = [];
  const communesOf = new Map<UnitCode, Unit[]>();

  const province = (code: UnitCode, name: string): void => {
    units.push({ code, name, level: 'tinh', groups: [], emails: [] });
  };
  const district = (code: string, name: string, parent: UnitCode, prefix: string, mailDomain: string, mailPrefix: string): Unit => {
    const slug = asciiSlug(name).replace(/-/g, '');
    const u: Unit = {
      code: unitCode(code),
      name,
      level: 'huyen',
      parent,
      groups: [],
      workbook: workbookName(prefix, code, name),
      emails: [`${mailPrefix}.${slug}@${mailDomain}`],
    };
    return u;
  };
  let communeSeq = 0;
  const communes = (d: Unit, count: number, firstCode: number): Unit[] => {
    const list: Unit[] = [];
    for (let i = 0; i < count; i++) {
      const code = unitCode(String(firstCode + 3 * communeSeq++).padStart(5, '0'));
      list.push({ code, name: nextName(), level: 'xa', parent: d.code, groups: [], emails: [] });
    }
    communesOf.set(d.code, list);
    return list;
  };

  const ls = seedPlans.langSon2018Ntm;
  province(LANG_SON, `Tỉnh ${ls.province}`);
  const langSonDistricts = LANG_SON_DISTRICTS.map((d, i) => district(d.code, ls.districts[i] ?? d.code, LANG_SON, 'ls', 'langson.example', 'ntm'));
  // Each district is listed with its communes right below it, as an office would keep the list.
  langSonDistricts.forEach((d, i) => units.push(d, ...communes(d, LANG_SON_DISTRICTS[i]?.communes ?? 0, 6103)));

  // 20 border communes (4 in each border district) and 5 ĐBKK communes (one in each listed district).
  for (const code of BORDER_DISTRICTS) {
    for (const c of rng.shuffle(communesOf.get(unitCode(code)) ?? []).slice(0, 4)) c.groups.push(BORDER_TAG);
  }
  for (const code of EXTRA_DIFFICULT_DISTRICTS) {
    const candidates = (communesOf.get(unitCode(code)) ?? []).filter((c) => c.groups.length === 0);
    const chosen = rng.shuffle(candidates)[0];
    chosen?.groups.push(EXTRA_DIFFICULT_TAG);
  }

  const bk = seedPlans.bacKan2017Poverty;
  province(BAC_KAN, `Tỉnh ${bk.province}`);
  communeSeq = 0;
  const bacKanDistricts = BAC_KAN_DISTRICTS.map((d, i) => district(d.code, bk.rows[i]?.unit ?? d.code, BAC_KAN, 'bk', 'backan.example', 'giamngheo'));
  bacKanDistricts.forEach((d, i) => units.push(d, ...communes(d, BAC_KAN_DISTRICTS[i]?.communes ?? 0, 1843)));

  // Kon Tum (NTM 2025, province > commune): listed last, so the 2018 units keep their order.
  units.push(...buildKonTumUnits(nextName));
  return { units, langSonDistricts, bacKanDistricts, communesOf };
}
