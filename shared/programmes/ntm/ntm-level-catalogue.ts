import type { CriteriaSet } from '../../domain/criteria-set.js';
import { indicatorId } from '../../domain/ids.js';
import type { IndicatorInfo } from '../../indicators/catalogue.js';

/**
 * The NTM indicators of product.md "From 2021": recognition levels, communes meeting at least n
 * criteria, and the average gain over the previous period. Offered for the criteria sets from 2021
 * on (the first is QĐ 318/QĐ-TTg's); the level counts only for sets that define levels.
 */
export const FIRST_PROGRESS_YEAR = 2021;

/** Level ids (of the set's `levels`) counted by `ntm.advanced` and `ntm.model`. */
export const ADVANCED_LEVELS: ReadonlySet<string> = new Set(['nang_cao', 'kieu_mau']);
export const MODEL_LEVEL = 'kieu_mau';

export const offersProgressIndicators = (set: CriteriaSet): boolean => set.validFrom >= FIRST_PROGRESS_YEAR;

export const atLeastId = (n: number): string => `ntm.at_least.${n}`;
export const AVG_GAIN_ID = 'ntm.avg_gain';

const count = (id: string, label: string): IndicatorInfo => ({
  id: indicatorId(id),
  programme: 'ntm',
  kind: 'count',
  label,
  additive: true,
  higherIsBetter: true,
});
const pctOf = (id: string, label: string): IndicatorInfo => ({
  id: indicatorId(`${id}.pct`),
  programme: 'ntm',
  kind: 'percent',
  label,
  additive: false,
  countOf: indicatorId(id),
  higherIsBetter: true,
});

export function ntmLevelCatalogue(set: CriteriaSet): IndicatorInfo[] {
  if (!offersProgressIndicators(set)) return [];
  const out: IndicatorInfo[] = [];
  if ((set.levels ?? []).length > 0) {
    out.push(
      count('ntm.advanced', 'Số xã đạt chuẩn NTM nâng cao (kể cả kiểu mẫu)'),
      pctOf('ntm.advanced', 'Tỷ lệ xã đạt chuẩn NTM nâng cao (kể cả kiểu mẫu)'),
      count('ntm.model', 'Số xã đạt chuẩn NTM kiểu mẫu'),
      pctOf('ntm.model', 'Tỷ lệ xã đạt chuẩn NTM kiểu mẫu'),
    );
  }
  for (let n = 1; n <= set.criteria.length; n++) {
    out.push(count(atLeastId(n), `Số xã đạt từ ${n} tiêu chí trở lên`), pctOf(atLeastId(n), `Tỷ lệ xã đạt từ ${n} tiêu chí trở lên`));
  }
  out.push({
    id: indicatorId(AVG_GAIN_ID),
    programme: 'ntm',
    kind: 'average',
    label: 'Số tiêu chí bình quân/xã tăng thêm so với cuối kỳ trước',
    additive: false,
    higherIsBetter: true,
  });
  return out;
}
