import { indicatorId, type IndicatorId } from '../domain/ids.js';
import { REPORTING, type IndicatorProgramme } from './indicator.js';

/** How an indicator's value reads and whether it adds up from children to parent. */
export type IndicatorKind = 'count' | 'percent' | 'average' | 'pp';

export interface IndicatorInfo {
  id: IndicatorId;
  /** `reporting` indicators may be targeted under any programme (its deadline applies). */
  programme: IndicatorProgramme;
  kind: IndicatorKind;
  /** Vietnamese label for sheets and e-mails. */
  label: string;
  /** Counts add up from children to parent (used to check target sheets). */
  additive: boolean;
  /** For a percent, the count it is the share of (`ntm.standard.pct` -> `ntm.standard`). */
  countOf?: IndicatorId;
  /** Higher is better (a drop is a regression); false for poverty rates. */
  higherIsBetter: boolean;
}

/** One catalogue entry: counts add up by default, higher is better by default. */
export const indicatorEntry = (
  id: string,
  programme: IndicatorProgramme,
  kind: IndicatorKind,
  label: string,
  extra: Partial<Omit<IndicatorInfo, 'id'>> = {},
): IndicatorInfo => ({
  id: indicatorId(id),
  programme,
  kind,
  label,
  additive: kind === 'count',
  higherIsBetter: true,
  ...extra,
});

/** The reporting rates: about a unit's workbook, whatever programmes it carries. */
export function reportingCatalogue(): IndicatorInfo[] {
  return [
    // A unit that reports for itself counts in its own figures and its parent's, so children's
    // counts need not add up to the parent's, and a rate is not over communes: neither plan
    // consistency check applies (no `additive`, no `countOf`).
    indicatorEntry('reporting.expected', REPORTING, 'count', 'Số đơn vị phải nộp báo cáo', { additive: false }),
    indicatorEntry('reporting.received', REPORTING, 'count', 'Số đơn vị đã nộp báo cáo (đọc được)', { additive: false }),
    indicatorEntry('reporting.on_time', REPORTING, 'count', 'Số đơn vị nộp đúng hạn', { additive: false }),
    indicatorEntry('reporting.rate', REPORTING, 'percent', 'Tỷ lệ đơn vị đã nộp báo cáo'),
    indicatorEntry('reporting.on_time_rate', REPORTING, 'percent', 'Tỷ lệ đơn vị nộp đúng hạn'),
  ];
}
