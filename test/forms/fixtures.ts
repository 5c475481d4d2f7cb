import type { Baseline } from '../../shared/domain/config.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode, type UnitCode } from '../../shared/domain/ids.js';
import type { Unit, UnitLevel } from '../../shared/domain/unit.js';
import type { RawCell, RawSheet } from '../../shared/forms/raw-sheet.js';
import type { UnitContext } from '../../shared/forms/unit-context.js';

/** A small Lạng Sơn: two districts, four communes (codes with leading zeros, as the real ones). */
const u = (code: string, name: string, level: UnitLevel, parent?: string, extra: Partial<Unit> = {}): Unit => {
  const unit: Unit = { code: unitCode(code), name, level, groups: [], emails: [], ...extra };
  if (parent !== undefined) unit.parent = unitCode(parent);
  return unit;
};

export const UNITS: Unit[] = [
  u('20', 'Tỉnh Lạng Sơn', 'tinh'),
  u('181', 'Huyện Tràng Định', 'huyen', '20', { workbook: 'trang-dinh.xlsx' }),
  u('06052', 'Xã Hùng Sơn', 'xa', '181'),
  u('06055', 'Xã Đại Đồng', 'xa', '181', { groups: ['xã biên giới'] }),
  u('06058', 'Thị trấn Thất Khê', 'xa', '181'),
  u('182', 'Huyện Văn Lãng', 'huyen', '20', { workbook: 'van-lang.xlsx' }),
  u('06100', 'Xã Tân Mỹ', 'xa', '182', { groups: ['xã biên giới'] }),
];

export const hierarchy = new Hierarchy(UNITS);
export const criteriaSet = requireCriteriaSet(periodId('2018'));

export function unitOf(code: string): Unit {
  const unit = hierarchy.get(unitCode(code));
  if (!unit) throw new Error(`fixture unit ${code} missing`);
  return unit;
}

export function context(baselines: Baseline[] = [], code = '181'): UnitContext {
  const map = new Map<UnitCode, Baseline>();
  for (const b of baselines) map.set(b.unit, b);
  return { unit: unitOf(code), hierarchy, criteriaSet, baselines: map, currentYear: 2018 };
}

export const sheet = (name: string, rows: RawCell[][]): RawSheet => ({ name, rows });

/** NTM header: `TC<n> - <name>` as the templates write it. */
export function ntmHeader(): string[] {
  return ['Mã xã', 'Tên xã', ...criteriaSet.criteria.map((c) => `TC${c.no} - ${c.vi}`), 'Năm công nhận', 'Ghi chú'];
}

/** One NTM data row: `met` criteria numbers are Đạt, the rest Chưa đạt (or `fill` overrides). */
export function ntmRow(
  code: RawCell,
  name: string,
  met: number | number[],
  extra: { year?: RawCell; note?: string; override?: Record<number, RawCell> } = {},
): RawCell[] {
  const metSet = new Set(typeof met === 'number' ? criteriaSet.criteria.slice(0, met).map((c) => c.no) : met);
  const cells = criteriaSet.criteria.map((c): RawCell => {
    const o = extra.override?.[c.no];
    if (o !== undefined) return o;
    return metSet.has(c.no) ? 'Đạt' : 'Chưa đạt';
  });
  return [code, name, ...cells, extra.year ?? null, extra.note ?? null];
}

export const TITLE_ROWS: RawCell[][] = [
  ['BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI'],
  ['Đơn vị: Huyện Tràng Định', null, null, 'Kỳ: 2018'],
  [],
];
