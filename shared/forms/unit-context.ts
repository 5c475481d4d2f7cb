import type { Baseline, PeriodPlan } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import { unitCode, type A1Cell, type UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import type { SheetIssue } from '../domain/issue.js';
import { isBlank, isFormulaError, rawToText, type RawCell } from './raw-sheet.js';

/** What a unit workbook is checked against. */
export interface UnitContext {
  /** The reporting unit whose workbook this is. */
  unit: Unit;
  hierarchy: Hierarchy;
  /** The NTM criteria set of the period (decides the TC columns). */
  criteriaSet: CriteriaSet;
  /** Start-of-period poverty baselines of the period, by unit. */
  baselines: ReadonlyMap<UnitCode, Baseline>;
  /** Latest acceptable recognition year. */
  currentYear: number;
  /** The period's plan and the DTTS catalogue (undefined: no plan, the default catalogue). */
  plan?: PeriodPlan;
}

/**
 * Known codes, indexed so a code that lost its leading zeros (typed as a number, `178` for
 * `00178`) can be found again.
 */
export interface CodeLookup {
  has(code: UnitCode): boolean;
  /** Known codes equal to `digits` once leading zeros are stripped from both. */
  withoutZeros(digits: string): readonly UnitCode[];
}

const stripZeros = (s: string): string => s.replace(/^0+(?=.)/, '');

export function buildCodeLookup(codes: Iterable<UnitCode>): CodeLookup {
  const known = new Set<UnitCode>();
  const stripped = new Map<string, UnitCode[]>();
  for (const c of codes) {
    if (known.has(c)) continue;
    known.add(c);
    const key = stripZeros(c);
    const list = stripped.get(key) ?? [];
    list.push(c);
    stripped.set(key, list);
  }
  return {
    has: (code) => known.has(code),
    withoutZeros: (digits) => stripped.get(stripZeros(digits)) ?? [],
  };
}

const lookupByHierarchy = new WeakMap<Hierarchy, CodeLookup>();

/** The code lookup of a hierarchy, built once: every tab of every unit of a run shares it. */
export function hierarchyCodeLookup(hierarchy: Hierarchy): CodeLookup {
  let lookup = lookupByHierarchy.get(hierarchy);
  if (!lookup) {
    lookup = buildCodeLookup(hierarchy.byCode.keys());
    lookupByHierarchy.set(hierarchy, lookup);
  }
  return lookup;
}

export type CodeCell =
  | { blank: true }
  | {
      blank: false;
      code: UnitCode;
      /** The cell as typed, as text (`178` for a number cell). */
      typed: string;
      /** The cell held a number, not text. */
      numeric: boolean;
      /** The code was found by restoring the leading zeros a number cell lost. */
      restored: boolean;
    };

/**
 * Reads a unit or commune code cell. Codes are text and leading zeros matter; a number cell (the
 * spreadsheet dropped the zeros) is turned into text and, when that text is unknown, matched to
 * the one known code it equals once leading zeros are ignored. An unknown code is returned as
 * typed: the caller reports it.
 */
export function readCodeCell(raw: RawCell, lookup: CodeLookup): CodeCell {
  if (isBlank(raw)) return { blank: true };
  const numeric = typeof raw === 'number';
  const typed = (numeric ? String(raw) : isFormulaError(raw) ? raw.error : rawToText(raw)).trim();
  const code = unitCode(typed);
  if (numeric && !lookup.has(code) && Number.isInteger(raw)) {
    const candidates = lookup.withoutZeros(typed);
    // Two codes differing only by zeros (`0178`, `00178`) cannot be told apart: leave it unknown.
    if (candidates.length === 1 && candidates[0] !== undefined) {
      return { blank: false, code: candidates[0], typed, numeric, restored: true };
    }
  }
  return { blank: false, code, typed, numeric, restored: false };
}

/** The warning for a code recovered from a number cell. */
export function codeNotTextIssue(tab: string, cell: A1Cell, typed: string, code: UnitCode): SheetIssue {
  return {
    code: 'code_not_text',
    severity: 'warning',
    tab,
    cell,
    value: typed,
    message: `Mã ${typed} được nhập dạng số nên mất số 0 ở đầu; đã hiểu là mã ${code}.`,
    hint: `Định dạng ô là Văn bản (Text) rồi nhập lại "${code}", hoặc gõ dấu nháy đơn trước mã: '${code}.`,
  };
}

/**
 * A hint for an unknown code: the known code it probably meant, when there is one. Unit staff
 * (`audience: 'unit'`) cannot see the control workbook, so their hint says who keeps the list.
 */
export function unknownCodeHint(typed: string, lookup: CodeLookup, what: string, audience: 'office' | 'unit' = 'office'): string {
  const near = lookup.withoutZeros(typed).filter((c) => c !== typed);
  const guess = near.length === 1 && near[0] !== undefined ? ` Có phải mã "${near[0]}"? Mã là văn bản, các số 0 ở đầu phải giữ nguyên.` : '';
  if (audience === 'unit') {
    return `Kiểm tra lại mã ${what} (như trong mẫu bảng tính đơn vị nhận được).${guess} Nếu ${what} mới thành lập hoặc đổi mã, đề nghị văn phòng điều phối bổ sung vào danh mục đơn vị.`;
  }
  return `Kiểm tra lại mã: mã phải trùng với cột "Mã đơn vị" của ${what} trong trang "Đơn vị" của tệp cấu hình.${guess}`;
}
