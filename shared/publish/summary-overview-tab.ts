import type { TabWrite } from '../ports/workbook-gateway.js';
import { SUMMARY_TAB } from './labels.js';
import { renderOverviewTab, type OverviewSection } from './overview-layout.js';
import { ntmOverviewSection } from './overview-ntm.js';
import { povertyOverviewSection } from './overview-poverty.js';
import { updatedMeta, type SummaryContext } from './summary-context.js';

/**
 * The programmes' sections of `Tổng quan`, in order. A programme added later (DTTS: plan
 * completion per project) adds its builder here; the layout takes any number of sections.
 */
export const OVERVIEW_SECTIONS: readonly ((ctx: SummaryContext) => OverviewSection | undefined)[] = [ntmOverviewSection, povertyOverviewSection];

/** `Tổng quan`: what a director reads in a minute, per programme, with native charts. */
export function renderSummaryOverviewTab(ctx: SummaryContext): TabWrite {
  const sections = OVERVIEW_SECTIONS.map((build) => build(ctx)).filter((s): s is OverviewSection => s !== undefined);
  return renderOverviewTab(SUMMARY_TAB.overview, `TỔNG QUAN - ${ctx.periodLabel}`, updatedMeta(ctx), sections, 'Chưa có số liệu cho kỳ này.');
}
