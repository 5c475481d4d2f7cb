import { ALERT_KINDS, type Alert, type AlertKind, type AlertProblems, type AlertSeverity } from '../alerts/alert.js';
import type { ResolvedNotice } from '../alerts/select-digests.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId } from '../domain/ids.js';
import { formatViDate } from '../format/vi-number.js';
import { FEEDBACK_TAB_NAME, RECIPIENTS_TAB, UNITS_TAB } from '../forms/tab-specs.js';
import type { MailMessage } from '../ports/mailer.js';
import { ALERT_KIND_LABEL, ALERT_KIND_SHORT, SUMMARY_TAB } from './labels.js';
import { scopeName, scopeRanker } from './scope-order.js';
import { formatViDateTime, formatViDay } from './vi-time.js';

/**
 * Who reads a digest: the office (and its leadership), who have the summary workbook, or a unit's
 * staff, who have only their own workbook: theirs lists its problems and never points at the summary.
 */
export type DigestAudience = 'office' | 'unit';

/** A unit's workbook as its staff know it: a file name, or the spreadsheet's address. */
export interface UnitWorkbookRef {
  unit: string;
  ref: string;
}

export interface DigestInput {
  recipient: string;
  alerts: readonly Alert[];
  period: PeriodId;
  /** yyyy-mm-dd the run measured against. */
  asOf: string;
  /** ISO instant of the run. */
  runAt: string;
  hierarchy: Hierarchy;
  /** Where the summary workbook lives (file name, spreadsheet ID or URL); only the office is pointed there. */
  summaryRef?: string;
  /** For the office: recipients whose digest could not be delivered (section "Không gửi được thư"). */
  undelivered?: readonly UndeliveredMail[];
  /** Alerts sent again only because the reminder interval passed, by key, with when each was first sent. */
  reminders?: ReadonlyMap<string, string>;
  /** Alerts sent to this recipient before that no longer hold (units that fixed their errors). */
  resolved?: readonly ResolvedNotice[];
  /** Default `office`. */
  audience?: DigestAudience;
  /** For a unit's staff: the workbooks they report in, where the full list of problems is. */
  workbooks?: readonly UnitWorkbookRef[];
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
export const RESOLVED_HEADING = 'Đã sửa xong lỗi';
export const REMINDER_WORD = 'Nhắc lại';

export const DIGEST_SUBJECT_PREFIX = '[NTM-GN]';

/** One line of a section: one alert, or several alerts stating the same fact. */
interface DigestLine {
  unit: string;
  message: string;
  severity: AlertSeverity;
  /** Set when every alert of the line is a reminder: the earliest first-sent instant. */
  remindedSince?: string;
  problems?: AlertProblems;
}

/** Alerts of one kind, in the order the e-mail lists them. */
interface KindSection {
  kind: AlertKind;
  lines: DigestLine[];
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Tree order of a hierarchy's scopes, worked out once per hierarchy: a run renders one digest per
 * recipient over the same hierarchy, and ranking 10,000 units each time would be most of the
 * alert stage.
 */
const rankers = new WeakMap<Hierarchy, (scope: string) => number>();
function rankOf(hierarchy: Hierarchy): (scope: string) => number {
  let rank = rankers.get(hierarchy);
  if (rank === undefined) {
    rank = scopeRanker(hierarchy);
    rankers.set(hierarchy, rank);
  }
  return rank;
}

const earliest = (instants: readonly string[]): string | undefined => [...instants].sort()[0];

/** `'A'`, `'A' và 'B'`, `'A', 'B' và 'C'`. */
function quotedList(labels: readonly string[]): string {
  const q = labels.map((l) => `'${l}'`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} và ${q[q.length - 1] ?? ''}`;
}

/**
 * One line for alerts that state one fact (their `fact.id` is equal: `ntm.standard` and
 * `ntm.bucket.19`, or a count and its percentage, for one scope): every label once, each distinct
 * detail once.
 */
function mergedMessage(group: readonly Alert[], unit: string): string {
  const first = group[0];
  if (first === undefined) return '';
  if (group.length === 1 || group.some((a) => a.fact === undefined)) return withoutUnitPrefix(first.message, unit);
  const byDetail = new Map<string, string[]>();
  for (const a of group) {
    if (a.fact === undefined) continue;
    const labels = byDetail.get(a.fact.detail) ?? [];
    if (!labels.includes(a.fact.label)) labels.push(a.fact.label);
    byDetail.set(a.fact.detail, labels);
  }
  const parts = [...byDetail].map(
    ([detail, labels], i) => `chỉ tiêu ${quotedList(labels)}${labels.length > 1 || i > 0 ? ' (cùng một số liệu)' : ''} ${detail}`,
  );
  return parts.join('; ');
}

function sections(input: DigestInput): KindSection[] {
  const rank = rankOf(input.hierarchy);
  const reminders = input.reminders ?? new Map<string, string>();
  const out: KindSection[] = [];
  for (const kind of ALERT_KINDS) {
    const ofKind = input.alerts
      .map((a, i) => ({ a, i }))
      .filter(({ a }) => a.kind === kind)
      .sort((x, y) => rank(x.a.unit) - rank(y.a.unit) || x.i - y.i);
    if (ofKind.length === 0) continue;
    out.push({
      kind,
      lines: factGroups(ofKind.map(({ a }) => a)).map((group): DigestLine => {
        const head = group[0] as Alert; // groups are made non-empty above
        const unit = scopeName(input.hierarchy, head.unit);
        const severity = group.reduce<AlertSeverity>((s, a) => (SEVERITY_RANK[a.severity] < SEVERITY_RANK[s] ? a.severity : s), head.severity);
        const firstSent = group.map((a) => reminders.get(a.key));
        const line: DigestLine = { unit, message: mergedMessage(group, unit), severity };
        if (firstSent.every((f) => f !== undefined)) {
          const since = earliest(firstSent.filter((f): f is string => f !== undefined));
          if (since !== undefined) line.remindedSince = since;
        }
        const problems = group.find((a) => a.problems !== undefined)?.problems;
        if (problems !== undefined && input.audience === 'unit') line.problems = problems;
        return line;
      }),
    });
  }
  return out;
}

/** Alert messages stand alone (they open with the unit's name); the digest already shows it. */
function withoutUnitPrefix(message: string, unit: string): string {
  return message.startsWith(`${unit}: `) ? message.slice(unit.length + 2) : message;
}

/** ` (nhắc lại: gửi lần đầu ngày 01/10/2018)` after a reminded line. */
const reminderNote = (since: string): string => ` (${REMINDER_WORD.toLowerCase()}: gửi lần đầu ngày ${formatViDay(since)})`;

/** `Trang "NTM", ô D4: ...` */
function problemText(p: AlertProblems['list'][number]): string {
  if (p.tab === '') return p.message;
  return `Trang "${p.tab}"${p.cell === undefined ? '' : `, ô ${p.cell}`}: ${p.message}`;
}

/** `và 28 lỗi, 1 cảnh báo khác (tổng cộng 38 lỗi, 1 cảnh báo)` when the list is cut. */
function problemsRest(p: AlertProblems): string | undefined {
  const listedErrors = p.list.filter((x) => x.severity === 'error').length;
  const restErrors = p.errors - listedErrors;
  const restWarnings = p.warnings - (p.list.length - listedErrors);
  if (restErrors <= 0 && restWarnings <= 0) return undefined;
  const rest = [restErrors > 0 ? `${restErrors} lỗi` : '', restWarnings > 0 ? `${restWarnings} cảnh báo` : ''].filter((x) => x !== '').join(', ');
  return `… và ${rest} khác (tổng cộng ${p.errors} lỗi, ${p.warnings} cảnh báo); xem đủ ở trang "${FEEDBACK_TAB_NAME}".`;
}

/** Alerts by what they state: one group per line of the digest (alerts of one `fact.id` together). */
function factGroups(alerts: readonly Alert[]): Alert[][] {
  const groups = new Map<string, Alert[]>();
  for (const a of alerts) {
    const id = a.fact?.id ?? `key:${a.key}`;
    const group = groups.get(id) ?? [];
    group.push(a);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** The earliest first-sent day of the reminders, as the subject says it. */
function remindedSinceText(alerts: readonly Alert[], reminders: ReadonlyMap<string, string>): string {
  const days = [...new Set(alerts.flatMap((a) => reminders.get(a.key) ?? []).map(formatViDay))];
  const first = earliest(alerts.flatMap((a) => reminders.get(a.key) ?? []));
  if (first === undefined) return '';
  return `${days.length > 1 ? 'gửi lần đầu từ ngày' : 'gửi lần đầu ngày'} ${formatViDay(first)}`;
}

/** `2 có nguy cơ, 1 có lỗi số liệu`: lines by kind (see factGroups). */
const kindCounts = (lines: readonly (readonly Alert[])[]): string =>
  ALERT_KINDS.flatMap((kind) => {
    const n = lines.filter((g) => g[0]?.kind === kind).length;
    return n > 0 ? [`${n} ${ALERT_KIND_SHORT[kind]}`] : [];
  }).join(', ');

/**
 * The digest's lines split into new ones and reminders (a line whose every alert is reminded).
 * Counts are of lines, so the subject and the opening sentence match what the body lists.
 */
function newAndReminded(alerts: readonly Alert[], reminders: ReadonlyMap<string, string>): { fresh: Alert[][]; reminded: Alert[][] } {
  const lines = factGroups(alerts);
  const isReminder = (g: readonly Alert[]): boolean => g.every((a) => reminders.has(a.key));
  return { fresh: lines.filter((g) => !isReminder(g)), reminded: lines.filter(isReminder) };
}

/** Units named by resolved notices, once each. */
const resolvedUnits = (resolved: readonly ResolvedNotice[]): string[] => [...new Set(resolved.map((r) => r.unit))];

export interface SubjectExtras {
  reminders?: ReadonlyMap<string, string>;
  resolved?: readonly ResolvedNotice[];
  undelivered?: number;
}

/**
 * `[NTM-GN] Kỳ 2018: 3 cảnh báo mới (1 không đạt, 2 có nguy cơ)`; a reminder says so, with the
 * day it was first sent (`Nhắc lại 2 cảnh báo, gửi lần đầu ngày 01/10/2018 (...)`); units that
 * fixed their errors and mail that did not get through are counted after.
 */
export function digestSubject(period: PeriodId, alerts: readonly Alert[], extras: SubjectExtras = {}): string {
  const reminders = extras.reminders ?? new Map<string, string>();
  const { fresh, reminded } = newAndReminded(alerts, reminders);
  const parts: string[] = [];
  if (fresh.length > 0) parts.push(`${fresh.length} cảnh báo mới (${kindCounts(fresh)})`);
  if (reminded.length > 0) {
    const word = parts.length === 0 ? REMINDER_WORD : REMINDER_WORD.toLowerCase();
    parts.push(`${word} ${reminded.length} cảnh báo, ${remindedSinceText(reminded.flat(), reminders)} (${kindCounts(reminded)})`);
  }
  const fixed = resolvedUnits(extras.resolved ?? []).length;
  if (fixed > 0) parts.push(`${fixed} đơn vị đã sửa xong lỗi`);
  if ((extras.undelivered ?? 0) > 0) parts.push(`${extras.undelivered} thư cảnh báo không gửi được`);
  return `${DIGEST_SUBJECT_PREFIX} Kỳ ${period}: ${parts.length === 0 ? 'không có cảnh báo mới' : parts.join('; ')}`;
}

/** One line per unreachable recipient: why, since when, how often tried. */
function undeliveredLine(u: UndeliveredMail): string {
  const why = u.permanent ? `địa chỉ bị từ chối (${u.message})` : `tạm thời không gửi được (${u.message})`;
  return `${why}, từ ${formatViDateTime(u.since)}, đã thử ${u.attempts} lần.`;
}

const UNDELIVERED_HINT = `Hệ thống tự gửi lại ở mỗi lần kiểm tra; nếu địa chỉ sai, vui lòng sửa ở tab "${RECIPIENTS_TAB.name}" hoặc cột Email của tab "${UNITS_TAB.name}" trong bảng tính cấu hình.`;

/** One line per unit that fixed its errors, naming the day it was first told about them. */
function resolvedLines(input: DigestInput): { unit: string; message: string }[] {
  const resolved = input.resolved ?? [];
  if (resolved.length === 0) return [];
  const rank = rankOf(input.hierarchy);
  return resolvedUnits(resolved)
    .sort((a, b) => rank(a) - rank(b))
    .map((unit) => {
      const since = earliest(resolved.filter((r) => r.unit === unit).map((r) => r.firstSentAt));
      return {
        unit: scopeName(input.hierarchy, unit),
        message: `bảng tính không còn lỗi, số liệu đã được tổng hợp${since === undefined ? '' : ` (lỗi được báo từ ngày ${formatViDay(since)})`}.`,
      };
    });
}

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const isWebAddress = (ref: string): boolean => /^https?:\/\//i.test(ref);

const SEVERITY_COLOUR: Record<AlertSeverity, string> = { error: '#b00020', warning: '#b26a00', info: '#1f4e79' };

/** The most severe level among a section's alerts sets its heading colour. */
function sectionSeverity(section: KindSection): AlertSeverity {
  if (section.lines.some((l) => l.severity === 'error')) return 'error';
  if (section.lines.some((l) => l.severity === 'warning')) return 'warning';
  return 'info';
}

/** What the digest opens with: what is new, what is reminded, who fixed their errors, what failed. */
function introText(run: string, fresh: number, reminded: number, fixed: number, undelivered: number): string {
  const fixedText = `${fixed} đơn vị đã sửa xong lỗi`;
  if (fresh + reminded === 0) {
    if (fixed === 0 && undelivered > 0) return `${run} không có cảnh báo mới, nhưng hệ thống chưa gửi được thư cảnh báo tới ${undelivered} người nhận.`;
    if (fixed > 0)
      return `${run} không có cảnh báo mới: ${fixedText}${undelivered > 0 ? `; hệ thống chưa gửi được thư cảnh báo tới ${undelivered} người nhận` : ''}.`;
    return `${run} không có cảnh báo mới.`;
  }
  const news = [fresh > 0 ? `${fresh} cảnh báo mới` : '', reminded > 0 ? `${reminded} cảnh báo nhắc lại (chưa được khắc phục)` : '']
    .filter((x) => x !== '')
    .join(' và ');
  return `${run} có ${news} cần Anh/Chị lưu ý.${fixed > 0 ? ` Ngoài ra, ${fixedText}.` : ''}`;
}

/** The closing pointer: the summary for the office, the unit's own feedback tab for its staff. */
function detailsFor(input: DigestInput, html: boolean): string {
  const esc = html ? escapeHtml : (t: string): string => t;
  const q = html ? '&quot;' : '"';
  if (input.audience === 'unit') {
    const link = (ref: string): string => (html && isWebAddress(ref) ? `<a href="${escapeHtml(ref)}">${escapeHtml(ref)}</a>` : esc(ref));
    const books = input.workbooks ?? [];
    const where =
      books.length === 0
        ? 'trong bảng tính báo cáo của đơn vị'
        : books.length === 1
          ? `trong bảng tính báo cáo của đơn vị (${link(books[0]?.ref ?? '')})`
          : `trong bảng tính báo cáo của từng đơn vị (${books.map((b) => `${esc(b.unit)}: ${link(b.ref)}`).join('; ')})`;
    if (!input.alerts.some((a) => a.problems !== undefined)) {
      return `Kết quả lần kiểm tra gần nhất nằm ở trang ${q}${esc(FEEDBACK_TAB_NAME)}${q} ${where}.`;
    }
    return `Danh sách đầy đủ các lỗi, kèm ô và cách sửa, nằm ở trang ${q}${esc(FEEDBACK_TAB_NAME)}${q} ${where}. Sau khi sửa, Anh/Chị lưu bảng tính; lần kiểm tra sau sẽ đọc lại và báo kết quả.`;
  }
  const ref = input.summaryRef;
  const summary =
    ref === undefined || ref === ''
      ? 'bảng tổng hợp'
      : html && isWebAddress(ref)
        ? `<a href="${escapeHtml(ref)}">bảng tổng hợp</a>`
        : `bảng tổng hợp (${esc(ref)})`;
  return `Chi tiết xem tại ${summary}, các tab ${q}${esc(SUMMARY_TAB.targets)}${q}, ${q}${esc(SUMMARY_TAB.submissions)}${q} và ${q}${esc(SUMMARY_TAB.alerts)}${q}; lỗi số liệu của từng đơn vị nằm ở tab ${q}${esc(FEEDBACK_TAB_NAME)}${q} trong bảng tính của đơn vị đó.`;
}

/**
 * One Vietnamese digest for one recipient: every alert of the run addressed to them, grouped by
 * kind (alerts stating one fact on one line, reminders marked with the day first sent), the units
 * that fixed their errors since the last digest, and for the office the recipients that could not
 * be reached, as plain text and HTML (every value escaped). A unit's staff get their workbook's
 * problems listed and are pointed at their own workbook, never at the office's summary.
 */
export function renderDigest(input: DigestInput): MailMessage {
  const undelivered = input.undelivered ?? [];
  const reminders = input.reminders ?? new Map<string, string>();
  const groups = sections(input);
  const fixed = resolvedLines(input);
  const subject = digestSubject(input.period, input.alerts, { reminders, resolved: input.resolved ?? [], undelivered: undelivered.length });
  const when = formatViDateTime(input.runAt);
  const run = `Lần kiểm tra số liệu lúc ${when} (kỳ báo cáo ${input.period}, tính đến ngày ${formatViDate(input.asOf)})`;
  const { fresh, reminded } = newAndReminded(input.alerts, reminders);
  const intro = introText(run, fresh.length, reminded.length, fixed.length, undelivered.length);
  const automatic = 'Thư này được hệ thống theo dõi Chương trình mục tiêu quốc gia gửi tự động; vui lòng không trả lời thư này.';
  const lineText = (l: DigestLine): string => `${l.message}${l.remindedSince === undefined ? '' : reminderNote(l.remindedSince)}`;
  const problemLines = (p: AlertProblems): string[] => {
    const rest = problemsRest(p);
    return [...p.list.map((x) => `       • ${problemText(x)}`), ...(rest === undefined ? [] : [`       ${rest}`])];
  };

  let n = 0;
  const text = [
    'Kính gửi Anh/Chị,',
    '',
    intro,
    '',
    ...groups.flatMap((g) => [
      `${++n}. ${ALERT_KIND_LABEL[g.kind].toUpperCase()} (${g.lines.length})`,
      ...g.lines.flatMap((l) => [`   - ${l.unit}: ${lineText(l)}`, ...(l.problems === undefined ? [] : problemLines(l.problems))]),
      '',
    ]),
    ...(fixed.length === 0 ? [] : [`${++n}. ${RESOLVED_HEADING.toUpperCase()} (${fixed.length})`, ...fixed.map((f) => `   - ${f.unit}: ${f.message}`), '']),
    ...(undelivered.length === 0
      ? []
      : [
          `${++n}. ${UNDELIVERED_HEADING.toUpperCase()} (${undelivered.length})`,
          ...undelivered.map((u) => `   - ${u.address}: ${undeliveredLine(u)}`),
          `   ${UNDELIVERED_HINT}`,
          '',
        ]),
    detailsFor(input, false),
    '',
    automatic,
    '',
  ].join('\n');

  const problemsHtml = (p: AlertProblems): string[] => {
    const rest = problemsRest(p);
    return [
      '<ul style="margin:2px 0 6px">',
      ...p.list.map((x) => `<li>${escapeHtml(problemText(x))}</li>`),
      ...(rest === undefined ? [] : [`<li>${escapeHtml(rest)}</li>`]),
      '</ul>',
    ];
  };
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
      ...g.lines.map((l) =>
        l.problems === undefined
          ? `<li><strong>${escapeHtml(l.unit)}</strong>: ${escapeHtml(lineText(l))}</li>`
          : [`<li><strong>${escapeHtml(l.unit)}</strong>: ${escapeHtml(lineText(l))}`, ...problemsHtml(l.problems), '</li>'].join('\n'),
      ),
      '</ul>',
    ]),
    ...(fixed.length === 0
      ? []
      : [
          `<h3 style="color:#2e7d32;margin:16px 0 4px">${escapeHtml(RESOLVED_HEADING)} (${fixed.length})</h3>`,
          '<ul style="margin-top:0">',
          ...fixed.map((f) => `<li><strong>${escapeHtml(f.unit)}</strong>: ${escapeHtml(f.message)}</li>`),
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
    `<p>${detailsFor(input, true)}</p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(automatic)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { to: input.recipient, subject, text, html };
}
