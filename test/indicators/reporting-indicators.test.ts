import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { unitCode } from '../../shared/domain/ids.js';
import type { Unit } from '../../shared/domain/unit.js';
import { computeReportingIndicators, type ReportingState } from '../../shared/indicators/reporting-indicators.js';

const unit = (code: string, level: Unit['level'], parent?: string, extra: Partial<Unit> = {}): Unit => ({
  code: unitCode(code),
  name: `Đơn vị ${code}`,
  level,
  ...(parent === undefined ? {} : { parent: unitCode(parent) }),
  groups: [],
  emails: [],
  ...extra,
});

const h = new Hierarchy([
  unit('20', 'tinh'),
  unit('180', 'huyen', '20', { workbook: 'a.xlsx', groups: ['huyện nghèo'] }),
  unit('181', 'huyen', '20', { workbook: 'b.xlsx' }),
  unit('182', 'huyen', '20', { workbook: 'c.xlsx', groups: ['huyện nghèo'] }),
  unit('183', 'huyen', '20', { workbook: 'd.xlsx' }),
  unit('06001', 'xa', '180'),
]);

const state = (code: string, status: ReportingState['status'], receivedAt?: string, due = '2018-12-20'): ReportingState => ({
  unit: unitCode(code),
  status,
  due,
  ...(receivedAt === undefined ? {} : { receivedAt }),
});

const valuesOf = (scope: string, all: ReturnType<typeof computeReportingIndicators>): Record<string, number> =>
  Object.fromEntries(all.filter((v) => v.unit === scope).map((v) => [v.indicator, v.value]));

describe('computeReportingIndicators', () => {
  const all = computeReportingIndicators(h, [
    // On time: received the evening of the due day in Vietnam (still 20/12 there, 13:00 UTC).
    state('180', 'ok', '2018-12-20T13:00:00.000Z'),
    // Late: 21/12 in Vietnam although still 20/12 in UTC.
    state('181', 'invalid', '2018-12-20T18:00:00.000Z'),
    state('182', 'missing'),
    // Unreadable now: not received, whatever arrived before.
    state('183', 'unreadable', '2018-12-01T00:00:00.000Z'),
  ]);

  it('counts expected, received (a readable workbook) and on time for the province, in percent of expected', () => {
    expect(valuesOf('20', all)).toEqual({
      'reporting.expected': 4,
      'reporting.received': 2,
      'reporting.on_time': 1,
      'reporting.rate': 50,
      'reporting.on_time_rate': 25,
    });
    const rate = all.find((v) => v.unit === '20' && v.indicator === 'reporting.rate');
    expect(rate).toMatchObject({ programme: 'reporting', numerator: 2, denominator: 4 });
  });

  it('gives a reporting unit its own figures, groups theirs, and scopes that owe nothing none', () => {
    expect(valuesOf('180', all)).toMatchObject({ 'reporting.expected': 1, 'reporting.rate': 100, 'reporting.on_time_rate': 100 });
    expect(valuesOf('181', all)).toMatchObject({ 'reporting.received': 1, 'reporting.on_time': 0 });
    expect(valuesOf('nhóm:huyện nghèo', all)).toMatchObject({ 'reporting.expected': 2, 'reporting.received': 1 });
    expect(valuesOf('06001', all)).toEqual({});
  });

  it('takes a received report without a known due date as on time', () => {
    const [v] = computeReportingIndicators(h, [{ unit: unitCode('180'), status: 'ok', receivedAt: '2019-03-01T00:00:00.000Z' }]).filter(
      (x) => x.unit === '180' && x.indicator === 'reporting.on_time',
    );
    expect(v?.value).toBe(1);
  });
});
