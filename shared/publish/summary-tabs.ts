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

/** A cell as a fixed-order value: the same cell always hashes alike, whatever its key order. */
function cellToken(cell: TabCell): string {
  if (cell === null || typeof cell !== 'object') return JSON.stringify(cell ?? null);
  return JSON.stringify('format' in cell ? [cell.value, 'f', cell.format] : [cell.value, 's', cell.style]);
}

/**
 * A stable sha256 (hex) of the tabs' content with the write time left out: equal keys mean the
 * summary would not change, so the pipeline can skip rewriting it. Rows are fed to the hash one at
 * a time (no giant intermediate string: the national summary has ~600,000 cells).
 */
export function summaryContentKey(tabs: readonly TabWrite[]): string {
  const hash = createHash('sha256');
  for (const tab of tabs) {
    hash.update(`\u0000tab${JSON.stringify([tab.name, tab.headerRow ?? null, tab.widths ?? null])}`);
    // The `Cập nhật` line is the row right under each title.
    tab.rows.forEach((row, i) => {
      hash.update(`\u0000r${(i === 1 ? withoutWriteTime(row) : row).map(cellToken).join('\u0001')}`);
    });
  }
  return hash.digest('hex');
}
