import type { CriteriaSet } from '../../domain/criteria-set.js';
import { indicatorId, type IndicatorId } from '../../domain/ids.js';
import { indicatorEntry as info, type IndicatorInfo } from '../../indicators/catalogue.js';
import { ntmLevelCatalogue } from './ntm-level-catalogue.js';

/** The NTM indicator ids of the contract, for a criteria set. */
export function ntmCatalogue(set: CriteriaSet): IndicatorInfo[] {
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
  out.push(...ntmLevelCatalogue(set));
  return out;
}

/**
 * The bucket of communes meeting every criterion of the set is the communes meeting the standard
 * (`ntm.bucket.19` -> `ntm.standard`): targets on both state one fact.
 */
export function ntmQuantityOf(set: CriteriaSet, count: IndicatorId): IndicatorId | undefined {
  const all = set.criteria.length;
  const bucket = set.buckets.find((b) => count === `ntm.bucket.${b.id}`);
  return bucket !== undefined && all > 0 && bucket.min === all ? indicatorId('ntm.standard') : undefined;
}
