import { describe, expect, it } from 'vitest';
import type { Target } from '../../shared/domain/config.js';
import type { IndicatorId } from '../../shared/domain/ids.js';
import type { Programme } from '../../shared/domain/programme.js';
import type { IndicatorValue } from '../../shared/indicators/indicator.js';
import { indexIndicators } from '../../shared/indicators/indicator-index.js';
import { evaluateTargets } from '../../shared/targets/evaluate-targets.js';
import { target } from '../indicators/fixtures/plans.js';

const value = (unit: string, indicator: string, v: number, programme: Programme = 'ntm'): IndicatorValue => ({
  programme,
  unit,
  indicator: indicator as IndicatorId,
  value: v,
});

const DUE = new Map<Programme, string>([
  ['ntm', '2018-12-31'],
  ['giam_ngheo', '2018-12-31'],
]);

function evaluate(t: Target, current: number | undefined, asOf: string, opts: { first?: number; due?: ReadonlyMap<Programme, string> } = {}) {
  const index = indexIndicators(current === undefined ? [] : [value(t.scope, t.indicator, current, t.programme)]);
  const [result] = evaluateTargets([t], index, {
    asOf,
    dueByProgramme: opts.due ?? DUE,
    periodStart: '2018-01-01',
    firstValue: () => opts.first,
  });
  if (!result) throw new Error('no evaluation');
  return result;
}

// 2018-07-02 is day 182 of the 364 days between 2018-01-01 and 2018-12-31: exactly half-way.
const HALF = '2018-07-02';
const standard = target('ntm', '2018', '20', 'ntm.standard', 48);

describe('evaluateTargets after the deadline', () => {
  it('is met or missed by the comparison, missed without data', () => {
    expect(evaluate(standard, 48, '2019-01-05').status).toBe('met');
    expect(evaluate(standard, 47, '2019-01-05').status).toBe('missed');
    const none = evaluate(standard, undefined, '2019-01-05');
    expect(none.status).toBe('missed');
    expect(none.value).toBeUndefined();
    expect(none.due).toBe('2018-12-31');
    expect(none.source).toBe(standard.source);
  });

  it('compares within half a unit of the printed decimals', () => {
    const pct = target('ntm', '2018', '20', 'ntm.standard.pct', 23.2);
    expect(evaluate(pct, 23.1884, '2019-01-05').status).toBe('met');
    expect(evaluate(pct, 23.14, '2019-01-05').status).toBe('missed');
    const rate = target('giam_ngheo', '2018', '20', 'poverty.rate', 11, { op: '<=' });
    expect(evaluate(rate, 11.4, '2019-01-05').status).toBe('met');
    expect(evaluate(rate, 11.6, '2019-01-05').status).toBe('missed');
    const eq = target('ntm', '2018', '20', 'ntm.avg_criteria', 9.5, { op: '=' });
    expect(evaluate(eq, 9.54, '2019-01-05').status).toBe('met');
    expect(evaluate(eq, 9.56, '2019-01-05').status).toBe('missed');
    expect(evaluate(eq, 9.44, '2019-01-05').status).toBe('missed');
  });
});

describe('evaluateTargets before the deadline', () => {
  it('is met as soon as the target is reached', () => {
    const r = evaluate(standard, 48, HALF, { first: 36 });
    expect(r.status).toBe('met');
    expect(r.value).toBe(48);
  });

  it('is pending while linear pacing from the first value reaches the target, at risk otherwise', () => {
    const onTrack = evaluate(standard, 42, HALF, { first: 36 });
    expect(onTrack.projected).toBeCloseTo(48, 10);
    expect(onTrack.status).toBe('pending');
    const behind = evaluate(standard, 40, HALF, { first: 36 });
    expect(behind.projected).toBeCloseTo(44, 10);
    expect(behind.status).toBe('at_risk');
  });

  it('paces from the current value when no first value is stored (no progress yet)', () => {
    const r = evaluate(standard, 40, HALF);
    expect(r.projected).toBe(40);
    expect(r.status).toBe('at_risk');
  });

  it('paces reductions from 0, whatever the first value seen', () => {
    const reduction = target('giam_ngheo', '2018', '0604', 'poverty.poor_reduction', 288);
    const onTrack = evaluate(reduction, 150, HALF, { first: 150 });
    expect(onTrack.projected).toBeCloseTo(300, 10);
    expect(onTrack.status).toBe('pending');
    const behind = evaluate(reduction, 140, HALF, { first: 140 });
    expect(behind.projected).toBeCloseTo(280, 10);
    expect(behind.status).toBe('at_risk');
    const pp = target('giam_ngheo', '2018', '0604', 'poverty.rate_reduction_pp', 4.21);
    expect(evaluate(pp, 2.2, HALF, { first: 2.2 }).status).toBe('pending');
    expect(evaluate(pp, 2.0, HALF, { first: 2.0 }).status).toBe('at_risk');
  });

  it('paces <= targets downwards', () => {
    const rate = target('giam_ngheo', '2018', '20', 'poverty.rate', 11, { op: '<=' });
    const onTrack = evaluate(rate, 13, HALF, { first: 15 });
    expect(onTrack.projected).toBeCloseTo(11, 10);
    expect(onTrack.status).toBe('pending');
    const behind = evaluate(rate, 14, HALF, { first: 15 });
    expect(behind.projected).toBeCloseTo(13, 10);
    expect(behind.status).toBe('at_risk');
    expect(evaluate(rate, 10.9, HALF, { first: 15 }).status).toBe('met');
  });

  it('is pending without data, and still open on the due date itself', () => {
    expect(evaluate(standard, undefined, HALF).status).toBe('pending');
    expect(evaluate(standard, undefined, '2018-12-31').status).toBe('pending');
    const lastDay = evaluate(standard, 47, '2018-12-31', { first: 40 });
    expect(lastDay.status).toBe('at_risk');
    expect(lastDay.projected).toBe(47);
  });

  it('never divides by zero at the start of the period', () => {
    const reduction = target('giam_ngheo', '2018', '0604', 'poverty.poor_reduction', 288);
    const r = evaluate(reduction, 1, '2018-01-01');
    expect(Number.isFinite(r.projected)).toBe(true);
    expect(r.projected).toBeCloseTo(364, 10);
    expect(r.status).toBe('pending');
    expect(evaluate(reduction, 1, '2017-12-01').projected).toBeCloseTo(364, 10);
  });

  it('without a deadline, paces to 31 December and never reports missed', () => {
    const noDue = new Map<Programme, string>();
    const r = evaluate(standard, 42, HALF, { first: 36, due: noDue });
    expect(r.due).toBeUndefined();
    expect(r.projected).toBeCloseTo(48, 10);
    expect(r.status).toBe('pending');
    expect(evaluate(standard, undefined, '2019-03-01', { due: noDue }).status).toBe('pending');
    const late = evaluate(standard, 40, '2019-03-01', { first: 30, due: noDue });
    expect(late.status).toBe('at_risk');
    expect(late.projected).toBe(40);
  });

  it('looks values up by the target scope, groups included, and keeps the target fields', () => {
    const group = target('ntm', '2018', 'nhóm:xã biên giới', 'ntm.avg_criteria', 9.35);
    const index = indexIndicators([value('nhóm:xã biên giới', 'ntm.avg_criteria', 9.4), value('20', 'ntm.avg_criteria', 5)]);
    const [r] = evaluateTargets([group], index, {
      asOf: '2019-01-02',
      dueByProgramme: DUE,
      periodStart: '2018-01-01',
      firstValue: () => undefined,
    });
    expect(r).toEqual({
      programme: 'ntm',
      unit: 'nhóm:xã biên giới',
      indicator: 'ntm.avg_criteria',
      target: 9.35,
      op: '>=',
      value: 9.4,
      status: 'met',
      due: '2018-12-31',
      source: group.source,
    });
  });
});

describe('evaluateTargets: printed rounding and whole projections', () => {
  it('marks a target met only within its printed rounding, and not one met as typed', () => {
    const pct = target('ntm', '2018', '20', 'ntm.standard.pct', 23.2);
    expect(evaluate(pct, 23.1884, '2019-01-05')).toMatchObject({ status: 'met', metByRounding: true });
    expect(evaluate(pct, 23.2, '2019-01-05').metByRounding).toBeUndefined();
    expect(evaluate(pct, 24, '2019-01-05').metByRounding).toBeUndefined();
    const rate = target('giam_ngheo', '2018', '20', 'poverty.rate', 11, { op: '<=' });
    expect(evaluate(rate, 11.4, HALF)).toMatchObject({ status: 'met', metByRounding: true });
    expect(evaluate(rate, 11.6, '2019-01-05').metByRounding).toBeUndefined();
  });

  it('projects a count indicator to a whole number, and judges by that number', () => {
    const index = indexIndicators([value('20', 'ntm.standard', 23)]);
    const ctx = { asOf: '2018-07-03', dueByProgramme: DUE, periodStart: '2018-01-01', firstValue: () => 0 };
    const [raw] = evaluateTargets([standard], index, ctx);
    const [whole] = evaluateTargets([standard], index, { ...ctx, isCount: (id) => id === 'ntm.standard' });
    expect(raw?.projected).not.toBe(Math.round(raw?.projected ?? 0));
    expect(whole?.projected).toBe(Math.round(raw?.projected ?? 0));
    expect(Number.isInteger(whole?.projected)).toBe(true);
  });
});
