import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import type { TabWrite } from '../ports/workbook-gateway.js';
import { SUMMARY_TAB } from './labels.js';
import { renderOverviewTab, type OverviewSection } from './overview-layout.js';
import { updatedMeta, type SummaryContext } from './summary-context.js';

/** `Tổng quan`: what a director reads in a minute, per programme (registry order), with native charts. */
export function renderSummaryOverviewTab(ctx: SummaryContext, modules: ProgrammeModules = PROGRAMME_MODULES): TabWrite {
  const sections = modules.map((m) => m.overviewSection(ctx)).filter((s): s is OverviewSection => s !== undefined);
  return renderOverviewTab(SUMMARY_TAB.overview, `TỔNG QUAN - ${ctx.periodLabel}`, updatedMeta(ctx), sections, 'Chưa có số liệu cho kỳ này.');
}
