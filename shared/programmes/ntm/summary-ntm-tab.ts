import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import { numberCell, tableSheet } from '../../publish/sheet-layout.js';
import { AVG_GAIN_ID, offersProgressIndicators } from './ntm-level-catalogue.js';
import { atLeastNamed } from './ntm-level-indicators.js';
import { hasLevels } from './ntm-level-cell.js';
import { scopeNameCell, scopesWith, updatedMeta, valueOf, type SummaryContext } from '../../publish/summary-context.js';

export const NTM_SUMMARY_TAB = 'Tổng hợp NTM';

/**
 * `Tổng hợp NTM`: one row per unit (tree order, grouped by the hierarchy, names indented) and
 * group with NTM indicators.
 */
export function renderNtmTab(ctx: SummaryContext): TabWrite {
  const { set } = ctx;
  const scopes = scopesWith(ctx, 'ntm');
  // From 2021: the recognised levels (when the set has them), the at-least counts the targets
  // name, and the gain over the previous period where it was computed.
  const levels = hasLevels(set);
  // The same n the computation uses (those the targets name), without scanning every indicator.
  const atLeast = atLeastNamed(ctx.result.targets.map((t) => t.indicator)).sort((a, b) => a - b);
  const gain = offersProgressIndicators(set) && ctx.result.indicators.some((i) => i.indicator === AVG_GAIN_ID);
  const headers = [
    'Mã',
    'Đơn vị',
    'Cấp',
    'Số xã',
    'Số xã có số liệu',
    'Bình quân tiêu chí/xã',
    'Số xã đạt chuẩn',
    'Tỷ lệ đạt chuẩn (%)',
    ...(levels ? ['Xã NTM nâng cao trở lên (số xã)', 'Nâng cao trở lên (%)', 'Xã NTM kiểu mẫu (số xã)', 'Kiểu mẫu (%)'] : []),
    ...atLeast.flatMap((n) => [`Đạt từ ${n} tiêu chí (số xã)`, `Từ ${n} tiêu chí (%)`]),
    ...(gain ? ['Tăng bình quân tiêu chí/xã so với kỳ trước'] : []),
    ...set.buckets.flatMap((b) => [`${b.label} (số xã)`, `${b.label} (%)`]),
    ...set.criteria.flatMap((c) => [`TC${c.no} - ${c.vi} (số xã)`, `TC${c.no} (%)`]),
  ];
  const body = scopes.map((s): TabCell[] => {
    const v = (id: string): number | undefined => valueOf(ctx, s.scope, id);
    return [
      s.scope,
      scopeNameCell(s),
      s.level,
      numberCell(s.communes, 'int'),
      numberCell(v('ntm.communes'), 'int'),
      numberCell(v('ntm.avg_criteria'), 'decimal'),
      numberCell(v('ntm.standard'), 'int'),
      numberCell(v('ntm.standard.pct'), 'percent'),
      ...(levels
        ? [
            numberCell(v('ntm.advanced'), 'int'),
            numberCell(v('ntm.advanced.pct'), 'percent'),
            numberCell(v('ntm.model'), 'int'),
            numberCell(v('ntm.model.pct'), 'percent'),
          ]
        : []),
      ...atLeast.flatMap((n) => [numberCell(v(`ntm.at_least.${n}`), 'int'), numberCell(v(`ntm.at_least.${n}.pct`), 'percent')]),
      ...(gain ? [numberCell(v(AVG_GAIN_ID), 'decimal')] : []),
      ...set.buckets.flatMap((b) => [numberCell(v(`ntm.bucket.${b.id}`), 'int'), numberCell(v(`ntm.bucket.${b.id}.pct`), 'percent')]),
      ...set.criteria.flatMap((c) => [numberCell(v(`ntm.criterion.${c.no}`), 'int'), numberCell(v(`ntm.criterion.${c.no}.pct`), 'percent')]),
    ];
  });
  return tableSheet({
    name: NTM_SUMMARY_TAB,
    title: `TỔNG HỢP KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    wrapHeaders: true,
    headers,
    body,
    footer: body.length === 0 ? [['Chưa có số liệu NTM cho kỳ này.']] : [],
    // Code and name stay in view across the 50-odd criteria columns; the hierarchy is the outline.
    freezeColumns: 2,
    bodyLevels: scopes.map((s) => s.depth),
  });
}
