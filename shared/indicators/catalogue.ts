import type { CriteriaSet } from '../domain/criteria-set.js';
import { indicatorId, type IndicatorId } from '../domain/ids.js';
import { REPORTING, type IndicatorProgramme } from './indicator.js';
import { ntmLevelCatalogue } from './ntm-level-catalogue.js';

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

const info = (
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

/** Every indicator id of the contract, for a criteria set. */
export function indicatorCatalogue(set: CriteriaSet): IndicatorInfo[] {
  const out: IndicatorInfo[] = [
    info('ntm.communes', 'ntm', 'count', 'Số xã có số liệu đầy đủ'),
    info('ntm.standard', 'ntm', 'count', `Số xã đạt chuẩn (${set.criteria.length} tiêu chí)`),
    info('ntm.standard.pct', 'ntm', 'percent', 'Tỷ lệ xã đạt chuẩn', { countOf: indicatorId('ntm.standard') }),
    info('ntm.avg_criteria', 'ntm', 'average', 'Bình quân số tiêu chí/xã'),
    info('ntm.recognised', 'ntm', 'count', 'Số xã đã được công nhận'),
  ];
  for (const b of set.buckets) {
    out.push(info(`ntm.bucket.${b.id}`, 'ntm', 'count', `Số xã ${b.label.charAt(0).toLowerCase()}${b.label.slice(1)}`));
    out.push(
      info(`ntm.bucket.${b.id}.pct`, 'ntm', 'percent', `Tỷ lệ xã ${b.label.charAt(0).toLowerCase()}${b.label.slice(1)}`, {
        countOf: indicatorId(`ntm.bucket.${b.id}`),
      }),
    );
  }
  for (const c of set.criteria) {
    out.push(info(`ntm.criterion.${c.no}`, 'ntm', 'count', `Số xã đạt tiêu chí ${c.no} (${c.vi})`));
    out.push(
      info(`ntm.criterion.${c.no}.pct`, 'ntm', 'percent', `Tỷ lệ xã đạt tiêu chí ${c.no} (${c.vi})`, {
        countOf: indicatorId(`ntm.criterion.${c.no}`),
      }),
    );
  }
  out.push(
    info('poverty.households', 'giam_ngheo', 'count', 'Tổng số hộ'),
    info('poverty.poor', 'giam_ngheo', 'count', 'Số hộ nghèo', { higherIsBetter: false }),
    info('poverty.near_poor', 'giam_ngheo', 'count', 'Số hộ cận nghèo', { higherIsBetter: false }),
    info('poverty.rate', 'giam_ngheo', 'percent', 'Tỷ lệ hộ nghèo', { higherIsBetter: false }),
    info('poverty.near_poor_rate', 'giam_ngheo', 'percent', 'Tỷ lệ hộ cận nghèo', { higherIsBetter: false }),
    info('poverty.multidim_rate', 'giam_ngheo', 'percent', 'Tỷ lệ hộ nghèo đa chiều (nghèo + cận nghèo)', {
      higherIsBetter: false,
    }),
    info('poverty.poor_reduction', 'giam_ngheo', 'count', 'Số hộ nghèo giảm so với đầu kỳ'),
    info('poverty.rate_reduction_pp', 'giam_ngheo', 'pp', 'Mức giảm tỷ lệ hộ nghèo (điểm %)'),
    // A unit that reports for itself counts in its own figures and its parent's, so children's
    // counts need not add up to the parent's, and a rate is not over communes: neither plan
    // consistency check applies (no `additive`, no `countOf`).
    info('reporting.expected', REPORTING, 'count', 'Số đơn vị phải nộp báo cáo', { additive: false }),
    info('reporting.received', REPORTING, 'count', 'Số đơn vị đã nộp báo cáo (đọc được)', { additive: false }),
    info('reporting.on_time', REPORTING, 'count', 'Số đơn vị nộp đúng hạn', { additive: false }),
    info('reporting.rate', REPORTING, 'percent', 'Tỷ lệ đơn vị đã nộp báo cáo'),
    info('reporting.on_time_rate', REPORTING, 'percent', 'Tỷ lệ đơn vị nộp đúng hạn'),
  );
  out.push(...ntmLevelCatalogue(set));
  return out;
}

/** Lookup by id; undefined for ids outside the contract. */
export function indicatorInfo(set: CriteriaSet, id: string): IndicatorInfo | undefined {
  return indicatorCatalogue(set).find((i) => i.id === id);
}

/**
 * The quantity an indicator measures, as the id of its count: a percentage measures its count
 * (`ntm.standard.pct` -> `ntm.standard`), and the bucket of communes meeting every criterion of the
 * set is the communes meeting the standard (`ntm.bucket.19` -> `ntm.standard`). Targets on two ids
 * of one quantity, for one scope, state one fact.
 */
export function quantityOf(set: CriteriaSet, id: IndicatorId): IndicatorId {
  const count = id.endsWith('.pct') ? indicatorId(id.slice(0, -'.pct'.length)) : id;
  const all = set.criteria.length;
  const bucket = set.buckets.find((b) => count === `ntm.bucket.${b.id}`);
  if (bucket !== undefined && all > 0 && bucket.min === all) return indicatorId('ntm.standard');
  return count;
}
