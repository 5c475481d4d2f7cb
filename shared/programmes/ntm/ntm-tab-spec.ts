import { col, type ColumnSpec, type TabSpec } from '../../forms/tab-specs.js';

export const NTM_TAB_NAME = 'NTM';

/** Header text of criterion n: `TC<n>` (text after it, such as ` - Giao thông`, is free). */
export const criterionHeader = (n: number): string => `TC${n}`;

/**
 * The NTM tab for a criteria set of `criteriaCount` criteria; `levels`: the set has recognition
 * levels, so the optional `Mức đạt` column is part of the tab (elsewhere it is an extra column,
 * ignored with a warning).
 */
export function ntmTab(criteriaCount: number, levels = false): TabSpec {
  const criteria: ColumnSpec[] = [];
  for (let n = 1; n <= criteriaCount; n++) criteria.push(col(`tc${n}`, criterionHeader(n), true, 9, { prefix: true }));
  return {
    name: NTM_TAB_NAME,
    keyHeaders: ['Mã xã'],
    columns: [
      col('commune', 'Mã xã', true, 10),
      col('name', 'Tên xã', true, 22),
      ...criteria,
      col('recognisedYear', 'Năm công nhận', false, 14),
      ...(levels ? [col('level', 'Mức đạt', false, 12)] : []),
      col('note', 'Ghi chú', false, 30),
    ],
  };
}
