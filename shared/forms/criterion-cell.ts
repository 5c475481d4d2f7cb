import { headerKey } from './header-key.js';
import { formulaErrorText, isFormulaErrorText } from './parse-number.js';
import { isBlank, isFormulaError, rawToText, type RawCell } from './raw-sheet.js';
import { MET, NOT_MET } from './tab-specs.js';

export type CriterionErrorCode = 'criterion_missing' | 'criterion_invalid' | 'formula_error';

export type CriterionResult = { ok: true; met: boolean } | { ok: false; code: CriterionErrorCode; message: string; hint: string };

// The dropdown offers `Đạt`/`Chưa đạt`; the rest is what people type when the dropdown is lost
// (pasted rows, old files, Google Sheets without validation).
const MET_KEYS = new Set([MET, 'x', '✓', '✔', '1', 'có', 'true'].map(headerKey));
const NOT_MET_KEYS = new Set([NOT_MET, 'không đạt', 'không', '0', 'false'].map(headerKey));

const CHOICE_HINT = `Chọn "${MET}" hoặc "${NOT_MET}" trong danh sách. Cũng được chấp nhận: x, ✓, 1, có (đạt); không đạt, không, 0 (chưa đạt).`;

/** Reads one `TC<n>` cell of tab NTM. */
export function parseCriterionCell(raw: RawCell): CriterionResult {
  if (isBlank(raw)) {
    return {
      ok: false,
      code: 'criterion_missing',
      message: 'Chưa nhập kết quả tiêu chí.',
      hint: `${CHOICE_HINT} Xã còn thiếu tiêu chí chưa được tính vào số liệu tổng hợp cho đến khi nhập đủ.`,
    };
  }
  if (isFormulaError(raw)) return { ok: false, code: 'formula_error', ...formulaErrorText(raw.error) };
  if (typeof raw === 'boolean') return { ok: true, met: raw };
  if (typeof raw === 'number') {
    if (raw === 1) return { ok: true, met: true };
    if (raw === 0) return { ok: true, met: false };
  }
  if (typeof raw === 'string') {
    if (isFormulaErrorText(raw)) return { ok: false, code: 'formula_error', ...formulaErrorText(raw.trim().toUpperCase()) };
    const key = headerKey(raw);
    if (MET_KEYS.has(key)) return { ok: true, met: true };
    if (NOT_MET_KEYS.has(key)) return { ok: true, met: false };
  }
  return {
    ok: false,
    code: 'criterion_invalid',
    message: `"${rawToText(raw)}" không phải là kết quả tiêu chí hợp lệ.`,
    hint: CHOICE_HINT,
  };
}
