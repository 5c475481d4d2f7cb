import seedPlans from '../data/seed-plans.json' with { type: 'json' };
import type { Baseline, CompareOp, ControlConfig, Recipient, ScheduleEntry, Target } from '../domain/config.js';
import { indicatorId, periodId } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import { groupScope, type Scope } from '../domain/unit.js';
import { CONTROL_HEADER_ROW } from '../templates/control-workbook-template.js';
import { buildLangSonDtts, DTTS_DEMO_PERIOD } from './demo-dtts.js';
import { buildBacKanPoverty } from './demo-poverty.js';
import { KON_TUM, KON_TUM_PERIOD, konTumTargets } from './demo-kon-tum.js';
import { BAC_KAN, BORDER_TAG, buildDemoUnits, EXTRA_DIFFICULT_TAG, LANG_SON } from './demo-units.js';

/** Decimals a number is printed with (`4.21` -> 2, `23.2` -> 1, `48` -> 0). */
function decimalsOf(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * The 2018 period of the demo, so one run shows both programmes of the 2016-2020 plans (Kon Tum's
 * 2025 period, demo-kon-tum.ts, shows the 2021-2025 set). Lạng Sơn's NTM plan is for 2018; Bắc Kạn's poverty table is from its 2017 decision and
 * is reused unchanged in this period (the notes of its targets cite the 2017 source). Lạng Sơn's
 * DTTS&MN plan is for 2023, a period of its own (DTTS_DEMO_PERIOD, demo-dtts.ts).
 */
export const DEMO_PERIOD = '2018';

export const DEMO_OFFICE_EMAIL = {
  langSon: 'vanphong.ntm@langson.example',
  bacKan: 'vanphong.giamngheo@backan.example',
  konTum: 'vanphong.ntm@kontum.example',
} as const;

/**
 * The demo's control workbook: both provinces' units, the plans' targets as printed, the Bắc Kạn
 * start-of-period review, the two reporting schedules and the offices' addresses.
 */
export function buildDemoConfig(): ControlConfig {
  const demo = buildDemoUnits();
  const poverty = buildBacKanPoverty(demo);
  const targets: Target[] = [];
  const add = (programme: Programme, period: string, scope: Scope, indicator: string, target: number, note: string, op: CompareOp = '>='): void => {
    targets.push({
      programme,
      period: periodId(period),
      scope,
      indicator: indicatorId(indicator),
      target,
      decimals: decimalsOf(target),
      op,
      note,
      source: `Chỉ tiêu!E${CONTROL_HEADER_ROW + 1 + targets.length}`,
    });
  };

  const ls = seedPlans.langSon2018Ntm;
  const lsNote = 'Kế hoạch 42/KH-UBND ngày 28/02/2018';
  const ntm = (indicator: string, target: number, note = lsNote, op: CompareOp = '>='): void => add('ntm', DEMO_PERIOD, LANG_SON, indicator, target, note, op);
  const bucket19 = ls.bucketTargets.find((b) => b.bucket === '19');
  ntm('ntm.standard', ls.standardCommunesTotal, `${lsNote}: ${ls.standardCommunesTotal} xã đạt chuẩn (thêm ${ls.newStandardCommunes} xã trong năm)`);
  if (bucket19?.statedPct !== undefined) ntm('ntm.standard.pct', bucket19.statedPct);
  ntm('ntm.avg_criteria', ls.avgCriteriaTarget.min, `${lsNote}: bình quân ${ls.avgCriteriaTarget.min}-${ls.avgCriteriaTarget.max} tiêu chí/xã`);
  for (const b of ls.bucketTargets) {
    if (b.bucket === 'lt5') {
      ntm('ntm.bucket.lt5', b.communes, `${lsNote}: không còn xã dưới 5 tiêu chí`, '<=');
      continue;
    }
    ntm(`ntm.bucket.${b.bucket}`, b.communes);
    if (b.statedPct !== undefined) ntm(`ntm.bucket.${b.bucket}.pct`, b.statedPct);
  }
  for (const c of ls.criterionTargets) {
    const added = c.added === undefined ? '' : ` (tăng ${c.added} xã)`;
    ntm(`ntm.criterion.${c.no}`, c.communes, `${lsNote}${added}`);
    ntm(`ntm.criterion.${c.no}.pct`, c.statedPct);
  }
  const difficult = ls.groupTargets.find((g) => g.communes === 5);
  const border = ls.groupTargets.find((g) => g.group === BORDER_TAG);
  if (difficult)
    add('ntm', DEMO_PERIOD, groupScope(EXTRA_DIFFICULT_TAG), 'ntm.avg_criteria', difficult.avgCriteriaTarget, `${lsNote}: 5 xã điểm đặc biệt khó khăn`);
  if (border) add('ntm', DEMO_PERIOD, groupScope(BORDER_TAG), 'ntm.avg_criteria', border.avgCriteriaTarget, `${lsNote}: 20 xã biên giới`);

  const bk = seedPlans.bacKan2017Poverty;
  const bkNote = 'Quyết định 397/QĐ-UBND ngày 04/04/2017';
  demo.bacKanDistricts.forEach((d, i) => {
    const row = bk.rows[i];
    if (!row) return;
    add('giam_ngheo', DEMO_PERIOD, d.code, 'poverty.poor_reduction', row.targetPoorReduction, bkNote);
    add('giam_ngheo', DEMO_PERIOD, d.code, 'poverty.rate_reduction_pp', row.statedReductionPct, bkNote);
  });
  add('giam_ngheo', DEMO_PERIOD, BAC_KAN, 'poverty.poor_reduction', bk.total.targetPoorReduction, `${bkNote}: dòng Tổng`);
  add(
    'giam_ngheo',
    DEMO_PERIOD,
    BAC_KAN,
    'poverty.rate_reduction_pp',
    bk.provinceTarget.rateReductionPctPoints.max,
    `${bkNote}: giảm ${bk.provinceTarget.rateReductionPctPoints.min}-${bk.provinceTarget.rateReductionPctPoints.max}%`,
  );

  for (const t of konTumTargets()) add('ntm', KON_TUM_PERIOD, KON_TUM, t.indicator, t.target, t.note);
  for (const t of buildLangSonDtts(demo).targets) add('dtts', DTTS_DEMO_PERIOD, t.scope, t.indicator, t.target, t.note);

  const baselines: Baseline[] = poverty.baselines.map((b) => ({
    unit: b.unit,
    period: periodId(DEMO_PERIOD),
    households: b.households,
    poor: b.poor,
    nearPoor: b.nearPoor,
  }));
  const schedule: ScheduleEntry[] = [
    { programme: 'ntm', period: periodId(DEMO_PERIOD), due: `${DEMO_PERIOD}-12-20`, scope: LANG_SON },
    { programme: 'giam_ngheo', period: periodId(DEMO_PERIOD), due: `${DEMO_PERIOD}-12-20`, scope: BAC_KAN },
    { programme: 'dtts', period: periodId(DTTS_DEMO_PERIOD), due: `${DTTS_DEMO_PERIOD}-12-20`, scope: LANG_SON },
    { programme: 'ntm', period: periodId(KON_TUM_PERIOD), due: `${KON_TUM_PERIOD}-12-20`, scope: KON_TUM },
  ];
  const recipients: Recipient[] = [
    { email: DEMO_OFFICE_EMAIL.langSon, role: 'văn phòng', scope: LANG_SON },
    { email: DEMO_OFFICE_EMAIL.bacKan, role: 'văn phòng', scope: BAC_KAN },
    { email: DEMO_OFFICE_EMAIL.konTum, role: 'văn phòng', scope: KON_TUM },
  ];
  return { units: demo.units, targets, baselines, schedule, recipients, issues: [] };
}
