import type { Baseline } from '../../domain/config.js';
import type { UnitCode } from '../../domain/ids.js';
import { PROGRAMME_LABEL } from '../../domain/programme.js';
import type { OverviewChartData, OverviewSection } from '../../publish/overview-layout.js';
import { chartSelection, chartUnits, overviewRoots, reportingFigures, targetFigures } from '../../publish/overview-common.js';
import { numberCell } from '../../publish/sheet-layout.js';
import { valueOf, type SummaryContext } from '../../publish/summary-context.js';

/**
 * The poverty rate a scope's targets aim at, in percent: a `poverty.rate` target itself; else the
 * start-of-period rate less a `poverty.rate_reduction_pp` target; else the start-of-period poor
 * less a `poverty.poor_reduction` target, over the start-of-period households. The start of the
 * period is the scope's `Số liệu đầu kỳ` row, or what the reduction indicators imply.
 */
export function targetPovertyRate(ctx: SummaryContext, scope: string, baseline: Baseline | undefined): number | undefined {
  const v = (id: string): number | undefined => valueOf(ctx, scope, id);
  const target = (id: string): number | undefined => ctx.result.targets.find((t) => t.unit === scope && t.indicator === id)?.target;
  const plus = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a + b);

  const rateTarget = target('poverty.rate');
  if (rateTarget !== undefined) return rateTarget;

  const pp = target('poverty.rate_reduction_pp');
  const baseRate = baseline && baseline.households > 0 ? (baseline.poor / baseline.households) * 100 : plus(v('poverty.rate'), v('poverty.rate_reduction_pp'));
  if (pp !== undefined && baseRate !== undefined) return baseRate - pp;

  const reduction = target('poverty.poor_reduction');
  const basePoor = baseline?.poor ?? plus(v('poverty.poor'), v('poverty.poor_reduction'));
  const households = baseline?.households ?? v('poverty.households');
  if (reduction !== undefined && basePoor !== undefined && households !== undefined && households > 0) return ((basePoor - reduction) / households) * 100;
  return undefined;
}

/**
 * The poverty section of `Tổng quan`: households, poor and near-poor households and rates, the
 * reduction since the start of the period, reporting and targets per province; a chart of the
 * poverty rate per district against the rate its target aims at.
 */
export function povertyOverviewSection(ctx: SummaryContext): OverviewSection | undefined {
  const roots = overviewRoots(ctx, 'giam_ngheo');
  if (roots.length === 0) return undefined;
  const v = (scope: string, id: string): number | undefined => valueOf(ctx, scope, id);
  const per = (id: string, format: 'int' | 'decimal' | 'percent') => roots.map((r) => numberCell(v(r.scope, id), format));
  const baselines = new Map<UnitCode, Baseline>();
  for (const b of ctx.baselines) if (b.period === ctx.result.period) baselines.set(b.unit, b);
  const units = chartUnits(ctx, 'giam_ngheo', roots);
  const picked = chartSelection(units, (s) => v(s.scope, 'poverty.rate'), true);
  const charts: OverviewChartData[] = [];
  if (picked.units.length > 0) {
    const targets = picked.units.map((s) => targetPovertyRate(ctx, s.scope, baselines.get(s.scope as UnitCode)));
    charts.push({
      title: 'Tỷ lệ hộ nghèo so với mục tiêu',
      categoryHeader: 'Đơn vị',
      categories: picked.units.map((s) => s.label),
      series: [
        { name: 'Tỷ lệ hộ nghèo (%)', values: picked.units.map((s) => v(s.scope, 'poverty.rate')), type: 'column', format: 'percent' },
        ...(targets.some((t) => t !== undefined) ? [{ name: 'Mục tiêu (%)', values: targets, type: 'line' as const, format: 'percent' as const }] : []),
      ],
      valueAxisTitle: '%',
    });
  }
  return {
    programme: 'giam_ngheo',
    heading: PROGRAMME_LABEL.giam_ngheo.toUpperCase(),
    columns: roots.map((r) => r.label),
    figures: [
      { label: 'Tổng số hộ', values: per('poverty.households', 'int') },
      { label: 'Số hộ nghèo', values: per('poverty.poor', 'int') },
      { label: 'Tỷ lệ hộ nghèo (%)', values: per('poverty.rate', 'percent') },
      { label: 'Số hộ cận nghèo', values: per('poverty.near_poor', 'int') },
      { label: 'Tỷ lệ hộ cận nghèo (%)', values: per('poverty.near_poor_rate', 'percent') },
      { label: 'Số hộ nghèo giảm so với đầu kỳ', values: per('poverty.poor_reduction', 'int') },
      { label: 'Mức giảm tỷ lệ hộ nghèo (điểm %)', values: per('poverty.rate_reduction_pp', 'decimal') },
      ...reportingFigures(ctx, roots),
      ...targetFigures(ctx, 'giam_ngheo', roots),
    ],
    charts,
    ...(picked.remark === undefined ? {} : { remark: picked.remark }),
  };
}
