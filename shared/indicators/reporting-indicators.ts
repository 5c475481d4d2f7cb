import { vietnamDay } from '../domain/calendar-date.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import { indicatorId, type UnitCode } from '../domain/ids.js';
import { groupScope, type Scope } from '../domain/unit.js';
import { REPORTING, type IndicatorValue } from './indicator.js';

/** A submission's stored status (store.ts `SubmissionRecord.status`, spelled here so this layer needs no port). */
export type StoredReportStatus = 'ok' | 'invalid' | 'missing' | 'unreadable';

/** What one reporting unit owes this period and what arrived, as stored (not this run's re-read status). */
export interface ReportingState {
  unit: UnitCode;
  /** Due date (yyyy-mm-dd), the earliest among its programmes; undefined when none is known. */
  due?: string;
  status: StoredReportStatus;
  /** ISO instant usable data first arrived. */
  receivedAt?: string;
}

/** A workbook that could be opened and read: its tabs were checked, with or without errors. */
const READABLE: ReadonlySet<StoredReportStatus> = new Set(['ok', 'invalid']);

/**
 * Received by the due date: usable data arrived (`receivedAt`, the instant `report_late` is judged
 * by) no later than the due day in Vietnam. Without a known due date nothing can be late, so a
 * received report is on time; a readable workbook without usable data has not arrived yet.
 */
function onTime(s: ReportingState): boolean {
  if (!READABLE.has(s.status) || s.receivedAt === undefined) return false;
  return s.due === undefined || vietnamDay(s.receivedAt) <= s.due;
}

interface Tally {
  expected: number;
  received: number;
  onTime: number;
}

/**
 * The reporting rates of product.md ("Indicators", DHIS2's reporting rates) for every unit with a
 * reporting unit at or below it (the unit itself included: a district that reports for itself
 * and its communes owes its own workbook) and every group with a reporting unit in it:
 * `reporting.expected`, `reporting.received` (a readable workbook), `reporting.on_time`, and
 * `reporting.rate` / `reporting.on_time_rate` in percent of expected. Scopes that owe nothing get
 * no values (a commune that does not report is not at 0 %).
 */
export function computeReportingIndicators(h: Hierarchy, states: readonly ReportingState[]): IndicatorValue[] {
  const tallies = new Map<Scope, Tally>();
  const add = (scope: Scope, s: ReportingState): void => {
    let t = tallies.get(scope);
    if (!t) tallies.set(scope, (t = { expected: 0, received: 0, onTime: 0 }));
    t.expected += 1;
    if (READABLE.has(s.status)) t.received += 1;
    if (onTime(s)) t.onTime += 1;
  };
  const groupsOf = new Map<string, UnitCode[]>();
  for (const tag of h.groupTags())
    groupsOf.set(
      tag,
      h.inGroup(tag).map((u) => u.code),
    );
  for (const s of states) {
    const chain = [s.unit, ...h.ancestors(s.unit).map((a) => a.code)];
    for (const code of chain) add(code, s);
    for (const [tag, members] of groupsOf) if (members.some((m) => chain.includes(m))) add(groupScope(tag), s);
  }
  const out: IndicatorValue[] = [];
  const value = (unit: Scope, id: string, v: number, numerator?: number, denominator?: number): IndicatorValue => ({
    programme: REPORTING,
    unit,
    indicator: indicatorId(id),
    value: v,
    ...(numerator === undefined ? {} : { numerator }),
    ...(denominator === undefined ? {} : { denominator }),
  });
  for (const [scope, t] of tallies) {
    out.push(
      value(scope, 'reporting.expected', t.expected),
      value(scope, 'reporting.received', t.received),
      value(scope, 'reporting.on_time', t.onTime),
      value(scope, 'reporting.rate', (t.received / t.expected) * 100, t.received, t.expected),
      value(scope, 'reporting.on_time_rate', (t.onTime / t.expected) * 100, t.onTime, t.expected),
    );
  }
  return out;
}
