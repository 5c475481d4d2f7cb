import { PROGRAMME_LABEL } from '../../domain/programme.js';
import type { OverviewChartData, OverviewSection } from '../../publish/overview-layout.js';
import { chartSelection, chartUnits, overviewRoots, reportingFigures, targetFigures } from '../../publish/overview-common.js';
import { numberCell } from '../../publish/sheet-layout.js';
import { valueOf, type SummaryContext } from '../../publish/summary-context.js';

/**
 * The NTM section of `Tổng quan`: communes, standard communes and their share, criteria per
 * commune, reporting and targets per province; charts of the criteria met per district (average
 * per commune) and of the communes per bucket.
 */
export function ntmOverviewSection(ctx: SummaryContext): OverviewSection | undefined {
  const roots = overviewRoots(ctx, 'ntm');
  if (roots.length === 0) return undefined;
  const v = (scope: string, id: string): number | undefined => valueOf(ctx, scope, id);
  const per = (id: string, format: 'int' | 'decimal' | 'percent') => roots.map((r) => numberCell(v(r.scope, id), format));
  const units = chartUnits(ctx, 'ntm', roots);
  const picked = chartSelection(units, (s) => v(s.scope, 'ntm.avg_criteria'));
  const criteriaCount = ctx.set.criteria.length;
  const charts: OverviewChartData[] = [];
  if (picked.units.length > 0) {
    charts.push({
      title: `Bình quân số tiêu chí đạt/xã (trên ${criteriaCount} tiêu chí)`,
      categoryHeader: 'Đơn vị',
      categories: picked.units.map((s) => s.label),
      series: [
        { name: 'Bình quân tiêu chí/xã', values: picked.units.map((s) => v(s.scope, 'ntm.avg_criteria')), type: 'column', format: 'decimal' },
        { name: 'Số xã đạt chuẩn', values: picked.units.map((s) => v(s.scope, 'ntm.standard')), type: 'line', format: 'int' },
      ],
      valueAxisTitle: 'Tiêu chí/xã; số xã',
    });
  }
  if (ctx.set.buckets.length > 0) {
    charts.push({
      title: 'Số xã theo số tiêu chí đạt',
      categoryHeader: 'Nhóm xã',
      categories: ctx.set.buckets.map((b) => b.label),
      series: roots.map((r) => ({
        name: r.label,
        values: ctx.set.buckets.map((b) => v(r.scope, `ntm.bucket.${b.id}`)),
        type: 'column' as const,
        format: 'int' as const,
      })),
      valueAxisTitle: 'Số xã',
    });
  }
  return {
    programme: 'ntm',
    heading: PROGRAMME_LABEL.ntm.toUpperCase(),
    columns: roots.map((r) => r.label),
    figures: [
      { label: 'Số xã', values: roots.map((r) => numberCell(r.communes, 'int')) },
      { label: 'Số xã có số liệu đầy đủ', values: per('ntm.communes', 'int') },
      { label: `Số xã đạt chuẩn (${criteriaCount} tiêu chí)`, values: per('ntm.standard', 'int') },
      { label: 'Tỷ lệ xã đạt chuẩn (%)', values: per('ntm.standard.pct', 'percent') },
      { label: 'Bình quân tiêu chí/xã', values: per('ntm.avg_criteria', 'decimal') },
      ...reportingFigures(ctx, roots),
      ...targetFigures(ctx, 'ntm', roots),
    ],
    charts,
    ...(picked.remark === undefined ? {} : { remark: picked.remark }),
  };
}
