import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts/alert.js';
import { buildAlerts, recipientsFor, type AlertInput } from '../../shared/alerts/build-alerts.js';
import type { UnitRunState } from '../../shared/alerts/unit-run-state.js';
import type { Recipient } from '../../shared/domain/config.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { indicatorId, periodId, unitCode } from '../../shared/domain/ids.js';
import type { TargetEvaluation } from '../../shared/targets/evaluation.js';
import { set2018, unit } from '../indicators/fixtures/plans.js';

const h = new Hierarchy([
  unit('06', 'Tỉnh Bắc Kạn', 'tinh', undefined, { emails: ['tinh@backan.gov.vn'] }),
  unit('0604', 'Huyện Pác Nặm', 'huyen', '06', { workbook: 'pac-nam.xlsx', emails: ['pacnam@backan.gov.vn'] }),
  unit('060401', 'Xã Bộc Bố', 'xa', '0604', { groups: ['xã biên giới'], emails: ['bocbo@backan.gov.vn'] }),
  unit('0607', 'Huyện Chợ Đồn', 'huyen', '06', { workbook: 'cho-don.xlsx', emails: ['chodon@backan.gov.vn', ' pacnam@backan.gov.vn '] }),
]);
const recipients: Recipient[] = [
  { email: 'vanphong@backan.gov.vn', role: 'văn phòng' },
  { email: 'giamdoc@backan.gov.vn', role: 'lãnh đạo' },
  { email: 'VanPhong@backan.gov.vn', role: 'văn phòng' },
  { email: 'theodoi-pacnam@backan.gov.vn', role: 'văn phòng', scope: unitCode('0604') },
  { email: 'theodoi-chodon@backan.gov.vn', role: 'văn phòng', scope: unitCode('0607') },
];

function input(over: Partial<AlertInput>): AlertInput {
  return {
    period: periodId('2017'),
    asOf: '2018-01-10',
    hierarchy: h,
    recipients,
    units: [],
    targets: [],
    inconsistencies: [],
    regressions: [],
    set: set2018,
    ...over,
  };
}

const evaluation = (over: Partial<TargetEvaluation>): TargetEvaluation => ({
  programme: 'giam_ngheo',
  unit: '0604',
  indicator: indicatorId('poverty.poor_reduction'),
  target: 288,
  op: '>=',
  value: 250,
  status: 'missed',
  due: '2017-12-31',
  source: 'Chỉ tiêu!E5',
  ...over,
});

const runState = (over: Partial<Omit<UnitRunState, 'unit'>> & { unit: string }): UnitRunState => ({
  status: 'ok',
  errors: 0,
  warnings: 0,
  due: '2017-12-20',
  hasAcceptedData: true,
  ...over,
  unit: unitCode(over.unit),
});

const only = (alerts: Alert[]): Alert => {
  expect(alerts).toHaveLength(1);
  return alerts[0] as Alert;
};

describe('buildAlerts: targets', () => {
  it('writes a missed target in Vietnamese and routes it to the office, the unit and its watchers', () => {
    const a = only(buildAlerts(input({ targets: [evaluation({})] })));
    expect(a).toMatchObject({
      kind: 'target_missed',
      unit: '0604',
      indicator: 'poverty.poor_reduction',
      severity: 'error',
      key: 'target_missed|0604|poverty.poor_reduction',
      message: "Huyện Pác Nặm: chỉ tiêu 'Số hộ nghèo giảm so với đầu kỳ' chưa đạt: 250/288 (hạn 31/12/2017)",
    });
    expect(a.recipients).toEqual(['giamdoc@backan.gov.vn', 'pacnam@backan.gov.vn', 'theodoi-pacnam@backan.gov.vn', 'vanphong@backan.gov.vn']);
  });

  it('words <= targets, percentages, missing values and targets at risk', () => {
    const alerts = buildAlerts(
      input({
        targets: [
          evaluation({ unit: '06', indicator: indicatorId('poverty.rate'), target: 11, op: '<=', value: 12.345 }),
          evaluation({ unit: '0607', value: undefined }),
          evaluation({ unit: '0604', status: 'at_risk', value: 100, projected: 200.456, due: undefined }),
          evaluation({ unit: '0604', indicator: indicatorId('ntm.standard'), status: 'met', value: 300 }),
          evaluation({ unit: '0604', indicator: indicatorId('ntm.standard.pct'), status: 'pending', value: 3 }),
        ],
      }),
    );
    expect(alerts.map((a) => a.message)).toEqual([
      "Tỉnh Bắc Kạn: chỉ tiêu 'Tỷ lệ hộ nghèo' chưa đạt: 12,35%, mục tiêu không quá 11% (hạn 31/12/2017)",
      "Huyện Chợ Đồn: chỉ tiêu 'Số hộ nghèo giảm so với đầu kỳ' chưa đạt: chưa có số liệu, mục tiêu ít nhất 288 (hạn 31/12/2017)",
      "Huyện Pác Nặm: chỉ tiêu 'Số hộ nghèo giảm so với đầu kỳ' có nguy cơ không đạt: hiện 100, theo tiến độ dự kiến 200,46, mục tiêu ít nhất 288",
    ]);
    expect(alerts.map((a) => a.severity)).toEqual(['error', 'error', 'warning']);
  });

  it('sends group alerts to unscoped recipients and to the offices whose area holds a member', () => {
    const a = only(
      buildAlerts(
        input({ targets: [evaluation({ unit: 'nhóm:xã biên giới', indicator: indicatorId('ntm.avg_criteria'), status: 'at_risk', value: 8, target: 9.35 })] }),
      ),
    );
    expect(a.message).toContain("Nhóm xã biên giới: chỉ tiêu 'Bình quân số tiêu chí/xã' có nguy cơ không đạt: hiện 8");
    // Xã Bộc Bố (in Pác Nặm, 0604) is in the group; Chợ Đồn's office (0607) is not concerned.
    expect(a.recipients).toEqual(['giamdoc@backan.gov.vn', 'theodoi-pacnam@backan.gov.vn', 'vanphong@backan.gov.vn']);
  });

  it('fingerprints the substance: value at 2 decimals and status, not the projection', () => {
    const fp = (e: Partial<TargetEvaluation>): string => only(buildAlerts(input({ targets: [evaluation(e)] }))).fingerprint;
    expect(fp({ value: 250 })).toBe(fp({ value: 250.001 }));
    expect(fp({ value: 250 })).not.toBe(fp({ value: 251 }));
    expect(fp({ status: 'at_risk', projected: 280 })).toBe(fp({ status: 'at_risk', projected: 281 }));
    expect(fp({ status: 'at_risk' })).not.toBe(fp({ status: 'missed' }));
  });
});

describe('buildAlerts: reporting units', () => {
  it('raises missing, late, invalid and unreadable reports with their counts', () => {
    const alerts = buildAlerts(
      input({
        asOf: '2017-12-21',
        units: [
          runState({ unit: '0604', status: 'missing', hasAcceptedData: false }),
          // Received 20 Dec 18:30 UTC = 21 Dec 01:30 in Hà Nội: one day late.
          runState({ unit: '0607', status: 'invalid', errors: 3, receivedAt: '2017-12-20T18:30:00.000Z' }),
          runState({ unit: '060401', status: 'unreadable', hasAcceptedData: false, due: '2017-12-21' }),
          runState({ unit: '06', status: 'ok', receivedAt: '2017-12-20T16:59:00.000Z' }),
        ],
      }),
    );
    expect(alerts.map((a) => [a.kind, a.unit, a.severity])).toEqual([
      ['report_missing', '0604', 'error'],
      ['report_late', '0607', 'warning'],
      ['data_invalid', '0607', 'warning'],
      ['unit_unreadable', '060401', 'error'],
    ]);
    expect(alerts[0]?.message).toBe('Huyện Pác Nặm: chưa nộp báo cáo có số liệu hợp lệ (hạn 20/12/2017).');
    expect(alerts[1]?.message).toBe('Huyện Chợ Đồn: nộp báo cáo muộn, nhận ngày 21/12/2017 (hạn 20/12/2017).');
    expect(alerts[2]?.message).toContain('Huyện Chợ Đồn: bảng tính còn 3 lỗi');
    expect(alerts[2]?.key).toBe('data_invalid|0607|');
    expect(alerts[3]?.message).toBe('Xã Bộc Bố: không mở hoặc không đọc được bảng tính.');
    // A commune's alert reaches its own focal point and the district that reports for it.
    expect(alerts[3]?.recipients).toEqual([
      'bocbo@backan.gov.vn',
      'giamdoc@backan.gov.vn',
      'pacnam@backan.gov.vn',
      'theodoi-pacnam@backan.gov.vn',
      'vanphong@backan.gov.vn',
    ]);
    // Chợ Đồn lists a Pác Nặm address too: trimmed and de-duplicated.
    expect(alerts[1]?.recipients).toEqual([
      'chodon@backan.gov.vn',
      'giamdoc@backan.gov.vn',
      'pacnam@backan.gov.vn',
      'theodoi-chodon@backan.gov.vn',
      'vanphong@backan.gov.vn',
    ]);
  });

  it('does not call a report missing on its due date, and the error count changes the fingerprint', () => {
    expect(buildAlerts(input({ asOf: '2017-12-20', units: [runState({ unit: '0604', status: 'missing', hasAcceptedData: false })] }))).toEqual([]);
    const fp = (errors: number): string => only(buildAlerts(input({ units: [runState({ unit: '0607', status: 'invalid', errors })] }))).fingerprint;
    expect(fp(3)).toBe(fp(3));
    expect(fp(3)).not.toBe(fp(2));
  });
});

describe('buildAlerts: plan contradictions and regressions', () => {
  it("keeps the run's period only and merges findings that share a key", () => {
    const base = {
      kind: 'count_pct' as const,
      programme: 'giam_ngheo' as const,
      period: periodId('2017'),
      scope: '0604',
      indicator: indicatorId('poverty.rate_reduction_pp'),
      sources: ['Chỉ tiêu!E9'],
    };
    const alerts = buildAlerts(
      input({
        inconsistencies: [
          { ...base, message: 'Một.' },
          { ...base, kind: 'children_sum', message: 'Hai.' },
          { ...base, period: periodId('2018'), message: 'Kỳ khác.' },
        ],
        regressions: [
          { scope: '060401', indicator: indicatorId('ntm.criterion.2'), message: 'Xã Bộc Bố: không còn đạt tiêu chí 2 (Giao thông).', before: 15, after: 14 },
        ],
      }),
    );
    expect(alerts.map((a) => [a.kind, a.key, a.severity, a.message])).toEqual([
      ['target_inconsistent', 'target_inconsistent|0604|poverty.rate_reduction_pp', 'warning', 'Một. Hai.'],
      ['regression', 'regression|060401|ntm.criterion.2', 'warning', 'Xã Bộc Bố: không còn đạt tiêu chí 2 (Giao thông).'],
    ]);
    expect(alerts[1]?.recipients).toContain('bocbo@backan.gov.vn');
    expect(alerts[1]?.recipients).not.toContain('theodoi-chodon@backan.gov.vn');
  });
});

describe('recipientsFor', () => {
  it('covers unknown scopes with the unscoped recipients only', () => {
    expect(recipientsFor(h, recipients, 'zz')).toEqual(['giamdoc@backan.gov.vn', 'vanphong@backan.gov.vn']);
    expect(recipientsFor(h, recipients, '06')).toEqual(['giamdoc@backan.gov.vn', 'tinh@backan.gov.vn', 'vanphong@backan.gov.vn']);
  });
});
