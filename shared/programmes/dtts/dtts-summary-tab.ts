import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import { numberCell, indicatorCell, tableSheet, withNote, wrappedCell } from '../../publish/sheet-layout.js';
import { scopeNameCell, updatedMeta, valueOf, type SummaryContext } from '../../publish/summary-context.js';
import { dttsCodeKey, dttsEntriesOf, type DttsCatalogue } from './dtts-catalogue.js';
import { dttsIndicatorId } from './dtts-ids.js';
import { dttsProjectLabel } from './dtts-labels.js';
import type { DttsPlans } from './dtts-plans.js';

export const DTTS_SUMMARY_TAB = 'Tổng hợp DTTS';

const HEADERS = [
  'Mã',
  'Đơn vị',
  'Mã chỉ tiêu',
  'Nội dung',
  'Đơn vị tính',
  'Kế hoạch',
  'Thực hiện',
  'Hoàn thành kế hoạch (%)',
  'Tổng số',
  'Tỷ lệ trên tổng số (%)',
];

/** The project heading sits in the first column and overflows to the right; it must not widen the code column. */
const CODE_COLUMN_WIDTH = 12;
const CONTENT_COLUMN_WIDTH = 40;

/**
 * `Tổng hợp DTTS`: per project (a heading row), per indicator and per unit or group in tree order,
 * the plan (own, or the children's sum with a note saying so), the achieved value, the plan's
 * completion and the share of the Tổng số. A scope is listed for an indicator when it has a plan or
 * a figure; the hierarchy is the outline (heading level 0, then 1 + the scope's depth).
 */
export function renderDttsSummaryTab(ctx: SummaryContext, catalogue: DttsCatalogue, plans: DttsPlans): TabWrite {
  const body: TabCell[][] = [];
  const levels: number[] = [];
  for (const project of catalogue.projects) {
    const block: TabCell[][] = [];
    const blockLevels: number[] = [];
    for (const entry of dttsEntriesOf(catalogue, project.id)) {
      const key = dttsCodeKey(entry.code);
      for (const s of ctx.scopes) {
        const achieved = valueOf(ctx, s.scope, dttsIndicatorId(entry.code));
        const plan = plans.get(s.scope)?.get(key);
        if (achieved === undefined && plan === undefined) continue;
        const planCell = indicatorCell(plan?.value, 'count');
        block.push([
          s.scope,
          scopeNameCell(s),
          entry.code,
          wrappedCell(entry.content),
          entry.unit ?? '',
          plan?.from === 'children'
            ? withNote(planCell, 'Tổng kế hoạch của các đơn vị trực thuộc (đơn vị chưa có kế hoạch riêng trong trang "Chỉ tiêu").')
            : planCell,
          indicatorCell(achieved, 'count'),
          numberCell(valueOf(ctx, s.scope, dttsIndicatorId(entry.code, 'plan_pct')), 'percent'),
          indicatorCell(valueOf(ctx, s.scope, dttsIndicatorId(entry.code, 'total')), 'count'),
          numberCell(valueOf(ctx, s.scope, dttsIndicatorId(entry.code, 'pct')), 'percent'),
        ]);
        blockLevels.push(1 + s.depth);
      }
    }
    if (block.length === 0) continue;
    body.push([{ value: dttsProjectLabel(project), style: 'heading' }]);
    levels.push(0);
    body.push(...block);
    levels.push(...blockLevels);
  }
  return tableSheet({
    name: DTTS_SUMMARY_TAB,
    title: `TỔNG HỢP KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH MTQG PHÁT TRIỂN KT-XH VÙNG ĐỒNG BÀO DTTS&MN - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    wrapHeaders: true,
    headers: HEADERS,
    body,
    footer: body.length === 0 ? [['Chưa có kế hoạch hoặc số liệu DTTS cho kỳ này.']] : [],
    freezeColumns: 2,
    bodyLevels: levels,
    maxWidths: { 0: CODE_COLUMN_WIDTH, 3: CONTENT_COLUMN_WIDTH },
  });
}
