import { createHash } from 'node:crypto';
import type { TabCell, TabWrite } from '../ports/workbook-gateway.js';
import { renderAlertsTab } from './summary-alerts-tab.js';
import { summaryContext, UPDATED_PREFIX, type SummaryInput } from './summary-context.js';
import { renderNtmTab } from './summary-ntm-tab.js';
import { renderPovertyTab } from './summary-poverty-tab.js';
import { renderSubmissionsTab } from './summary-submissions-tab.js';
import { renderTargetsTab } from './summary-targets-tab.js';

export type { SummaryInput } from './summary-context.js';

/**
 * The summary workbook's tabs, in writing order: NTM, poverty, target progress, submissions,
 * alerts. Pure and deterministic: the write time appears only in each tab's `Cập nhật` row.
 */
export function renderSummaryTabs(input: SummaryInput): TabWrite[] {
  const ctx = summaryContext(input);
  return [renderNtmTab(ctx), renderPovertyTab(ctx), renderTargetsTab(ctx), renderSubmissionsTab(ctx), renderAlertsTab(ctx)];
}

/**
 * The `Cập nhật` row without its time: `(ngày tính: ...)` stays, so a run with another as-of date
 * still rewrites the summary.
 */
function withoutWriteTime(row: readonly TabCell[]): readonly TabCell[] {
  const first = row[0];
  if (typeof first !== 'string' || !first.startsWith(UPDATED_PREFIX)) return row;
  return [first.replace(/^Cập nhật: [^(]*/, ''), ...row.slice(1)];
}

/** JSON with object keys sorted, so two equal values always serialise alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A stable sha256 (hex) of the tabs' content with the write time left out: equal keys mean the
 * summary would not change, so the pipeline can skip rewriting it.
 */
export function summaryContentKey(tabs: readonly TabWrite[]): string {
  // The `Cập nhật` line is the row right under each title.
  const stripped = tabs.map((t) => ({ ...t, rows: t.rows.map((r, i) => (i === 1 ? withoutWriteTime(r) : r)) }));
  return createHash('sha256').update(canonicalJson(stripped)).digest('hex');
}
