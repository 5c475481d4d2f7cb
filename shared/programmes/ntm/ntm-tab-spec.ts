import { col, type ColumnSpec, type TabSpec } from '../../forms/tab-specs.js';

export const NTM_TAB_NAME = 'NTM';

/** Header text of criterion n: `TC<n>` (text after it, such as ` - Giao thông`, is free). */
export const criterionHeader = (n: number): string => `TC${n}`;

/** The NTM tab for a criteria set of `criteriaCount` criteria. */
export function ntmTab(criteriaCount: number): TabSpec {
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
      col('note', 'Ghi chú', false, 30),
    ],
  };
}
