import type { NtmRow } from '../../domain/rows.js';
import { parseCommuneRows } from '../../forms/commune-rows.js';
import { parseCriterionCell } from '../../forms/criterion-cell.js';
import { readNumberCell } from '../../forms/parse-number.js';
import { isBlank, rawToText, type RawSheet } from '../../forms/raw-sheet.js';
import type { TabParseResult } from '../../forms/tab-parse-result.js';
import { criteriaColumnsMismatch } from './ntm-criteria-columns.js';
import { hasLevels, readLevel } from './ntm-level-cell.js';
import { criterionHeader, ntmTab } from './ntm-tab-spec.js';
import type { UnitContext } from '../../forms/unit-context.js';

/** The first year a commune could be recognised under the criteria sets this product knows. */
export const FIRST_RECOGNITION_YEAR = 2010;

/** Reads tab `NTM` of a unit workbook (product.md, "Unit workbook: tab NTM"). */
export function parseNtmTab(sheet: RawSheet, ctx: UnitContext): TabParseResult<NtmRow> {
  const { criteria } = ctx.criteriaSet;
  const spec = ntmTab(criteria.length, hasLevels(ctx.criteriaSet));
  const mismatch = criteriaColumnsMismatch(sheet, spec, ctx.criteriaSet);
  if (mismatch !== undefined) return mismatch;

  return parseCommuneRows<NtmRow>(sheet, spec, ctx, (cells) => {
    const met: boolean[] = [];
    let complete = true;
    for (const c of criteria) {
      const field = `tc${c.no}`;
      const result = parseCriterionCell(cells.raw(field));
      if (result.ok) {
        met.push(result.met);
        continue;
      }
      complete = false;
      cells.report(result.code, 'error', field, `${criterionHeader(c.no)} (${c.vi}): ${result.message}`, result.hint);
    }

    let recognisedYear: number | undefined;
    const yearRaw = cells.raw('recognisedYear');
    if (!isBlank(yearRaw)) {
      const year = readNumberCell(yearRaw, 'count');
      if (year.ok && year.value !== undefined && year.value >= FIRST_RECOGNITION_YEAR && year.value <= ctx.currentYear) {
        recognisedYear = year.value;
      } else {
        cells.report(
          'year_invalid',
          'error',
          'recognisedYear',
          `Năm công nhận "${rawToText(yearRaw).trim()}" không hợp lệ: phải là một năm từ ${FIRST_RECOGNITION_YEAR} đến ${ctx.currentYear}.`,
          'Nhập năm có 4 chữ số (ví dụ 2018) hoặc để trống nếu xã chưa được công nhận đạt chuẩn. Ô này không nhận ngày tháng.',
        );
      }
    }

    if (complete && recognisedYear !== undefined && met.some((m) => !m)) {
      const missing = criteria.filter((_, i) => met[i] === false).map((c) => criterionHeader(c.no));
      cells.report(
        'recognised_not_standard',
        'warning',
        'recognisedYear',
        `${cells.commune.name} ghi năm công nhận ${recognisedYear} nhưng chưa đạt: ${missing.join(', ')}.`,
        'Kiểm tra lại kết quả các tiêu chí (xã đã công nhận thường đạt đủ tiêu chí), hoặc xoá năm công nhận nếu xã chưa được công nhận.',
      );
    }

    const level = readLevel(cells, ctx.criteriaSet, met, complete);
    const noteRaw = cells.raw('note');
    const row: NtmRow = { commune: cells.commune.code, name: cells.name, criteria: met };
    if (level !== undefined) row.level = level;
    if (recognisedYear !== undefined) row.recognisedYear = recognisedYear;
    if (!isBlank(noteRaw)) row.note = rawToText(noteRaw).trim();
    return complete ? row : undefined;
  });
}
