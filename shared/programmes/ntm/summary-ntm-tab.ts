import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import { numberCell, tableSheet } from '../../publish/sheet-layout.js';
import { scopeNameCell, scopesWith, updatedMeta, valueOf, type SummaryContext } from '../../publish/summary-context.js';

export const NTM_SUMMARY_TAB = 'Tổng hợp NTM';

/**
 * `Tổng hợp NTM`: one row per unit (tree order, grouped by the hierarchy, names indented) and
 * group with NTM indicators.
 */
export function renderNtmTab(ctx: SummaryContext): TabWrite {
  const { set } = ctx;
  const headers = [
    'Mã',
    'Đơn vị',
    'Cấp',
    'Số xã',
    'Số xã có số liệu',
    'Bình quân tiêu chí/xã',
    'Số xã đạt chuẩn',
    'Tỷ lệ đạt chuẩn (%)',
    ...set.buckets.flatMap((b) => [`${b.label} (số xã)`, `${b.label} (%)`]),
    ...set.criteria.flatMap((c) => [`TC${c.no} - ${c.vi} (số xã)`, `TC${c.no} (%)`]),
  ];
  const scopes = scopesWith(ctx, 'ntm');
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
      ...set.buckets.flatMap((b) => [
        numberCell(v(`ntm.bucket.${b.id}`), 'int'),
        numberCell(v(`ntm.bucket.${b.id}.pct`), 'percent'),
      ]),
      ...set.criteria.flatMap((c) => [
        numberCell(v(`ntm.criterion.${c.no}`), 'int'),
        numberCell(v(`ntm.criterion.${c.no}.pct`), 'percent'),
      ]),
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
