import { describe, expect, it } from 'vitest';
import { MAX_ALERT_PROBLEMS } from '../../shared/alerts/alert.js';
import { buildAlerts, type AlertInput } from '../../shared/alerts/build-alerts.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { a1, indicatorId, periodId, unitCode } from '../../shared/domain/ids.js';
import type { SheetIssue } from '../../shared/domain/issue.js';
import { quantityOf } from '../../shared/programmes/indicator-catalogue.js';
import type { TargetEvaluation } from '../../shared/targets/evaluation.js';
import { set2018, unit } from '../indicators/fixtures/plans.js';

const h = new Hierarchy([
  unit('20', 'Tỉnh Lạng Sơn', 'tinh'),
  unit('183', 'Huyện Cao Lộc', 'huyen', '20', { workbook: 'cao-loc.xlsx', emails: ['caoloc@langson.gov.vn'] }),
]);

function input(over: Partial<AlertInput>): AlertInput {
  return {
    period: periodId('2018'),
    asOf: '2018-10-20',
    hierarchy: h,
    recipients: [{ email: 'vp@langson.gov.vn', role: 'văn phòng' }],
    units: [],
    targets: [],
    inconsistencies: [],
    regressions: [],
    set: set2018,
    ...over,
  };
}

const atRisk = (indicator: string, value: number, target: number, scope = '20'): TargetEvaluation => ({
  programme: 'ntm',
  unit: scope,
  indicator: indicatorId(indicator),
  target,
  op: '>=',
  value,
  projected: value * 1.2,
  status: 'at_risk',
  due: '2018-12-31',
  source: 'Chỉ tiêu!E5',
});

describe('what an alert states', () => {
  it('takes the communes meeting every criterion, their bucket and their shares for one quantity', () => {
    expect(quantityOf(set2018, indicatorId('ntm.bucket.19'))).toBe('ntm.standard');
    expect(quantityOf(set2018, indicatorId('ntm.bucket.19.pct'))).toBe('ntm.standard');
    expect(quantityOf(set2018, indicatorId('ntm.standard.pct'))).toBe('ntm.standard');
    expect(quantityOf(set2018, indicatorId('ntm.bucket.15_18'))).toBe('ntm.bucket.15_18');
    expect(quantityOf(set2018, indicatorId('ntm.criterion.2.pct'))).toBe('ntm.criterion.2');
  });

  it('gives target alerts of one quantity and scope one fact, and others their own', () => {
    const alerts = buildAlerts(
      input({
        targets: [
          atRisk('ntm.standard', 47, 48),
          atRisk('ntm.bucket.19', 47, 48),
          atRisk('ntm.standard.pct', 22.71, 23.2),
          atRisk('ntm.criterion.2', 57, 58),
          atRisk('ntm.standard', 4, 5, '183'),
        ],
      }),
    );
    const facts = new Map(alerts.map((a) => [`${a.unit} ${a.indicator}`, a.fact?.id]));
    expect(facts.get('20 ntm.standard')).toBe('target_at_risk|20|ntm.standard');
    expect(facts.get('20 ntm.bucket.19')).toBe('target_at_risk|20|ntm.standard');
    expect(facts.get('20 ntm.standard.pct')).toBe('target_at_risk|20|ntm.standard');
    expect(facts.get('20 ntm.criterion.2')).toBe('target_at_risk|20|ntm.criterion.2');
    expect(facts.get('183 ntm.standard')).toBe('target_at_risk|183|ntm.standard');
    // Each keeps its own identity: what was sent is remembered per target.
    expect(new Set(alerts.map((a) => a.key)).size).toBe(5);
    const bucket = alerts.find((a) => a.indicator === 'ntm.bucket.19');
    expect(bucket?.message).toBe(`Tỉnh Lạng Sơn: chỉ tiêu '${bucket?.fact?.label}' ${bucket?.fact?.detail}`);
  });

  it("carries a unit's findings, errors first, the first few and how many in all", () => {
    const issues: SheetIssue[] = [
      { code: 'commune_row_missing', severity: 'warning', tab: 'NTM', message: 'Chưa có dòng nào cho Xã Mới.' },
      ...Array.from({ length: 12 }, (_, i): SheetIssue => ({
        code: 'criterion_missing',
        severity: 'error',
        tab: 'NTM',
        cell: a1(i + 5, 3),
        message: `Lỗi ${i + 1}`,
      })),
    ];
    const [alert] = buildAlerts(
      input({ units: [{ unit: unitCode('183'), status: 'invalid', errors: 12, warnings: 1, due: '2018-12-31', hasAcceptedData: true, issues }] }),
    );
    expect(alert?.kind).toBe('data_invalid');
    expect(alert?.problems?.errors).toBe(12);
    expect(alert?.problems?.warnings).toBe(1);
    expect(alert?.problems?.list).toHaveLength(MAX_ALERT_PROBLEMS);
    expect(alert?.problems?.list[0]).toEqual({ severity: 'error', tab: 'NTM', cell: 'C5', message: 'Lỗi 1' });
    expect(alert?.problems?.list.every((p) => p.severity === 'error')).toBe(true);
  });
});
