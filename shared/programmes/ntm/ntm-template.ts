import type { CriteriaSet } from '../../domain/criteria-set.js';
import { MET, NOT_MET } from '../../forms/tab-specs.js';
import type { TemplateColumn, TemplateTab } from '../programme-module.js';
import { hasLevels, LEVEL_FIELD } from './ntm-level-cell.js';
import { ntmTab } from './ntm-tab-spec.js';

/** The NTM tab of a new unit workbook: headers naming each criterion (`TC2 - Giao thông`), criterion dropdowns. */
export function ntmTemplateTab(set: CriteriaSet): TemplateTab {
  const spec = ntmTab(set.criteria.length, hasLevels(set));
  const levels = (set.levels ?? []).map((l) => l.label);
  const byNo = new Map(set.criteria.map((c) => [c.no, c.vi]));
  const columns = spec.columns.map((col): TemplateColumn => {
    const m = /^tc(\d+)$/.exec(col.field);
    if (m) {
      const vi = byNo.get(Number(m[1]));
      return { ...col, ...(vi ? { header: `${col.header} - ${vi}` } : {}), kind: 'criterion' };
    }
    // `Mức đạt` is a dropdown of the set's level labels.
    if (col.field === LEVEL_FIELD && levels.length > 0) return { ...col, kind: 'choice', choices: levels };
    return { ...col, kind: col.field === 'commune' ? 'code' : col.field === 'recognisedYear' ? 'year' : 'text' };
  });
  const n = set.criteria.length;
  return {
    spec,
    columns,
    title: 'Biểu báo cáo kết quả xây dựng nông thôn mới',
    guide: [
      `Trang NTM: với mỗi tiêu chí TC1 ... TC${n}, chọn "${MET}" hoặc "${NOT_MET}" trong danh sách thả xuống.`,
      'Ô tiêu chí để trống là thiếu số liệu: xã đó chưa được tính vào kết quả tổng hợp cho đến khi điền đủ.',
      'Năm công nhận: năm xã được công nhận đạt chuẩn nông thôn mới (để trống nếu chưa được công nhận).',
      ...(levels.length > 0
        ? [`Mức đạt (không bắt buộc): mức xã đã được công nhận, chọn ${levels.map((l) => `"${l}"`).join(', ')}; để trống nếu xã chưa được công nhận.`]
        : []),
    ],
  };
}
