import type { TabWrite } from '../ports/workbook-gateway.js';
import { renderAlertsTab } from './summary-alerts-tab.js';
import { summaryContext, type SummaryInput } from './summary-context.js';
import { renderNtmTab } from './summary-ntm-tab.js';
import { renderSummaryOverviewTab } from './summary-overview-tab.js';
import { renderPovertyTab } from './summary-poverty-tab.js';
import { renderSubmissionsTab } from './summary-submissions-tab.js';
import { renderTargetsTab } from './summary-targets-tab.js';

export type { SummaryInput } from './summary-context.js';

/**
 * The summary workbook's tabs, in writing order: the overview, NTM, poverty, target progress,
 * submissions, alerts. Pure and deterministic: the write time appears only in each tab's
 * `Cập nhật` row.
 */
export function renderSummaryTabs(input: SummaryInput): TabWrite[] {
  const ctx = summaryContext(input);
  return [renderSummaryOverviewTab(ctx), renderNtmTab(ctx), renderPovertyTab(ctx), renderTargetsTab(ctx), renderSubmissionsTab(ctx), renderAlertsTab(ctx)];
}
