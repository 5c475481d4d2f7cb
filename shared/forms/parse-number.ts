import { isBlank, isFormulaError, type RawCell } from './raw-sheet.js';

/**
 * Numbers typed as text (product.md, "Numbers may arrive as numbers or as text"). Vietnamese
 * writing comes first (`.` groups thousands, `,` marks decimals); international writing is used
 * only when the text is valid only that way; a text that reads differently in the two writings in
 * a way nobody can settle (`1,955`) is an error with a hint, never a guess.
 */

export type NumberErrorCode = 'number_ambiguous' | 'number_invalid' | 'formula_error' | 'number_not_whole' | 'number_negative';

export type NumberResult = { ok: true; value: number; decimals: number } | { ok: false; code: NumberErrorCode; message: string; hint: string };

/** A blank cell: no value, not an error (the caller decides whether the column is required). */
export type BlankNumber = { ok: true; value: undefined; decimals: 0 };

export type NumberKind = 'count' | 'decimal' | 'percent';

const FORMAT_HINT =
  'Chỉ nhập chữ số. Theo cách viết Việt Nam: dấu chấm (.) phân cách hàng nghìn, dấu phẩy (,) đứng trước phần thập phân, ví dụ 1.955 hoặc 13,8.';

/** Spreadsheet formula errors (Excel and Google Sheets), e.g. `#REF!`, `#N/A`, `#DIV/0!`. */
const FORMULA_ERROR = /^#(?:REF!|N\/A|DIV\/0!|VALUE!|NAME\?|NUM!|NULL!|ERROR!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;

// Vietnamese: groups of three after `.` or a space, first group without a leading zero; `,` decimals.
const VI_GROUPED = /^[1-9]\d{0,2}(?:[. ]\d{3})+(?:,(\d+))?$/;
const VI_PLAIN = /^\d*(?:,(\d+))?$/;
// International: groups of three after `,` or a space; `.` decimals.
const INTL_GROUPED = /^[1-9]\d{0,2}(?:[, ]\d{3})+(?:\.(\d+))?$/;
const INTL_PLAIN = /^\d*(?:\.(\d+))?$/;
/** The one shape the two writings read differently and nothing can settle: `1,955`. */
const AMBIGUOUS = /^([1-9]\d{0,2}),(\d{3})$/;

// Minus signs people paste: hyphen-minus, Unicode minus, en dash.
const MINUS = /^[-\u2212\u2013]/;

/** Message and hint for a cell showing a formula error; shared by every cell reader. */
export function formulaErrorText(errorText: string): { message: string; hint: string } {
  return {
    message: `Ô chứa lỗi công thức ${errorText}, không đọc được giá trị.`,
    hint: 'Sửa công thức của ô (ví dụ ô tham chiếu đã bị xoá, chia cho 0, sai tên hàm) hoặc xoá công thức và nhập trực tiếp giá trị.',
  };
}

function formulaErrorResult(errorText: string): NumberResult {
  return { ok: false, code: 'formula_error', ...formulaErrorText(errorText) };
}

export function isFormulaErrorText(text: string): boolean {
  return FORMULA_ERROR.test(text.trim());
}

function invalid(text: string, hint = FORMAT_HINT): NumberResult {
  return { ok: false, code: 'number_invalid', message: `"${text}" không phải là một con số.`, hint };
}

interface Reading {
  /** Digits only, for Number(): `1955.5`. */
  canonical: string;
  decimals: number;
}

function readVietnamese(body: string): Reading | undefined {
  const m = VI_GROUPED.exec(body) ?? VI_PLAIN.exec(body);
  if (!m) return undefined;
  const [whole = '', fraction = ''] = body.split(',');
  return toReading(whole.replace(/[. ]/g, ''), fraction);
}

function readInternational(body: string): Reading | undefined {
  const m = INTL_GROUPED.exec(body) ?? INTL_PLAIN.exec(body);
  if (!m) return undefined;
  const [whole = '', fraction = ''] = body.split('.');
  return toReading(whole.replace(/[, ]/g, ''), fraction);
}

function toReading(whole: string, fraction: string): Reading | undefined {
  if (whole === '' && fraction === '') return undefined;
  return { canonical: `${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`, decimals: fraction.length };
}

/**
 * Reads number text. `opts.percent` allows a trailing `%` (the value stays in percent:
 * `26,61%` -> 26.61). A leading minus is accepted here; counts reject negatives in readNumberCell.
 */
export function parseNumberText(text: string, opts: { percent?: boolean } = {}): NumberResult {
  const shown = text.trim();
  if (isFormulaErrorText(shown)) return formulaErrorResult(shown.toUpperCase());
  // Every kind of space (NBSP from copy-paste, thin spaces from Word) is a thousands separator.
  let body = shown.normalize('NFC').replace(/\s+/g, ' ');
  if (body === '') return invalid(shown, 'Ô đang trống. Nhập một con số.');

  let negative = false;
  if (MINUS.test(body)) {
    negative = true;
    body = body.slice(1).trimStart();
  } else if (body.startsWith('+')) {
    body = body.slice(1).trimStart();
  }

  if (body.endsWith('%')) {
    if (opts.percent !== true) {
      return {
        ok: false,
        code: 'number_invalid',
        message: `"${shown}" có dấu %, nhưng cột này không phải là tỷ lệ phần trăm.`,
        hint: 'Bỏ dấu % và chỉ nhập con số.',
      };
    }
    body = body.slice(0, -1).trimEnd();
  }

  const ambiguous = AMBIGUOUS.exec(body);
  if (ambiguous) {
    const [, lead = '', group = ''] = ambiguous;
    const sign = negative ? '-' : '';
    return {
      ok: false,
      code: 'number_ambiguous',
      message: `Không rõ "${shown}" là ${sign}${lead}${group} (dấu phẩy phân cách hàng nghìn) hay ${sign}${lead},${group} (số thập phân).`,
      hint:
        `Nếu là ${sign}${lead}${group} thì viết ${sign}${lead}.${group} hoặc ${sign}${lead}${group}; ` +
        `nếu là số thập phân thì viết thêm một chữ số 0: ${sign}${lead},${group}0. ` +
        'Theo cách viết Việt Nam, dấu chấm (.) phân cách hàng nghìn và dấu phẩy (,) đứng trước phần thập phân.',
    };
  }

  // Vietnamese first; international only when the text is valid only that way.
  const reading = readVietnamese(body) ?? readInternational(body);
  if (!reading) {
    if (/[^\d., ]/.test(body)) return invalid(shown);
    return invalid(shown, `Cách viết dấu chấm, dấu phẩy hoặc khoảng trắng chưa đúng. ${FORMAT_HINT} Mỗi nhóm hàng nghìn phải đủ 3 chữ số.`);
  }
  const value = Number(reading.canonical);
  if (!Number.isFinite(value)) return invalid(shown);
  // `-0` reads as 0: nobody means negative zero.
  return { ok: true, value: negative && value !== 0 ? -value : value, decimals: reading.decimals };
}

/** Decimals of a JS number as written in its shortest round-trip form: 4.21 -> 2, 1e-7 -> 7. */
export function decimalsOf(value: number): number {
  const s = String(Math.abs(value));
  const [mantissa = '', exponent] = s.split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/**
 * Reads a cell of a number column. Blank -> `value: undefined` (not an error here). Counts must be
 * whole and >= 0. Percent columns accept a trailing `%` in text; a JS number is taken as is.
 */
export function readNumberCell(raw: RawCell, kind: NumberKind): NumberResult | BlankNumber {
  if (isBlank(raw)) return { ok: true, value: undefined, decimals: 0 };
  let result: NumberResult;
  if (isFormulaError(raw)) {
    result = formulaErrorResult(raw.error);
  } else if (raw instanceof Date) {
    result = {
      ok: false,
      code: 'number_invalid',
      message: 'Ô chứa ngày tháng, không phải con số.',
      hint: 'Định dạng ô là Số (Number) hoặc Văn bản rồi nhập lại con số; bảng tính đã tự đổi con số thành ngày.',
    };
  } else if (typeof raw === 'boolean') {
    result = {
      ok: false,
      code: 'number_invalid',
      message: `Ô chứa giá trị ${raw ? 'TRUE' : 'FALSE'}, không phải con số.`,
      hint: 'Nhập một con số vào ô này.',
    };
  } else if (typeof raw === 'number') {
    result = Number.isFinite(raw) ? { ok: true, value: Object.is(raw, -0) ? 0 : raw, decimals: decimalsOf(raw) } : invalid(String(raw));
  } else if (typeof raw === 'string') {
    result = parseNumberText(raw, { percent: kind === 'percent' });
  } else {
    result = invalid(String(raw));
  }
  if (!result.ok || kind !== 'count') return result;
  // Only a number or a text reads as a valid number.
  return typeof raw === 'string' || typeof raw === 'number' ? checkCount(raw, result.value) : result;
}

function checkCount(raw: string | number, value: number): NumberResult {
  const shown = typeof raw === 'string' ? raw.trim() : String(raw);
  if (value < 0) {
    return {
      ok: false,
      code: 'number_negative',
      message: `Số lượng không được âm: "${shown}".`,
      hint: 'Nhập số từ 0 trở lên (số hộ, số xã... không thể âm).',
    };
  }
  if (!Number.isInteger(value)) {
    return {
      ok: false,
      code: 'number_not_whole',
      message: `Cột này là số lượng (số hộ, số xã...) nên phải là số nguyên, nhưng "${shown}" có phần thập phân.`,
      hint: 'Nhập số nguyên, ví dụ 14. Nếu dấu phẩy hoặc dấu chấm dùng để phân cách hàng nghìn, hãy viết theo kiểu Việt Nam: 1.955 (dấu chấm).',
    };
  }
  return { ok: true, value, decimals: 0 };
}
