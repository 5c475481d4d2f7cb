import type { CriteriaSet, RecognitionLevel } from '../../domain/criteria-set.js';
import type { CommuneRowCells } from '../../forms/commune-rows.js';
import { headerKey } from '../../forms/header-key.js';
import { isBlank, rawToText, type RawCell } from '../../forms/raw-sheet.js';

/** Field of the optional `Mức đạt` column of tab NTM (from the 2021-2025 set on). */
export const LEVEL_FIELD = 'level';
export const LEVEL_HEADER = 'Mức đạt';

/** Whether the set defines recognition levels, i.e. whether tab NTM reads `Mức đạt`. */
export function hasLevels(set: CriteriaSet): boolean {
  return (set.levels ?? []).length > 0;
}

const COMMUNE_WORD = `${headerKey('xã')} `;

export type LevelResult = { ok: true; level?: string } | { ok: false; message: string; hint: string };

/**
 * Reads one `Mức đạt` cell: a level's label (`NTM`, `nâng cao`, `kiểu mẫu`), compared like every
 * other cell (case, spaces, old/new tone-mark placement), or blank for a commune not recognised.
 * The level's id is what is stored (`nang_cao`), so a relabelled set keeps its history.
 */
export function parseLevelCell(raw: RawCell, levels: readonly RecognitionLevel[]): LevelResult {
  if (isBlank(raw)) return { ok: true };
  const text = rawToText(raw).trim();
  const key = headerKey(text);
  // `xã nâng cao`, `NTM kiểu mẫu`: people often write the level with the words around it.
  const bare = (key.startsWith(COMMUNE_WORD) ? key.slice(COMMUNE_WORD.length) : key).replace(/^ntm (?=.)/, '');
  const level = levels.find((l) => headerKey(l.label) === key || headerKey(l.label) === bare || l.id === key);
  if (level !== undefined) return { ok: true, level: level.id };
  const choices = levels.map((l) => `"${l.label}"`).join(', ');
  return {
    ok: false,
    message: `"${text}" không phải là mức đạt hợp lệ.`,
    hint: `Chọn một trong ${choices} trong danh sách, hoặc để trống nếu xã chưa được công nhận đạt chuẩn.`,
  };
}

/**
 * The row's level, reporting an invalid cell on it (an error: the row is not counted until it is
 * fixed, as with any other cell) and a level claimed by a commune that does not meet every
 * criterion (a warning, as for `Năm công nhận`).
 */
export function readLevel(cells: CommuneRowCells, set: CriteriaSet, met: readonly boolean[], complete: boolean): string | undefined {
  const levels = set.levels ?? [];
  if (levels.length === 0) return undefined;
  const result = parseLevelCell(cells.raw(LEVEL_FIELD), levels);
  if (!result.ok) {
    cells.report('level_invalid', 'error', LEVEL_FIELD, `${LEVEL_HEADER}: ${result.message}`, result.hint);
    return undefined;
  }
  if (result.level !== undefined && complete && met.some((m) => !m)) {
    const label = levels.find((l) => l.id === result.level)?.label ?? result.level;
    cells.report(
      'level_not_standard',
      'warning',
      LEVEL_FIELD,
      `${cells.commune.name} ghi mức đạt "${label}" nhưng chưa đạt đủ ${set.criteria.length} tiêu chí.`,
      'Kiểm tra lại kết quả các tiêu chí (xã được công nhận thường đạt đủ tiêu chí), hoặc xoá mức đạt nếu xã chưa được công nhận.',
    );
  }
  return result.level;
}
