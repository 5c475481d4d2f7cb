import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { SUMMARY_TAB } from './labels.js';

/** The summary workbook's tab names in writing order (see renderSummaryTabs). */
export function summaryTabNames(modules: ProgrammeModules = PROGRAMME_MODULES): string[] {
  return [SUMMARY_TAB.overview, ...modules.map((m) => m.summaryTabName), SUMMARY_TAB.targets, SUMMARY_TAB.submissions, SUMMARY_TAB.alerts];
}
