import { PROGRAMME_LABEL, PROGRAMMES } from '../domain/programme.js';
import { formatViDate } from '../format/vi-number.js';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { COMPARE_OP_LABEL, SUMMARY_TAB, TARGET_STATUS_LABEL, TARGET_STATUS_STYLE } from './labels.js';
import { scopeName } from './scope-order.js';
import { indicatorCell, styledCell, tableSheet } from './sheet-layout.js';
import { updatedMeta, type SummaryContext } from './summary-context.js';

/**
 * `Tiến độ chỉ tiêu`: every target with its value, projection and status, grouped by programme
 * then unit (tree order, groups last); targets of one unit keep the order of `Chỉ tiêu`.
 */
export function renderTargetsTab(ctx: SummaryContext): TabWrite {
  const headers = [
    'Chương trình',
    'Đơn vị',
    'Chỉ số',
    'Mã chỉ số',
    'So sánh',
    'Mục tiêu',
    'Giá trị hiện tại',
    'Dự báo đến hạn',
    'Hạn',
    'Trạng thái',
    'Nguồn',
  ];
  const sorted = ctx.result.targets
    .map((t, i) => ({ t, i }))
    .sort(
      (a, b) =>
        PROGRAMMES.indexOf(a.t.programme) - PROGRAMMES.indexOf(b.t.programme) ||
        ctx.rank(a.t.unit) - ctx.rank(b.t.unit) ||
        a.i - b.i,
    );
  const body = sorted.map(({ t }): TabCell[] => {
    const info = ctx.catalogue.get(t.indicator);
    return [
      PROGRAMME_LABEL[t.programme],
      scopeName(ctx.hierarchy, t.unit),
      info?.label ?? t.indicator,
      t.indicator,
      COMPARE_OP_LABEL[t.op],
      indicatorCell(t.target, info?.kind),
      indicatorCell(t.value, info?.kind),
      indicatorCell(t.projected, info?.kind),
      t.due === undefined ? null : formatViDate(t.due),
      styledCell(TARGET_STATUS_LABEL[t.status], TARGET_STATUS_STYLE[t.status]),
      t.source,
    ];
  });
  return tableSheet({
    name: SUMMARY_TAB.targets,
    title: `TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    headers,
    body,
    footer: body.length === 0 ? [['Chưa có chỉ tiêu nào cho kỳ này trong tab "Chỉ tiêu".']] : [],
  });
}
