import { ALERT_KINDS, type AlertSeverity } from '../alerts/alert.js';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { ALERT_KIND_LABEL, ALERT_SEVERITY_LABEL, ALERT_SEVERITY_STYLE, SUMMARY_TAB, UNKNOWN_INDICATOR_LABEL } from './labels.js';
import { scopeName } from './scope-order.js';
import { styledCell, tableSheet, wrappedCell } from './sheet-layout.js';
import { updatedMeta, type SummaryContext } from './summary-context.js';

const SEVERITY_ORDER: readonly AlertSeverity[] = ['error', 'warning', 'info'];

/** Column widths (characters) the wrapped message and recipients fit in on an A4 landscape page. */
const MESSAGE_WIDTH = 60;
const RECIPIENTS_WIDTH = 40;

/** `Cảnh báo`: every alert of the run, most severe first, then by kind and unit. */
export function renderAlertsTab(ctx: SummaryContext): TabWrite {
  const headers = ['Loại', 'Mức độ', 'Đơn vị', 'Chỉ số', 'Mã chỉ số', 'Nội dung', 'Người nhận'];
  const sorted = ctx.result.alerts
    .map((a, i) => ({ a, i }))
    .sort(
      (x, y) =>
        SEVERITY_ORDER.indexOf(x.a.severity) - SEVERITY_ORDER.indexOf(y.a.severity) ||
        ALERT_KINDS.indexOf(x.a.kind) - ALERT_KINDS.indexOf(y.a.kind) ||
        ctx.rank(x.a.unit) - ctx.rank(y.a.unit) ||
        x.i - y.i,
    );
  const body = sorted.map(({ a }): TabCell[] => [
    ALERT_KIND_LABEL[a.kind],
    styledCell(ALERT_SEVERITY_LABEL[a.severity], ALERT_SEVERITY_STYLE[a.severity]),
    scopeName(ctx.hierarchy, a.unit),
    a.indicator === undefined ? null : (ctx.catalogue.get(a.indicator)?.label ?? UNKNOWN_INDICATOR_LABEL),
    a.indicator ?? null,
    wrappedCell(a.message),
    wrappedCell(
      a.recipients
        .map((r) => r.trim())
        .filter((r) => r !== '')
        .join('; '),
    ),
  ]);
  return tableSheet({
    name: SUMMARY_TAB.alerts,
    title: `CẢNH BÁO - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    wrapHeaders: true,
    headers,
    body,
    footer: body.length === 0 ? [['Không có cảnh báo trong lần kiểm tra này.']] : [],
    // The message and the recipients wrap within their columns instead of running under the next.
    maxWidths: { 5: MESSAGE_WIDTH, 6: RECIPIENTS_WIDTH },
  });
}
