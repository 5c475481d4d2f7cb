import { ALERT_KINDS, type Alert, type AlertKind, type AlertSeverity } from '../alerts/alert.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId } from '../domain/ids.js';
import { formatViDate } from '../format/vi-number.js';
import { FEEDBACK_TAB_NAME, RECIPIENTS_TAB, UNITS_TAB } from '../forms/tab-specs.js';
import type { MailMessage } from '../ports/mailer.js';
import { ALERT_KIND_LABEL, ALERT_KIND_SHORT, SUMMARY_TAB } from './labels.js';
import { scopeName, scopeRanker } from './scope-order.js';
import { formatViDateTime } from './vi-time.js';

export interface DigestInput {
  recipient: string;
  alerts: readonly Alert[];
  period: PeriodId;
  /** yyyy-mm-dd the run measured against. */
  asOf: string;
  /** ISO instant of the run. */
  runAt: string;
  hierarchy: Hierarchy;
  /** Where the summary workbook lives (file name, spreadsheet ID or URL). */
  summaryRef?: string;
  /** For the office: recipients whose digest could not be delivered (section "Không gửi được thư"). */
  undelivered?: readonly UndeliveredMail[];
}

/** A recipient the system could not reach, as the office is told about it. */
export interface UndeliveredMail {
  address: string;
  /** The mailer's reason (a server reply or a Vietnamese sentence). */
  message: string;
  /** Refused for good (the address is likely wrong) rather than for now. */
  permanent: boolean;
  /** ISO instant of the first failed run. */
  since: string;
  attempts: number;
}

export const UNDELIVERED_HEADING = 'Không gửi được thư';

export const DIGEST_SUBJECT_PREFIX = '[NTM-GN]';

/** Alerts of one kind, in the order the e-mail lists them. */
interface KindSection {
  kind: AlertKind;
  lines: { unit: string; message: string; severity: AlertSeverity }[];
}

function sections(input: DigestInput): KindSection[] {
  const rank = scopeRanker(input.hierarchy);
  const out: KindSection[] = [];
  for (const kind of ALERT_KINDS) {
    const ofKind = input.alerts
      .map((a, i) => ({ a, i }))
      .filter(({ a }) => a.kind === kind)
      .sort((x, y) => rank(x.a.unit) - rank(y.a.unit) || x.i - y.i);
    if (ofKind.length === 0) continue;
    out.push({
      kind,
      lines: ofKind.map(({ a }) => {
        const unit = scopeName(input.hierarchy, a.unit);
        return { unit, message: withoutUnitPrefix(a.message, unit), severity: a.severity };
      }),
    });
  }
  return out;
}

/** Alert messages stand alone (they open with the unit's name); the digest already shows it. */
function withoutUnitPrefix(message: string, unit: string): string {
  return message.startsWith(`${unit}: `) ? message.slice(unit.length + 2) : message;
}

/** `[NTM-GN] Kỳ 2018: 3 cảnh báo mới (1 không đạt, 2 có nguy cơ)`. */
export function digestSubject(period: PeriodId, alerts: readonly Alert[]): string {
  if (alerts.length === 0) return `${DIGEST_SUBJECT_PREFIX} Kỳ ${period}: không có cảnh báo mới`;
  const parts: string[] = [];
  for (const kind of ALERT_KINDS) {
    const n = alerts.filter((a) => a.kind === kind).length;
    if (n > 0) parts.push(`${n} ${ALERT_KIND_SHORT[kind]}`);
  }
  return `${DIGEST_SUBJECT_PREFIX} Kỳ ${period}: ${alerts.length} cảnh báo mới (${parts.join(', ')})`;
}

/** The subject's note about undelivered mail: `1 thư cảnh báo không gửi được`. */
function undeliveredSubject(n: number): string {
  return `${n} thư cảnh báo không gửi được`;
}

/** One line per unreachable recipient: why, since when, how often tried. */
function undeliveredLine(u: UndeliveredMail): string {
  const why = u.permanent ? `địa chỉ bị từ chối (${u.message})` : `tạm thời không gửi được (${u.message})`;
  return `${why}, từ ${formatViDateTime(u.since)}, đã thử ${u.attempts} lần.`;
}

const UNDELIVERED_HINT = `Hệ thống tự gửi lại ở mỗi lần kiểm tra; nếu địa chỉ sai, vui lòng sửa ở tab "${RECIPIENTS_TAB.name}" hoặc cột Email của tab "${UNITS_TAB.name}" trong bảng tính cấu hình.`;

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const isWebAddress = (ref: string): boolean => /^https?:\/\//i.test(ref);

const SEVERITY_COLOUR: Record<AlertSeverity, string> = { error: '#b00020', warning: '#b26a00', info: '#1f4e79' };

/** The most severe level among a section's alerts sets its heading colour. */
function sectionSeverity(section: KindSection): AlertSeverity {
  if (section.lines.some((l) => l.severity === 'error')) return 'error';
  if (section.lines.some((l) => l.severity === 'warning')) return 'warning';
  return 'info';
}

/**
 * One Vietnamese digest for one recipient: every alert of the run addressed to them, grouped by
 * kind, and for the office the recipients that could not be reached, as plain text and HTML
 * (every value escaped).
 */
export function renderDigest(input: DigestInput): MailMessage {
  const undelivered = input.undelivered ?? [];
  const groups = sections(input);
  const subject =
    undelivered.length === 0
      ? digestSubject(input.period, input.alerts)
      : input.alerts.length === 0
        ? `${DIGEST_SUBJECT_PREFIX} Kỳ ${input.period}: ${undeliveredSubject(undelivered.length)}`
        : `${digestSubject(input.period, input.alerts)}; ${undeliveredSubject(undelivered.length)}`;
  const when = formatViDateTime(input.runAt);
  const run = `Lần kiểm tra số liệu lúc ${when} (kỳ báo cáo ${input.period}, tính đến ngày ${formatViDate(input.asOf)})`;
  // A digest sent only to say mail did not get through must not claim alerts.
  const intro =
    input.alerts.length === 0 && undelivered.length > 0
      ? `${run} không có cảnh báo mới, nhưng hệ thống chưa gửi được thư cảnh báo tới ${undelivered.length} người nhận.`
      : `${run} có ${input.alerts.length} cảnh báo mới cần Anh/Chị lưu ý.`;
  const summaryName = input.summaryRef === undefined || input.summaryRef === '' ? 'bảng tổng hợp' : `bảng tổng hợp (${input.summaryRef})`;
  const details = `Chi tiết xem tại ${summaryName}, các tab "${SUMMARY_TAB.targets}", "${SUMMARY_TAB.submissions}" và "${SUMMARY_TAB.alerts}"; lỗi số liệu của từng đơn vị nằm ở tab "${FEEDBACK_TAB_NAME}" trong bảng tính của đơn vị đó.`;
  const automatic = 'Thư này được hệ thống theo dõi Chương trình mục tiêu quốc gia gửi tự động; vui lòng không trả lời thư này.';

  const text = [
    'Kính gửi Anh/Chị,',
    '',
    intro,
    '',
    ...groups.flatMap((g, gi) => [
      `${gi + 1}. ${ALERT_KIND_LABEL[g.kind].toUpperCase()} (${g.lines.length})`,
      ...g.lines.map((l) => `   - ${l.unit}: ${l.message}`),
      '',
    ]),
    ...(undelivered.length === 0
      ? []
      : [
          `${groups.length + 1}. ${UNDELIVERED_HEADING.toUpperCase()} (${undelivered.length})`,
          ...undelivered.map((u) => `   - ${u.address}: ${undeliveredLine(u)}`),
          `   ${UNDELIVERED_HINT}`,
          '',
        ]),
    details,
    '',
    automatic,
    '',
  ].join('\n');

  const ref = input.summaryRef;
  const summaryHtml =
    ref === undefined || ref === ''
      ? 'bảng tổng hợp'
      : isWebAddress(ref)
        ? `<a href="${escapeHtml(ref)}">bảng tổng hợp</a>`
        : `bảng tổng hợp (${escapeHtml(ref)})`;
  const detailsHtml = `Chi tiết xem tại ${summaryHtml}, các tab &quot;${escapeHtml(SUMMARY_TAB.targets)}&quot;, &quot;${escapeHtml(SUMMARY_TAB.submissions)}&quot; và &quot;${escapeHtml(SUMMARY_TAB.alerts)}&quot;; lỗi số liệu của từng đơn vị nằm ở tab &quot;${escapeHtml(FEEDBACK_TAB_NAME)}&quot; trong bảng tính của đơn vị đó.`;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;line-height:1.5">',
    '<p>Kính gửi Anh/Chị,</p>',
    `<p>${escapeHtml(intro)}</p>`,
    ...groups.flatMap((g) => [
      `<h3 style="color:${SEVERITY_COLOUR[sectionSeverity(g)]};margin:16px 0 4px">${escapeHtml(ALERT_KIND_LABEL[g.kind])} (${g.lines.length})</h3>`,
      '<ul style="margin-top:0">',
      ...g.lines.map((l) => `<li><strong>${escapeHtml(l.unit)}</strong>: ${escapeHtml(l.message)}</li>`),
      '</ul>',
    ]),
    ...(undelivered.length === 0
      ? []
      : [
          `<h3 style="color:${SEVERITY_COLOUR.error};margin:16px 0 4px">${escapeHtml(UNDELIVERED_HEADING)} (${undelivered.length})</h3>`,
          '<ul style="margin-top:0">',
          ...undelivered.map((u) => `<li><strong>${escapeHtml(u.address)}</strong>: ${escapeHtml(undeliveredLine(u))}</li>`),
          '</ul>',
          `<p>${escapeHtml(UNDELIVERED_HINT)}</p>`,
        ]),
    `<p>${detailsHtml}</p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(automatic)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { to: input.recipient, subject, text, html };
}
