import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { SUMMARY_TAB } from './labels.js';
import { numberCell, tableSheet } from './sheet-layout.js';
import { scopesWith, updatedMeta, valueOf, type SummaryContext } from './summary-context.js';

/** `Tổng hợp NTM`: one row per unit (tree order) and group with NTM indicators. */
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
  const body = scopesWith(ctx, 'ntm').map((s): TabCell[] => {
    const v = (id: string): number | undefined => valueOf(ctx, s.scope, id);
    return [
      s.scope,
      s.label,
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
    name: SUMMARY_TAB.ntm,
    title: `TỔNG HỢP KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    headers,
    body,
    footer: body.length === 0 ? [['Chưa có số liệu NTM cho kỳ này.']] : [],
  });
}
