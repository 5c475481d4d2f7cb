import type { CompareOp, Recipient } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { IndicatorId, PeriodId, UnitCode } from '../domain/ids.js';
import { GROUP_PREFIX, isGroupScope, type Scope } from '../domain/unit.js';
import { formatViDate, formatViNumber } from '../format/vi-number.js';
import type { SheetIssue } from '../domain/issue.js';
import type { IndicatorKind } from '../indicators/catalogue.js';
import type { DttsCatalogue } from '../domain/dtts-catalogue.js';
import { indicatorCatalogue, quantityOf } from '../programmes/indicator-catalogue.js';
import { PROGRAMME_MODULES } from '../programmes/registry.js';
import { scopeName } from '../indicators/scope-name.js';
import type { TargetInconsistency } from '../targets/consistency.js';
import type { TargetEvaluation } from '../targets/evaluation.js';
import { ALERT_KINDS, alertKey, MAX_ALERT_PROBLEMS, type Alert, type AlertFact, type AlertKind, type AlertProblems, type AlertSeverity } from './alert.js';
import type { Regression } from './regressions.js';
import type { UnitRunState } from './unit-run-state.js';

export interface AlertInput {
  period: PeriodId;
  /** "Today", ISO `yyyy-mm-dd`. */
  asOf: string;
  hierarchy: Hierarchy;
  recipients: readonly Recipient[];
  units: readonly UnitRunState[];
  targets: readonly TargetEvaluation[];
  /** Only those of `period` are used: alert identities do not carry the period. */
  inconsistencies: readonly TargetInconsistency[];
  regressions: readonly Regression[];
  set: CriteriaSet;
  /** The DTTS catalogue of the run, for labels (undefined: the default). */
  dttsCatalogue?: DttsCatalogue;
}

/** Deadlines are Vietnamese calendar days; Asia/Ho_Chi_Minh is UTC+7 all year (no DST). */
const VN_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Vietnam of an ISO instant (a bare date is taken as that day). */
function vietnamDay(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.slice(0, 10);
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Two decimals, fixed: the value part of a fingerprint (smaller changes are not news). */
const round2 = (v: number): string => {
  const r = Math.round(v * 100) / 100;
  return (Object.is(r, -0) ? 0 : r).toFixed(2);
};

const SEVERITY_RANK: Record<AlertSeverity, number> = { error: 0, warning: 1, info: 2 };

function formatValue(kind: IndicatorKind | undefined, v: number): string {
  if (kind === 'percent') return `${formatViNumber(v, 2)}%`;
  return formatViNumber(v, 2);
}

/** `250/288`, `12,5%, mục tiêu không quá 11%`: the value against the target, in the op's words. */
function againstTarget(kind: IndicatorKind | undefined, op: CompareOp, value: number, target: number): string {
  const v = formatValue(kind, value);
  const t = formatValue(kind, target);
  const unit = kind === 'pp' ? ' điểm %' : '';
  if (op === '>=') return `${v}/${t}${unit}`;
  if (op === '<=') return `${v}${unit}, mục tiêu không quá ${t}${unit}`;
  return `${v}${unit}, mục tiêu ${t}${unit}`;
}

function targetWords(kind: IndicatorKind | undefined, op: CompareOp, target: number): string {
  const t = `${formatValue(kind, target)}${kind === 'pp' ? ' điểm %' : ''}`;
  if (op === '>=') return `ít nhất ${t}`;
  if (op === '<=') return `không quá ${t}`;
  return t;
}

const dueText = (due: string | undefined): string => (due === undefined ? '' : ` (hạn ${formatViDate(due)})`);

/** A unit's findings as its alert carries them: errors first, then in the order the parser found them. */
function problemsOf(issues: readonly SheetIssue[] | undefined): AlertProblems | undefined {
  if (issues === undefined || issues.length === 0) return undefined;
  const ordered = [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')];
  const errors = issues.filter((i) => i.severity === 'error').length;
  return {
    list: ordered
      .slice(0, MAX_ALERT_PROBLEMS)
      .map((i) => ({ severity: i.severity, tab: i.tab, ...(i.cell === undefined ? {} : { cell: i.cell }), message: i.message })),
    errors,
    warnings: issues.length - errors,
  };
}

/**
 * The alerts of one run, with their recipients, before de-duplication against what was already
 * sent (see selectAlertsToSend). Alerts sharing a key are merged so each key is one alert.
 */
export function buildAlerts(input: AlertInput): Alert[] {
  const h = input.hierarchy;
  const catalogue = new Map(indicatorCatalogue(input.set, PROGRAMME_MODULES, input.dttsCatalogue).map((i) => [i.id as string, i]));
  const label = (id: string): string => catalogue.get(id)?.label ?? id;
  const kindOf = (id: string): IndicatorKind | undefined => catalogue.get(id)?.kind;
  const asOf = input.asOf.slice(0, 10);
  const raw: Omit<Alert, 'key' | 'recipients'>[] = [];

  const add = (
    kind: AlertKind,
    unit: Scope,
    severity: AlertSeverity,
    message: string,
    fingerprint: string,
    indicator?: IndicatorId,
    extra: Pick<Alert, 'problems' | 'fact'> = {},
  ): void => {
    const alert: Omit<Alert, 'key' | 'recipients'> =
      indicator === undefined ? { kind, unit, severity, message, fingerprint } : { kind, unit, indicator, severity, message, fingerprint };
    if (extra.problems !== undefined) alert.problems = extra.problems;
    if (extra.fact !== undefined) alert.fact = extra.fact;
    raw.push(alert);
  };

  for (const u of input.units) {
    const name = scopeName(h, u.unit);
    const problems = problemsOf(u.issues);
    const withProblems = problems === undefined ? {} : { problems };
    if (!u.hasAcceptedData && u.due !== undefined && asOf > u.due) {
      add('report_missing', u.unit, 'error', `${name}: chưa nộp báo cáo có số liệu hợp lệ${dueText(u.due)}.`, `missing|${u.due}`, undefined, withProblems);
    }
    if (u.receivedAt !== undefined && u.due !== undefined) {
      const received = vietnamDay(u.receivedAt);
      if (received > u.due) {
        add('report_late', u.unit, 'warning', `${name}: nộp báo cáo muộn, nhận ngày ${formatViDate(received)}${dueText(u.due)}.`, `late|${received}|${u.due}`);
      }
    }
    if (u.status === 'invalid') {
      add(
        'data_invalid',
        u.unit,
        'warning',
        `${name}: bảng tính còn ${formatViNumber(u.errors, 0)} lỗi, các dòng có lỗi chưa được tổng hợp; xem tab 'Kết quả kiểm tra' để sửa.`,
        `invalid|${u.errors}`,
        undefined,
        withProblems,
      );
    }
    if (u.status === 'unreadable') {
      add('unit_unreadable', u.unit, 'error', `${name}: không mở hoặc không đọc được bảng tính.`, 'unreadable', undefined, withProblems);
    }
  }

  for (const t of input.targets) {
    if (t.status !== 'missed' && t.status !== 'at_risk') continue;
    const name = scopeName(h, t.unit);
    const kind = kindOf(t.indicator);
    const head = `${name}: chỉ tiêu '${label(t.indicator)}'`;
    const fingerprint = `${t.status}|${t.value === undefined ? '-' : round2(t.value)}|${t.op}${t.target}|${t.due ?? ''}`;
    const alertKind: AlertKind = t.status === 'missed' ? 'target_missed' : 'target_at_risk';
    const fact = (detail: string): AlertFact => ({ id: alertKey(alertKind, t.unit, quantityOf(input.set, t.indicator)), label: label(t.indicator), detail });
    if (t.status === 'missed') {
      const against = t.value === undefined ? `chưa có số liệu, mục tiêu ${targetWords(kind, t.op, t.target)}` : againstTarget(kind, t.op, t.value, t.target);
      const detail = `chưa đạt: ${against}${dueText(t.due)}`;
      add('target_missed', t.unit, 'error', `${head} ${detail}`, fingerprint, t.indicator, { fact: fact(detail) });
    } else {
      const now = t.value === undefined ? 'chưa có số liệu' : `hiện ${formatValue(kind, t.value)}`;
      const projected = t.projected === undefined ? '' : `, theo tiến độ dự kiến ${formatValue(kind, t.projected)}`;
      const detail = `có nguy cơ không đạt: ${now}${projected}, mục tiêu ${targetWords(kind, t.op, t.target)}${dueText(t.due)}`;
      add('target_at_risk', t.unit, 'warning', `${head} ${detail}`, fingerprint, t.indicator, { fact: fact(detail) });
    }
  }

  for (const c of input.inconsistencies) {
    if (c.period !== input.period) continue;
    add('target_inconsistent', c.scope, 'warning', c.message, `${c.kind}|${c.message}`, c.indicator);
  }

  for (const r of input.regressions) {
    add('regression', r.scope, 'warning', r.message, `${round2(r.before)}|${round2(r.after)}|${r.message}`, r.indicator);
  }

  const routed = new Map<string, Alert>();
  for (const a of raw) {
    const key = alertKey(a.kind, a.unit, a.indicator);
    const existing = routed.get(key);
    if (!existing) {
      routed.set(key, { ...a, key, recipients: recipientsFor(h, input.recipients, a.unit) });
      continue;
    }
    // Two findings with one identity (two plan contradictions on one target): one alert, both texts.
    existing.message = `${existing.message} ${a.message}`;
    // The joined text no longer reads as one label and detail: not merged with other alerts.
    delete existing.fact;
    existing.fingerprint = `${existing.fingerprint}||${a.fingerprint}`;
    if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[existing.severity]) existing.severity = a.severity;
  }
  const kindRank = (k: AlertKind): number => ALERT_KINDS.indexOf(k);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...routed.values()].sort((x, y) => kindRank(x.kind) - kindRank(y.kind) || cmp(x.unit, y.unit) || cmp(x.indicator ?? '', y.indicator ?? ''));
}

/**
 * Who hears about a unit: office recipients whose scope covers it (group alerts: only unscoped
 * ones, a group has no place in the tree), the unit's own focal points, and for a commune the
 * focal points of the unit that reports for it (nearest workbook holder, itself included).
 */
export function recipientsFor(h: Hierarchy, recipients: readonly Recipient[], scope: Scope): string[] {
  const out = new Map<string, string>();
  const addEmail = (e: string): void => {
    const trimmed = e.trim();
    if (trimmed !== '' && !out.has(trimmed.toLowerCase())) out.set(trimmed.toLowerCase(), trimmed);
  };
  if (isGroupScope(scope)) {
    // A group spans units: the office of any area holding one of its members is concerned.
    const tag = scope.slice(GROUP_PREFIX.length);
    const members = h.inGroup(tag);
    for (const r of recipients) {
      const rs = r.scope;
      if (rs === undefined || rs === '' || members.some((m) => h.isWithin(m.code, rs))) addEmail(r.email);
    }
  } else {
    const code = scope as UnitCode;
    const unit = h.get(code);
    const ancestors = h.ancestors(code);
    const covering = new Set<string>([code, ...ancestors.map((a) => a.code)]);
    for (const r of recipients) if (r.scope === undefined || r.scope === '' || covering.has(r.scope)) addEmail(r.email);
    for (const e of unit?.emails ?? []) addEmail(e);
    if (unit?.level === 'xa') {
      const reporter = [unit, ...ancestors].find((u) => u.workbook !== undefined && u.workbook !== '');
      for (const e of reporter?.emails ?? []) addEmail(e);
    }
  }
  return [...out.values()].sort();
}
