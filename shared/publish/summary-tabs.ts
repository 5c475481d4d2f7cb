import { indicatorCatalogue } from '../programmes/indicator-catalogue.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import type { TabWrite } from '../ports/workbook-gateway.js';
import { renderAlertsTab } from './summary-alerts-tab.js';
import { summaryContext, type SummaryInput } from './summary-context.js';
import { renderSummaryOverviewTab } from './summary-overview-tab.js';
import { renderSubmissionsTab } from './summary-submissions-tab.js';
import { renderTargetsTab } from './summary-targets-tab.js';

export type { SummaryInput } from './summary-context.js';

/**
 * The summary workbook's tabs, in writing order: the overview, each programme's table (registry
 * order), target progress, submissions, alerts. Pure and deterministic: the write time appears
 * only in each tab's `Cập nhật` row.
 */
export function renderSummaryTabs(input: SummaryInput, modules: ProgrammeModules = PROGRAMME_MODULES): TabWrite[] {
  const ctx = summaryContext(input, indicatorCatalogue(input.set, modules, input.plan?.dttsCatalogue));
  return [
    renderSummaryOverviewTab(ctx, modules),
    ...modules.map((m) => m.summaryTab(ctx)),
    renderTargetsTab(ctx),
    renderSubmissionsTab(ctx),
    renderAlertsTab(ctx),
  ];
}
