import type { Alert } from '../../shared/alerts/alert.js';
import type { Baseline } from '../../shared/domain/config.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { indicatorId, periodId, unitCode, type A1Cell } from '../../shared/domain/ids.js';
import type { Programme } from '../../shared/domain/programme.js';
import type { Scope, Unit } from '../../shared/domain/unit.js';
import type { IndicatorValue } from '../../shared/indicators/indicator.js';
import type { RunIssue, RunResult, UnitReport } from '../../shared/publish/run-result.js';
import type { TargetEvaluation } from '../../shared/targets/evaluation.js';

/** A hand-built run: a province, two districts, four communes, one group. */
export const PERIOD = periodId('2018');
export const SET = requireCriteriaSet(PERIOD);
export const GROUP = 'xã biên giới';

const unit = (code: string, name: string, level: Unit['level'], parent?: string, extra: Partial<Unit> = {}): Unit => ({
  code: unitCode(code),
  name,
  level,
  parent: parent === undefined ? undefined : unitCode(parent),
  groups: [],
  emails: [],
  ...extra,
});

/** Listed districts first so tree order (each district followed by its communes) differs from input order. */
export function fixtureUnits(): Unit[] {
  return [
    unit('10', 'Tỉnh Lào Cai', 'tinh'),
    unit('080', 'Huyện Bát Xát', 'huyen', '10', { workbook: 'bat-xat.xlsx', emails: ['bx@laocai.gov.vn'] }),
    unit('082', 'Huyện Mường Khương', 'huyen', '10', { workbook: 'muong-khuong.xlsx', emails: ['mk@laocai.gov.vn'] }),
    unit('02647', 'Xã A Mú Sung', 'xa', '080', { groups: [GROUP] }),
    unit('02650', 'Xã Y Tý', 'xa', '080'),
    unit('02701', 'Xã Pha Long', 'xa', '082', { groups: [GROUP] }),
    unit('02704', 'Xã Bản Lầu', 'xa', '082', { workbook: 'ban-lau.xlsx' }),
  ];
}

const iv = (programme: Programme, scope: Scope, id: string, value: number, numerator?: number, denominator?: number): IndicatorValue => ({
  programme,
  unit: scope,
  indicator: indicatorId(id),
  value,
  ...(numerator === undefined ? {} : { numerator }),
  ...(denominator === undefined ? {} : { denominator }),
});

/** Every NTM indicator of a scope, from its commune count, standard count and average. */
function ntm(scope: Scope, communes: number, standard: number, avg: number): IndicatorValue[] {
  const pct = (n: number): number => (communes === 0 ? 0 : (n / communes) * 100);
  const out = [
    iv('ntm', scope, 'ntm.communes', communes),
    iv('ntm', scope, 'ntm.standard', standard),
    iv('ntm', scope, 'ntm.standard.pct', pct(standard), standard, communes),
    iv('ntm', scope, 'ntm.avg_criteria', avg),
    iv('ntm', scope, 'ntm.recognised', standard),
  ];
  for (const b of SET.buckets) {
    const n = b.id === '19' ? standard : b.id === '10_14' ? communes - standard : 0;
    out.push(iv('ntm', scope, `ntm.bucket.${b.id}`, n), iv('ntm', scope, `ntm.bucket.${b.id}.pct`, pct(n), n, communes));
  }
  for (const c of SET.criteria) {
    const n = c.no === 2 ? standard : communes;
    out.push(iv('ntm', scope, `ntm.criterion.${c.no}`, n), iv('ntm', scope, `ntm.criterion.${c.no}.pct`, pct(n), n, communes));
  }
  return out;
}

function poverty(scope: Scope, households: number, poor: number, nearPoor: number, reduction?: { poor: number; pp: number }): IndicatorValue[] {
  const out = [
    iv('giam_ngheo', scope, 'poverty.households', households),
    iv('giam_ngheo', scope, 'poverty.poor', poor),
    iv('giam_ngheo', scope, 'poverty.near_poor', nearPoor),
    iv('giam_ngheo', scope, 'poverty.rate', (poor / households) * 100, poor, households),
    iv('giam_ngheo', scope, 'poverty.near_poor_rate', (nearPoor / households) * 100, nearPoor, households),
    iv('giam_ngheo', scope, 'poverty.multidim_rate', ((poor + nearPoor) / households) * 100, poor + nearPoor, households),
  ];
  if (reduction) {
    out.push(iv('giam_ngheo', scope, 'poverty.poor_reduction', reduction.poor), iv('giam_ngheo', scope, 'poverty.rate_reduction_pp', reduction.pp));
  }
  return out;
}

export function fixtureIndicators(): IndicatorValue[] {
  return [
    // The province: 1 of 3 communes with data, plus a percent that needs rounding (26.6129...).
    ...ntm('10', 3, 1, 12.3333),
    ...ntm('080', 2, 1, 13.5),
    ...ntm('082', 1, 0, 10),
    ...ntm('02647', 1, 1, 19),
    ...ntm('02650', 1, 0, 8),
    ...ntm('02701', 1, 0, 10),
    // 02704 has no NTM row: it must not appear in the NTM tab.
    ...ntm(`nhóm:${GROUP}`, 2, 1, 14.5),
    ...poverty('10', 4000, 1064.5161, 300, { poor: 100, pp: 2.5 }),
    ...poverty('080', 2000, 600, 150, { poor: 50, pp: 2.5 }),
    ...poverty('02704', 500, 120, 40),
  ].map((v) => (v.unit === '10' && v.indicator === 'ntm.standard.pct' ? { ...v, value: 26.612903 } : v));
}

export const BASELINES: Baseline[] = [
  { unit: unitCode('080'), period: PERIOD, households: 2000, poor: 650, nearPoor: 160 },
  // Another period's row must be ignored.
  { unit: unitCode('10'), period: periodId('2017'), households: 1, poor: 1 },
];

const target = (t: Omit<TargetEvaluation, 'indicator' | 'source'> & { indicator: string; source?: string }): TargetEvaluation => ({
  ...t,
  indicator: indicatorId(t.indicator),
  source: t.source ?? 'Chỉ tiêu!E2',
});

export function fixtureTargets(): TargetEvaluation[] {
  return [
    target({
      programme: 'giam_ngheo',
      unit: '10',
      indicator: 'poverty.rate_reduction_pp',
      target: 3,
      op: '>=',
      value: 2.5,
      projected: 2.5,
      status: 'at_risk',
      due: '2018-12-31',
      source: 'Chỉ tiêu!E9',
    }),
    target({
      programme: 'ntm',
      unit: '082',
      indicator: 'ntm.standard',
      target: 1,
      op: '>=',
      value: 0,
      status: 'missed',
      due: '2018-12-31',
      source: 'Chỉ tiêu!E3',
    }),
    target({
      programme: 'ntm',
      unit: '10',
      indicator: 'ntm.standard.pct',
      target: 25,
      op: '>=',
      value: 26.612903,
      status: 'met',
      due: '2018-12-31',
      source: 'Chỉ tiêu!E2',
    }),
    target({
      programme: 'ntm',
      unit: `nhóm:${GROUP}`,
      indicator: 'ntm.avg_criteria',
      target: 15,
      op: '>=',
      value: 14.5,
      projected: 14.5,
      status: 'at_risk',
      due: '2018-12-31',
      source: 'Chỉ tiêu!E4',
    }),
    target({ programme: 'ntm', unit: '080', indicator: 'ntm.standard', target: 2, op: '>=', status: 'pending', source: 'Chỉ tiêu!E5' }),
  ];
}

export function fixtureReports(): UnitReport[] {
  return [
    {
      code: unitCode('082'),
      name: 'Huyện Mường Khương',
      status: 'invalid',
      errors: 2,
      warnings: 1,
      programmes: ['ntm', 'giam_ngheo'],
      lastChangedAt: '2018-12-30T02:15:00.000Z',
      checkedAt: '2018-12-31T05:00:00.000Z',
      due: '2018-12-31',
      staleCommunes: [unitCode('02701')],
    },
    {
      code: unitCode('080'),
      name: 'Huyện Bát Xát',
      status: 'ok',
      errors: 0,
      warnings: 0,
      programmes: ['ntm', 'giam_ngheo'],
      lastChangedAt: '2018-12-29T01:00:00.000Z',
      checkedAt: '2018-12-31T05:00:00.000Z',
      due: '2018-12-31',
      staleCommunes: [],
    },
    {
      code: unitCode('02704'),
      name: 'Xã Bản Lầu',
      status: 'missing',
      errors: 0,
      warnings: 0,
      programmes: ['giam_ngheo'],
      due: '2019-01-15',
      staleCommunes: [],
    },
  ];
}

export function fixtureIssues(): RunIssue[] {
  const cell = (s: string): A1Cell => s as A1Cell;
  return [
    {
      unit: unitCode('082'),
      code: 'criterion_invalid',
      severity: 'error',
      tab: 'NTM',
      cell: cell('C4'),
      value: 'dat',
      message: 'Giá trị không hợp lệ.',
      hint: 'Chọn Đạt hoặc Chưa đạt.',
    },
    {
      unit: unitCode('082'),
      code: 'number_ambiguous',
      severity: 'error',
      tab: 'Giảm nghèo',
      cell: cell('C5'),
      value: '1,955',
      message: 'Số không rõ nghĩa.',
      hint: 'Viết 1.955 hoặc 1,9.',
    },
    { unit: unitCode('082'), code: 'column_extra', severity: 'warning', tab: 'NTM', cell: cell('X3'), value: 'Ghi chú 2', message: 'Cột thừa.' },
  ];
}

export function fixtureAlerts(): Alert[] {
  return [
    {
      kind: 'target_at_risk',
      unit: `nhóm:${GROUP}`,
      indicator: indicatorId('ntm.avg_criteria'),
      severity: 'warning',
      message: 'Nhóm xã biên giới: bình quân 14,5 tiêu chí/xã, mục tiêu 15.',
      key: 'k1',
      fingerprint: 'f1',
      recipients: ['vp@laocai.gov.vn'],
    },
    {
      kind: 'data_invalid',
      unit: '082',
      severity: 'error',
      message: 'Bảng tính của Huyện Mường Khương có 2 lỗi.',
      key: 'k2',
      fingerprint: 'f2',
      recipients: ['mk@laocai.gov.vn', 'vp@laocai.gov.vn'],
    },
    {
      kind: 'target_missed',
      unit: '082',
      indicator: indicatorId('ntm.standard'),
      severity: 'error',
      message: 'Huyện Mường Khương: 0 xã đạt chuẩn, mục tiêu 1.',
      key: 'k3',
      fingerprint: 'f3',
      recipients: ['VP@laocai.gov.vn ', 'mk@laocai.gov.vn'],
    },
    {
      kind: 'target_at_risk',
      unit: '10',
      indicator: indicatorId('poverty.rate_reduction_pp'),
      severity: 'warning',
      message: 'Tỉnh Lào Cai: tỷ lệ hộ nghèo giảm 2,5 điểm %, mục tiêu 3.',
      key: 'k4',
      fingerprint: 'f4',
      recipients: ['vp@laocai.gov.vn'],
    },
  ];
}

export function fixtureResult(): RunResult {
  return {
    runId: 'run-1',
    period: PERIOD,
    asOf: '2018-12-31',
    startedAt: '2018-12-31T05:00:00.000Z',
    units: fixtureReports(),
    issues: fixtureIssues(),
    indicators: fixtureIndicators(),
    targets: fixtureTargets(),
    alerts: fixtureAlerts(),
  };
}

export const fixtureHierarchy = (): Hierarchy => new Hierarchy(fixtureUnits());

/** 07:30 UTC is 14:30 in Vietnam. */
export const GENERATED_AT = '2019-01-05T07:30:00.000Z';
