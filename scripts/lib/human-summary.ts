import { formatViDate, formatViNumber, formatViPercent } from '../../shared/format/vi-number.js';
import type { PipelineRun } from '../../shared/pipeline/run-pipeline.js';
import type { RunResult } from '../../shared/publish/run-result.js';
import { formatViDateTime } from '../../shared/publish/vi-time.js';
import { CONFIG_UNIT } from '../../shared/stages/consolidate-run.js';

const STATUS_VI: Record<string, string> = {
  ok: 'hợp lệ',
  invalid: 'có lỗi số liệu',
  missing: 'chưa nộp',
  unreadable: 'không đọc được',
  unchanged: 'không thay đổi',
};
const TARGET_VI: Record<string, string> = { met: 'đạt', at_risk: 'có nguy cơ', missed: 'không đạt', pending: 'đang theo dõi' };

/** Headline indicators shown for each root unit (province). */
const HEADLINES: { id: string; label: string; kind: 'count' | 'pct' | 'avg' }[] = [
  { id: 'ntm.communes', label: 'Xã có số liệu NTM', kind: 'count' },
  { id: 'ntm.standard', label: 'Xã đạt chuẩn NTM', kind: 'count' },
  { id: 'ntm.standard.pct', label: 'Tỷ lệ xã đạt chuẩn', kind: 'pct' },
  { id: 'ntm.avg_criteria', label: 'Bình quân tiêu chí/xã', kind: 'avg' },
  // From the 2021-2025 set on (absent before).
  { id: 'ntm.advanced', label: 'Xã đạt NTM nâng cao', kind: 'count' },
  { id: 'ntm.model', label: 'Xã đạt NTM kiểu mẫu', kind: 'count' },
  { id: 'ntm.avg_gain', label: 'Tiêu chí/xã tăng so kỳ trước', kind: 'avg' },
  { id: 'poverty.households', label: 'Tổng số hộ', kind: 'count' },
  { id: 'poverty.rate', label: 'Tỷ lệ hộ nghèo', kind: 'pct' },
  { id: 'poverty.rate_reduction_pp', label: 'Giảm tỷ lệ nghèo (điểm %)', kind: 'avg' },
];

const row = (label: string, value: string): string => `  ${label.padEnd(30)} ${value}`;

/** A short summary for people (stderr): unit statuses, headline indicators, targets, alerts. */
export function humanSummary(run: PipelineRun): string {
  const { result, stats, roots } = run;
  const lines: string[] = [];
  // People read the run's time in Vietnam; the run id (UTC, for machines) stays in the JSON.
  lines.push(`Kỳ ${result.period} — ngày tính ${formatViDate(result.asOf)} — chạy lúc ${formatViDateTime(result.startedAt)} (giờ Việt Nam)`);
  const byStatus = new Map<string, number>();
  for (const u of result.units) byStatus.set(u.status, (byStatus.get(u.status) ?? 0) + 1);
  lines.push(`Đơn vị báo cáo: ${result.units.length}`);
  for (const [status, n] of byStatus) lines.push(row(`  ${STATUS_VI[status] ?? status}`, String(n)));
  for (const root of roots) {
    const values = result.indicators.filter((v) => v.unit === root.code);
    if (values.length === 0) continue;
    lines.push(`${root.name}:`);
    for (const h of HEADLINES) {
      const v = values.find((x) => x.indicator === h.id);
      if (!v) continue;
      const text = h.kind === 'count' ? formatViNumber(v.value, 0) : h.kind === 'pct' ? formatViPercent(v.value) : formatViNumber(v.value, 2);
      lines.push(row(`  ${h.label}`, text));
    }
    // DTTS ids come from the catalogue: summed over the ones the province has a plan for.
    const completion = values.filter((x) => x.programme === 'dtts' && x.indicator.endsWith('.plan_pct'));
    if (completion.length > 0) {
      const reached = completion.filter((x) => x.value >= 100).length;
      const mean = completion.reduce((s, x) => s + x.value, 0) / completion.length;
      lines.push(row('  Chỉ tiêu DTTS đạt kế hoạch', `${reached}/${completion.length}`));
      lines.push(row('  Bình quân hoàn thành KH DTTS', formatViPercent(mean)));
    }
  }
  const byTarget = new Map<string, number>();
  for (const t of result.targets) byTarget.set(t.status, (byTarget.get(t.status) ?? 0) + 1);
  lines.push(`Chỉ tiêu: ${result.targets.length} (${[...byTarget].map(([s, n]) => `${n} ${TARGET_VI[s] ?? s}`).join(', ') || 'không có'})`);
  lines.push(`Cảnh báo: ${result.alerts.length}; thư đã gửi trong lượt này: ${stats.emailsSent}`);
  const delivery = result.delivery;
  if (delivery !== undefined && delivery.failed.length > 0) {
    // Who could not be reached and why, so the office can fix an address before the next run retries it.
    const who = delivery.failed.map((f) => `${f.recipient}: ${f.message}`).join('; ');
    lines.push(`Thư: đã gửi ${delivery.sent}, không gửi được ${delivery.failed.length} (${who}); sẽ gửi lại ở lượt sau`);
  }
  lines.push(...issueLines(result));
  return lines.join('\n');
}

/**
 * The findings, counted so they cannot be read against the unit statuses above: problems are
 * counted as problems ("12 lỗi"), and the workbooks they are in as workbooks, never both as "lỗi".
 */
function issueLines(result: RunResult): string[] {
  const count = (unitIssues: RunResult['issues'], severity: 'error' | 'warning'): number => unitIssues.filter((i) => i.severity === severity).length;
  const inUnits = result.issues.filter((i) => i.unit !== CONFIG_UNIT);
  const inConfig = result.issues.filter((i) => i.unit === CONFIG_UNIT);
  const errors = count(inUnits, 'error');
  const warnings = count(inUnits, 'warning');
  const workbooks = new Set(inUnits.filter((i) => i.severity === 'error').map((i) => i.unit)).size;
  const lines = [
    errors === 0 && warnings === 0
      ? 'Bảng tính của các đơn vị: không có lỗi hay cảnh báo'
      : `Bảng tính của các đơn vị: ${formatViNumber(errors, 0)} lỗi${errors > 0 ? ` trong ${formatViNumber(workbooks, 0)} bảng tính` : ''}, ${formatViNumber(warnings, 0)} cảnh báo (chi tiết ở trang "Kết quả kiểm tra" của từng bảng tính)`,
  ];
  if (inConfig.length > 0)
    lines.push(
      `Tệp cấu hình: ${formatViNumber(count(inConfig, 'error'), 0)} lỗi, ${formatViNumber(count(inConfig, 'warning'), 0)} cảnh báo (chạy lại với --json để xem từng lỗi kèm ô và cách sửa)`,
    );
  return lines;
}
