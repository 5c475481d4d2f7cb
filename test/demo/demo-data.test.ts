import { describe, expect, it } from 'vitest';
import seedPlans from '../../shared/data/seed-plans.json' with { type: 'json' };
import { buildDemoConfig } from '../../shared/demo/demo-config.js';
import { DTTS_DEMO_PROBLEM } from '../../shared/demo/demo-dtts.js';
import { buildLangSonNtm, CRITERION_1_COUNT } from '../../shared/demo/demo-ntm.js';
import { ACHIEVED_POOR_REDUCTION, buildBacKanPoverty } from '../../shared/demo/demo-poverty.js';
import { buildDemoUnitData, DEMO_PROBLEMS } from '../../shared/demo/demo-unit-data.js';
import { BORDER_TAG, buildDemoUnits, EXTRA_DIFFICULT_TAG } from '../../shared/demo/demo-units.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { unitCode } from '../../shared/domain/ids.js';

const plan = seedPlans.langSon2018Ntm;
const table = seedPlans.bacKan2017Poverty;

describe('demo units', () => {
  const demo = buildDemoUnits();
  const h = new Hierarchy(demo.units);

  it('has Lạng Sơn with 11 districts and 207 communes, Bắc Kạn with the 8 units of the table', () => {
    expect(h.roots.map((r) => r.code)).toEqual(['20', '06', '62']);
    // Kon Tum after the 2025 reform: province > commune, reported by the province.
    expect(h.children(unitCode('62')).every((c) => c.level === 'xa')).toBe(true);
    expect(h.communesUnder(unitCode('62'))).toHaveLength(86);
    expect(demo.langSonDistricts.map((d) => d.name)).toEqual(plan.districts);
    expect(demo.langSonDistricts.map((d) => d.code)).toEqual(['178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189']);
    expect(h.communesUnder(unitCode('20'))).toHaveLength(207);
    expect(demo.bacKanDistricts.map((d) => d.name)).toEqual(table.rows.map((r) => r.unit));
    for (const d of demo.bacKanDistricts) expect(h.communesUnder(d.code).length).toBeGreaterThanOrEqual(4);
  });

  it('uses text codes, distinct names within a province, and the two group tags', () => {
    const communes = demo.units.filter((u) => u.level === 'xa');
    expect(communes.every((c) => /^\d{5}$/.test(c.code))).toBe(true);
    expect(new Set(communes.map((c) => c.code)).size).toBe(communes.length);
    expect(new Set(communes.map((c) => c.name)).size).toBe(communes.length);
    expect(h.inGroup(BORDER_TAG)).toHaveLength(20);
    expect(h.inGroup(EXTRA_DIFFICULT_TAG)).toHaveLength(5);
    expect(demo.langSonDistricts[0]?.workbook).toBe('ls-178-tp-lang-son.xlsx');
    expect(demo.bacKanDistricts[1]?.workbook).toBe('bk-066-na-ri.xlsx');
    expect(demo.units.filter((u) => u.workbook).every((u) => /^[a-z0-9-]+\.xlsx$/.test(u.workbook ?? ''))).toBe(true);
  });
});

describe('Lạng Sơn NTM 2018', () => {
  const ntm = buildLangSonNtm(buildDemoUnits());

  it('reproduces every count of the plan exactly', () => {
    expect(ntm).toHaveLength(207);
    const met = ntm.map((c) => c.criteria.filter(Boolean).length);
    const bucket = (min: number, max: number): number => met.filter((m) => m >= min && m <= max).length;
    expect([bucket(19, 19), bucket(15, 18), bucket(10, 14), bucket(5, 9), bucket(0, 4)]).toEqual([48, 2, 29, 128, 0]);
    const perCriterion = Array.from({ length: 19 }, (_, i) => ntm.filter((c) => c.criteria[i]).length);
    expect(perCriterion[0]).toBe(CRITERION_1_COUNT);
    for (const t of plan.criterionTargets) expect(perCriterion[t.no - 1]).toBe(t.communes);
    const total = met.reduce((a, b) => a + b, 0);
    expect(total).toBe(1862 + CRITERION_1_COUNT);
    const avg = total / 207;
    expect(avg).toBeGreaterThanOrEqual(plan.avgCriteriaTarget.min);
    expect(avg).toBeLessThanOrEqual(plan.avgCriteriaTarget.max);
  });

  it('recognises 36 of the 48 standard communes and gives the ĐBKK communes 10-14 criteria', () => {
    const recognised = ntm.filter((c) => c.recognisedYear !== undefined);
    expect(recognised).toHaveLength(36);
    expect(recognised.every((c) => c.criteria.every(Boolean) && (c.recognisedYear ?? 0) <= 2017)).toBe(true);
    const difficult = ntm.filter((c) => c.commune.groups.includes(EXTRA_DIFFICULT_TAG)).map((c) => c.criteria.filter(Boolean).length);
    expect(difficult).toHaveLength(5);
    expect(difficult.every((n) => n >= 10 && n <= 14)).toBe(true);
  });

  it('is deterministic', () => {
    const again = buildLangSonNtm(buildDemoUnits());
    expect(again.map((c) => [c.commune.code, c.criteria.join()])).toEqual(ntm.map((c) => [c.commune.code, c.criteria.join()]));
  });
});

describe('Bắc Kạn poverty 2017', () => {
  const demo = buildDemoUnits();
  const p = buildBacKanPoverty(demo);

  it('splits each district exactly over its communes and lowers the poor by the achieved reduction', () => {
    demo.bacKanDistricts.forEach((d, i) => {
      const row = table.rows[i];
      const mine = p.communes.filter((c) => c.commune.parent === d.code);
      expect(mine.reduce((a, c) => a + c.households, 0)).toBe(row?.households);
      expect(mine.reduce((a, c) => a + c.poor, 0)).toBe((row?.poor ?? 0) - (ACHIEVED_POOR_REDUCTION[i] ?? 0));
      expect(mine.every((c) => c.poor + c.nearPoor <= c.households && c.poorEthnic <= c.poor)).toBe(true);
      expect(p.baselines.find((b) => b.unit === d.code)).toMatchObject({ households: row?.households, poor: row?.poor });
    });
    // Some districts beyond their target, some short of it.
    const vsTarget = table.rows.map((r, i) => Math.sign((ACHIEVED_POOR_REDUCTION[i] ?? 0) - r.targetPoorReduction));
    expect(vsTarget).toContain(1);
    expect(vsTarget).toContain(-1);
  });

  it('keeps the flow identity on every commune but one', () => {
    const withFlows = p.communes.filter((c) => c.escaped !== undefined);
    expect(withFlows.length).toBeGreaterThan(5);
    const broken = withFlows.filter((c) => {
      const base = p.baselines.find((b) => b.unit === c.commune.code);
      return base === undefined || base.poor - (c.escaped ?? 0) + (c.relapsed ?? 0) + (c.newPoor ?? 0) !== c.poor;
    });
    expect(broken.map((c) => c.commune.code)).toEqual([p.inconsistentFlowCommune]);
  });
});

describe('demo config and unit data', () => {
  const config = buildDemoConfig();

  it("carries the plans' targets as printed", () => {
    const t = (scope: string, indicator: string): number | undefined => config.targets.find((x) => x.scope === scope && x.indicator === indicator)?.target;
    expect(t('20', 'ntm.standard')).toBe(48);
    expect(t('20', 'ntm.standard.pct')).toBe(23.2);
    expect(t('20', 'ntm.avg_criteria')).toBe(9.5);
    expect(t('20', 'ntm.bucket.5_9.pct')).toBe(61.8);
    expect(config.targets.find((x) => x.indicator === 'ntm.bucket.lt5')).toMatchObject({ target: 0, op: '<=' });
    for (const c of plan.criterionTargets) {
      expect(t('20', `ntm.criterion.${c.no}`)).toBe(c.communes);
      expect(t('20', `ntm.criterion.${c.no}.pct`)).toBe(c.statedPct);
    }
    expect(t('nhóm:xã ĐBKK', 'ntm.avg_criteria')).toBe(13);
    expect(t('nhóm:xã biên giới', 'ntm.avg_criteria')).toBe(9.35);
    expect(t('060', 'poverty.rate_reduction_pp')).toBe(4.21);
    expect(config.targets.find((x) => x.scope === '060' && x.indicator === 'poverty.rate_reduction_pp')?.decimals).toBe(2);
    expect(t('06', 'poverty.poor_reduction')).toBe(1955);
    expect(t('06', 'poverty.rate_reduction_pp')).toBe(2.5);
    expect(config.schedule).toEqual([
      { programme: 'ntm', period: '2018', due: '2018-12-20', scope: '20' },
      { programme: 'giam_ngheo', period: '2018', due: '2018-12-20', scope: '06' },
      { programme: 'dtts', period: '2023', due: '2023-12-20', scope: '20' },
      { programme: 'ntm', period: '2025', due: '2025-12-20', scope: '62' },
    ]);
    expect(config.recipients.map((r) => r.email)).toEqual(['vanphong.ntm@langson.example', 'vanphong.giamngheo@backan.example', 'vanphong.ntm@kontum.example']);
    expect(t('62', 'ntm.at_least.15.pct')).toBe(100);
    expect(t('62', 'ntm.avg_gain')).toBe(1);
    expect(config.targets.map((x) => x.source)[0]).toBe('Chỉ tiêu!E4');
  });

  it('carries the Lạng Sơn 2023 DTTS plan: the 14 printed indicators, the districts’ shares adding up to them, and the extreme-difficulty figures by district', () => {
    const dtts = config.targets.filter((x) => x.programme === 'dtts');
    expect(dtts.every((x) => x.period === '2023')).toBe(true);
    const ls = seedPlans.langSon2023Dtts;
    const districts = config.units.filter((u) => u.parent === '20');
    expect(districts).toHaveLength(11);
    const plannedBy = (scope: string, id: string): number | undefined => dtts.find((x) => x.scope === scope && x.indicator === id)?.target;
    for (const ind of ls.indicators) {
      const id = `dtts.${ind.project.toLowerCase()}.${ind.id}`;
      expect(plannedBy('20', id), id).toBe(ind.target);
      expect(
        districts.reduce((s, d) => s + (plannedBy(d.code, id) ?? 0), 0),
        id,
      ).toBe(ind.target);
    }
    expect(plannedBy('20', 'dtts.da4.duong_xa.pct')).toBe(96.1);
    expect(plannedBy('20', 'dtts.da4.duong_xa.total')).toBe(181);
    expect(plannedBy('20', 'dtts.ct.xa_thoat_dbkk')).toBe(5);
    expect(plannedBy('20', 'dtts.ct.thon_thoat_dbkk')).toBe(24);
    const byName = (name: string): string => districts.find((d) => d.name === name)?.code ?? '';
    expect(plannedBy(byName('Chi Lăng'), 'dtts.ct.thon_thoat_dbkk')).toBe(10);
    expect(plannedBy(byName('Đình Lập'), 'dtts.ct.xa_thoat_dbkk')).toBe(1);
    expect(plannedBy(byName('Chi Lăng'), 'dtts.ct.xa_thoat_dbkk')).toBeUndefined();
  });

  it('fills NTM for Lạng Sơn districts and Giảm nghèo for Bắc Kạn, with the deliberate problems where documented', () => {
    const data = buildDemoUnitData();
    expect(data.size).toBe(19 + 1);
    const ntmRows = [...data.entries()].filter(([unit]) => unit !== '62').flatMap(([, f]) => f.ntm?.rows ?? []);
    // 207 communes + the outsider row + the duplicate + the row without a code.
    expect(ntmRows).toHaveLength(210);
    expect(data.get(unitCode(DEMO_PROBLEMS.duplicateWithRef.unit))?.ntm?.rows.some((r) => r.tc7 !== null && typeof r.tc7 === 'object')).toBe(true);
    expect(data.get(unitCode(DEMO_PROBLEMS.blankCode.unit))?.ntm?.rows.some((r) => r.commune === null)).toBe(true);
    expect(data.get(unitCode(DEMO_PROBLEMS.reorderedColumns.unit))?.giam_ngheo?.columnOrder?.[0]).toBe('name');
    expect(data.get(unitCode(DEMO_PROBLEMS.householdsAsText.unit))?.giam_ngheo?.rows.every((r) => typeof r.households === 'string')).toBe(true);
    expect(data.get(unitCode(DEMO_PROBLEMS.duplicateAmbiguous.unit))?.giam_ngheo?.rows.some((r) => r.households === '1,120')).toBe(true);
  });

  it('fills DTTS for Lạng Sơn districts: each planned indicator with the plan pre-filled and an achieved figure', () => {
    const data = buildDemoUnitData();
    const config = buildDemoConfig();
    for (const d of config.units.filter((u) => u.parent === '20')) {
      const rows = data.get(d.code)?.dtts?.rows ?? [];
      expect(rows.length, d.code).toBeGreaterThan(0);
      for (const r of rows) {
        const code = typeof r.code === 'string' ? r.code : '';
        if (code === DTTS_DEMO_PROBLEM.unknownCode.code) continue;
        const planned = config.targets.find((t) => t.scope === d.code && t.indicator === `dtts.${code.toLowerCase()}`);
        expect(planned, `${d.code} ${code}`).toBeDefined();
        expect(r.plan, `${d.code} ${code}`).toBe(planned?.target);
        expect(typeof r.achieved).toBe('number');
        if (typeof r.total === 'number') expect(r.achieved as number).toBeLessThanOrEqual(r.total);
      }
    }
    expect(data.get(unitCode(DTTS_DEMO_PROBLEM.unknownCode.unit))?.dtts?.rows.some((r) => r.code === DTTS_DEMO_PROBLEM.unknownCode.code)).toBe(true);
    expect([...data.values()].filter((f) => f.dtts !== undefined)).toHaveLength(11);
  });
});
