import { PROGRAMME_LABEL, PROGRAMMES } from '../domain/programme.js';
import { formatViNumber, formatViPercent } from '../format/vi-number.js';
import type { IndicatorInfo } from '../indicators/catalogue.js';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import type { TargetEvaluation } from '../targets/evaluation.js';
import { COMPARE_OP_LABEL, SUMMARY_TAB, TARGET_MET_BY_ROUNDING_LABEL, TARGET_STATUS_LABEL, TARGET_STATUS_STYLE, UNKNOWN_INDICATOR_LABEL } from './labels.js';
import { scopeName } from './scope-order.js';
import { dateCell, indicatorCell, styledCell, tableSheet, withNote } from './sheet-layout.js';
import { updatedMeta, type SummaryContext } from './summary-context.js';

/** A value as the note writes it: in percent for percent indicators. */
function valueText(value: number, info: IndicatorInfo | undefined): string {
  return info?.kind === 'percent' ? formatViPercent(value, 4) : formatViNumber(value, 4);
}

/**
 * The status cell. A target met only at the plan's printed rounding (0,97 % against `≥ 1`) says
 * so, with a note giving the exact value: the office must not read it as met outright.
 */
function statusCell(t: TargetEvaluation, info: IndicatorInfo | undefined): TabCell {
  if (t.status === 'met' && t.metByRounding === true && t.value !== undefined) {
    return withNote(
      styledCell(TARGET_MET_BY_ROUNDING_LABEL, 'ok'),
      `Đạt khi làm tròn theo cách kế hoạch ghi mục tiêu: giá trị ${valueText(t.value, info)} chưa tới mục tiêu ` +
        `${COMPARE_OP_LABEL[t.op]} ${valueText(t.target, info)} nếu so sánh chính xác.`,
    );
  }
  return styledCell(TARGET_STATUS_LABEL[t.status], TARGET_STATUS_STYLE[t.status]);
}

/**
 * `Tiến độ chỉ tiêu`: every target with its value, projection and status, grouped by programme
 * then unit (tree order, groups last); targets of one unit keep the order of `Chỉ tiêu`.
 */
export function renderTargetsTab(ctx: SummaryContext): TabWrite {
  const headers = ['Chương trình', 'Đơn vị', 'Chỉ số', 'Mã chỉ số', 'So sánh', 'Mục tiêu', 'Giá trị hiện tại', 'Dự báo đến hạn', 'Hạn', 'Trạng thái', 'Nguồn'];
  const sorted = ctx.result.targets
    .map((t, i) => ({ t, i }))
    .sort((a, b) => PROGRAMMES.indexOf(a.t.programme) - PROGRAMMES.indexOf(b.t.programme) || ctx.rank(a.t.unit) - ctx.rank(b.t.unit) || a.i - b.i);
  const body = sorted.map(({ t }): TabCell[] => {
    const info = ctx.catalogue.get(t.indicator);
    return [
      PROGRAMME_LABEL[t.programme],
      scopeName(ctx.hierarchy, t.unit),
      info?.label ?? UNKNOWN_INDICATOR_LABEL,
      t.indicator,
      COMPARE_OP_LABEL[t.op],
      indicatorCell(t.target, info?.kind),
      indicatorCell(t.value, info?.kind),
      indicatorCell(t.projected, info?.kind),
      dateCell(t.due),
      statusCell(t, info),
      t.source,
    ];
  });
  return tableSheet({
    name: SUMMARY_TAB.targets,
    title: `TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    wrapHeaders: true,
    headers,
    body,
    footer: body.length === 0 ? [['Chưa có chỉ tiêu nào cho kỳ này trong tab "Chỉ tiêu".']] : [],
    freezeColumns: 3,
  });
}
