import type { A1Cell } from '../../domain/ids.js';
import type { Unit } from '../../domain/unit.js';
import { formatViNumber } from '../../format/vi-number.js';
import { closest } from '../../forms/closest.js';
import { forEachDataRow, type DataRow } from '../../forms/data-rows.js';
import { headerKey } from '../../forms/header-key.js';
import { mapHeader } from '../../forms/header-map.js';
import type { SheetIssue } from '../../domain/issue.js';
import { readNumberCell, type NumberKind } from '../../forms/parse-number.js';
import { isBlank, type RawSheet } from '../../forms/raw-sheet.js';
import type { TabParseResult } from '../../forms/tab-parse-result.js';
import { dttsCodeKey, findDttsEntry, type DttsCatalogue, type DttsCatalogueEntry } from './dtts-catalogue.js';
import type { DttsRow } from './dtts-row.js';
import { DTTS_PREFILLED_FIELDS, DTTS_TAB } from './dtts-tab-spec.js';

/** What a unit's `DTTS` tab is checked against. */
export interface DttsTabContext {
  /** The reporting unit: every row is its own. */
  unit: Unit;
  catalogue: DttsCatalogue;
  /**
   * The unit's plan per code key (dttsCodeKey), as the control workbook sets it (see
   * resolveDttsPlans): the value that counts, whatever the `Kế hoạch` cell says.
   */
  plans: ReadonlyMap<string, number>;
}

export interface DttsTabParseResult extends TabParseResult<DttsRow> {
  /** Code keys with a row in the tab but no accepted one (their last accepted figure may be kept). */
  erroredCodes: string[];
}

const n = (v: number): string => formatViNumber(v, 4);

/** Small numbers differ from their plan only by float noise after text parsing; anything more is a real difference. */
const PLAN_EPSILON = 1e-9;

function numberOf(row: DataRow, field: string, kind: NumberKind, label: string, severity: 'error' | 'warning'): number | undefined {
  const result = readNumberCell(row.raw(field), kind);
  if (!result.ok) {
    row.report(result.code, severity, field, `${label}: ${result.message}`, result.hint);
    return undefined;
  }
  return result.value;
}

function unknownCodeHint(typed: string, catalogue: DttsCatalogue): string {
  const near = closest(
    typed,
    catalogue.entries.map((e) => e.code),
    3,
    4,
  );
  const guess = near.length > 0 ? ` Có phải: ${near.join(', ')}?` : '';
  return `Chọn mã chỉ tiêu như trong mẫu bảng tính (ví dụ DA1.nha_o).${guess} Nếu đây là chỉ tiêu mới của kế hoạch, đề nghị văn phòng điều phối bổ sung vào trang "Danh mục DTTS" của tệp cấu hình.`;
}

/** Checks the `Kế hoạch` cell against the control workbook's plan: never an error, since the cell is not used. */
function checkPlanCell(row: DataRow, entry: DttsCatalogueEntry, plan: number | undefined): void {
  const typed = numberOf(row, 'plan', 'decimal', 'Kế hoạch', 'warning');
  if (typed === undefined) return;
  if (plan === undefined) {
    row.report(
      'dtts_plan_not_assigned',
      'warning',
      'plan',
      `Chỉ tiêu ${entry.code} chưa có kế hoạch giao cho đơn vị trong tệp cấu hình, nên số ${n(typed)} ở cột Kế hoạch không được dùng.`,
      'Không cần sửa bảng tính: cột Kế hoạch do văn phòng điều phối điền sẵn theo trang "Chỉ tiêu". Nếu đơn vị được giao kế hoạch này, đề nghị văn phòng điều phối bổ sung.',
    );
  } else if (Math.abs(typed - plan) > PLAN_EPSILON) {
    row.report(
      'dtts_plan_differs',
      'warning',
      'plan',
      `Kế hoạch của chỉ tiêu ${entry.code} ghi ${n(typed)}, khác kế hoạch giao trong tệp cấu hình (${n(plan)}); số ${n(plan)} được dùng.`,
      `Trả lại số ${n(plan)} vào ô này (cột Kế hoạch được điền sẵn và khoá). Nếu kế hoạch giao đã thay đổi, đề nghị văn phòng điều phối sửa trang "Chỉ tiêu".`,
    );
  }
}

/**
 * Reads tab `DTTS` of a unit workbook. One row per catalogue code the unit reports; an unknown code
 * or a code twice is an error on its code cell; `Thực hiện` is required (>= 0), `Tổng số` optional
 * (whole), and achieved may not exceed it. A tab still as the template left it (only the pre-filled
 * code, content, unit and plan) is `untouched`, with no per-row findings.
 */
export function parseDttsTab(sheet: RawSheet, ctx: DttsTabContext): DttsTabParseResult {
  const header = mapHeader(sheet, DTTS_TAB);
  const issues: SheetIssue[] = [...header.issues];
  if (!header.ok) return { rows: [], issues, erroredCommunes: [], erroredCodes: [], tabOk: false, untouched: false };

  const valueFields = DTTS_TAB.columns.map((c) => c.field).filter((f) => !DTTS_PREFILLED_FIELDS.includes(f) && header.columns.has(f));
  const rows: DttsRow[] = [];
  const accepted = new Set<string>();
  const errored = new Set<string>();
  const firstRowOf = new Map<string, number>();
  const notEntered: { row: number; entry: DttsCatalogueEntry; cell: A1Cell | undefined; planned: boolean }[] = [];
  let entered = 0;

  forEachDataRow(sheet, header, issues, (row) => {
    const typed = row.text('code');
    if (typed === '') {
      row.report(
        'dtts_code_missing',
        'error',
        'code',
        `Dòng ${row.row} có số liệu nhưng chưa có mã chỉ tiêu.`,
        'Nhập mã chỉ tiêu (cột "Mã chỉ tiêu", như trong mẫu, ví dụ DA1.nha_o) hoặc xoá dòng nếu không dùng. Dòng này chưa được tính.',
      );
      return;
    }
    const entry = findDttsEntry(ctx.catalogue, typed);
    if (entry === undefined) {
      row.report('dtts_code_unknown', 'error', 'code', `Mã chỉ tiêu "${typed}" không có trong danh mục chỉ tiêu DTTS.`, unknownCodeHint(typed, ctx.catalogue));
      return;
    }
    const key = dttsCodeKey(entry.code);
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      row.report(
        'dtts_code_duplicate',
        'error',
        'code',
        `Chỉ tiêu ${entry.code} đã có ở dòng ${first}; dòng ${row.row} bị trùng và không được tính.`,
        `Mỗi chỉ tiêu chỉ một dòng. Gộp số liệu vào dòng ${first} rồi xoá dòng ${row.row}.`,
      );
      errored.add(key);
      return;
    }
    firstRowOf.set(key, row.row);

    const content = row.text('content');
    if (content !== '' && headerKey(content) !== headerKey(entry.content)) {
      row.report(
        'dtts_content_mismatch',
        'warning',
        'content',
        `Nội dung "${content}" khác với nội dung của mã ${entry.code} trong danh mục: "${entry.content}".`,
        `Số liệu được ghi cho chỉ tiêu theo mã (${entry.content}). Nếu mã đúng, trả lại nội dung "${entry.content}"; nếu nội dung đúng, sửa lại mã chỉ tiêu.`,
      );
    }
    checkPlanCell(row, entry, ctx.plans.get(key));

    if (valueFields.every((f) => isBlank(row.raw(f)))) {
      errored.add(key);
      notEntered.push({ row: row.row, entry, cell: row.cell('achieved'), planned: ctx.plans.has(key) });
      return;
    }
    entered++;

    const achieved = numberOf(row, 'achieved', 'decimal', 'Thực hiện', 'error');
    if (achieved === undefined && isBlank(row.raw('achieved'))) {
      row.report(
        'value_missing',
        'error',
        'achieved',
        `Chưa nhập kết quả thực hiện của chỉ tiêu ${entry.code} (${entry.content}).`,
        'Nhập số đã thực hiện đến nay (nhập 0 nếu chưa thực hiện). Dòng này chưa được tính cho đến khi nhập.',
      );
    } else if (achieved !== undefined && achieved < 0) {
      row.report('number_negative', 'error', 'achieved', `Thực hiện không được âm: ${n(achieved)}.`, 'Nhập số đã thực hiện từ 0 trở lên.');
    }
    const total = numberOf(row, 'total', 'count', 'Tổng số', 'error');
    if (achieved !== undefined && total !== undefined && achieved > total) {
      row.report(
        'dtts_achieved_exceeds_total',
        'error',
        'achieved',
        `Thực hiện (${n(achieved)}) lớn hơn Tổng số (${n(total)}) của chỉ tiêu ${entry.code}.`,
        `Tổng số là toàn bộ ${entry.unit ?? 'đối tượng'} của đơn vị mà chỉ tiêu đếm trên đó: kiểm tra lại hai ô Thực hiện và Tổng số.`,
      );
    }
    if (row.hasError() || achieved === undefined) {
      errored.add(key);
      return;
    }
    const out: DttsRow = { unit: ctx.unit.code, code: entry.code, achieved };
    if (total !== undefined) out.total = total;
    const note = row.text('note');
    if (note !== '') out.note = note;
    rows.push(out);
    accepted.add(key);
  });

  const untouched = notEntered.length > 0 && entered === 0 && !issues.some((i) => i.severity === 'error');
  if (!untouched) {
    for (const ne of notEntered) {
      const issue: SheetIssue = {
        code: 'row_not_entered',
        severity: 'error',
        tab: sheet.name,
        value: '',
        message: `Chưa nhập kết quả thực hiện của chỉ tiêu ${ne.entry.code} (${ne.entry.content}), dòng ${ne.row}.`,
        // A planned indicator must be answered, even by 0; an unplanned row the unit added may go.
        hint: ne.planned
          ? 'Nhập số đã thực hiện đến nay vào cột Thực hiện (nhập 0 nếu chưa thực hiện): đơn vị được giao kế hoạch chỉ tiêu này.'
          : 'Nhập số đã thực hiện đến nay vào cột Thực hiện (nhập 0 nếu chưa thực hiện), hoặc xoá dòng nếu đơn vị không thực hiện chỉ tiêu này.',
      };
      if (ne.cell !== undefined) issue.cell = ne.cell;
      issues.push(issue);
    }
  }
  return { rows, issues, erroredCommunes: [], erroredCodes: [...errored].filter((k) => !accepted.has(k)), tabOk: true, untouched };
}
