import type { A1Cell, UnitCode } from '../domain/ids.js';
import type { Merger } from '../domain/mergers.js';
import type { Unit } from '../domain/unit.js';
import { formatViDate } from '../format/vi-number.js';
import { forEachDataRow, type DataRow } from './data-rows.js';
import { readDateCell } from './date-cell.js';
import { findSheet } from './find-sheet.js';
import { mapHeader } from './header-map.js';
import type { IssueCode, Severity, SheetIssue } from '../domain/issue.js';
import type { RawWorkbook } from './raw-sheet.js';
import { MERGERS_TAB } from './tab-specs.js';
import { buildCodeLookup, codeNotTextIssue, readCodeCell, unknownCodeHint, type CodeLookup } from './unit-context.js';

/**
 * Reads the optional control tab `Sáp nhập` (product.md, "Control workbook"). Old codes need not be
 * in `Đơn vị` (those units no longer exist); new codes must be, or be merged further themselves.
 * A row with an error is left out; the others are kept.
 */

interface Draft {
  merger: Merger;
  row: number;
  fromCell?: A1Cell;
  toCell?: A1Cell;
}

const DATE_HINT = 'Nhập ngày sáp nhập có hiệu lực dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/07/2025.';

/** Issues about a row found after every row was read (chains, loops, conflicts). */
function issueAt(tab: string, cell: A1Cell | undefined, value: string, code: IssueCode, severity: Severity, message: string, hint: string): SheetIssue {
  const issue: SheetIssue = { code, severity, tab, value, message, hint };
  if (cell !== undefined) issue.cell = cell;
  return issue;
}

function readMergerCode(row: DataRow, field: 'from' | 'to', tab: string, lookup: CodeLookup, issues: SheetIssue[]): UnitCode | undefined {
  const read = readCodeCell(row.raw(field), lookup);
  const label = field === 'from' ? 'mã cũ' : 'mã mới';
  if (read.blank) {
    row.report('value_missing', 'error', field, `Chưa nhập ${label}.`, 'Mỗi dòng ghi mã đơn vị cũ (đã sáp nhập), mã đơn vị mới và ngày sáp nhập có hiệu lực.');
    return undefined;
  }
  const cell = row.cell(field);
  if (read.restored && cell !== undefined) issues.push(codeNotTextIssue(tab, cell, read.typed, read.code));
  else if (read.numeric) {
    // An old code is usually unknown to `Đơn vị`, so lost zeros cannot be restored: say so.
    row.report(
      'code_not_text',
      'warning',
      field,
      `Mã ${read.typed} được nhập dạng số: nếu mã thật có số 0 ở đầu (ví dụ 0${read.typed}) thì số 0 đã bị mất.`,
      `Định dạng ô là Văn bản (Text) rồi nhập lại mã, hoặc gõ dấu nháy đơn trước mã (ví dụ '0${read.typed}).`,
    );
  }
  return read.code;
}

export function parseMergers(raw: RawWorkbook, units: readonly Unit[], issues: SheetIssue[]): Merger[] {
  // Optional tab: a control workbook from before the reform simply has none.
  const { sheet, duplicates } = findSheet(raw, MERGERS_TAB.name);
  if (sheet === undefined) return [];
  for (const d of duplicates) {
    issues.push({
      code: 'tab_duplicate',
      severity: 'warning',
      tab: d.name,
      message: `Có hai trang cùng tên "${MERGERS_TAB.name}": chỉ trang đầu tiên được đọc.`,
      hint: 'Gộp nội dung vào một trang rồi xoá hoặc đổi tên trang còn lại.',
    });
  }
  const header = mapHeader(sheet, MERGERS_TAB);
  issues.push(...header.issues);
  if (!header.ok) return [];

  const tab = sheet.name;
  const byCode = new Map(units.map((u) => [u.code, u]));
  const lookup = buildCodeLookup(byCode.keys());
  const drafts: Draft[] = [];
  forEachDataRow(sheet, header, issues, (row) => {
    const from = readMergerCode(row, 'from', tab, lookup, issues);
    const to = readMergerCode(row, 'to', tab, lookup, issues);
    const dateRaw = row.raw('effective');
    const effective = readDateCell(dateRaw);
    if (dateRaw === null) row.report('value_missing', 'error', 'effective', 'Chưa nhập ngày sáp nhập.', DATE_HINT);
    else if (effective === undefined) row.report('date_invalid', 'error', 'effective', `"${row.text('effective')}" không phải là ngày hợp lệ.`, DATE_HINT);
    if (from !== undefined && from === to) {
      row.report(
        'merger_self',
        'error',
        'to',
        `Mã cũ và mã mới cùng là "${from}".`,
        'Mã mới là mã của đơn vị sau sáp nhập, khác mã cũ. Đơn vị giữ nguyên mã thì không cần ghi dòng này.',
      );
    }
    if (row.hasError() || from === undefined || to === undefined || effective === undefined) return;
    const merger: Merger = { from, to, effective };
    const fromName = row.text('fromName');
    if (fromName !== '') merger.fromName = fromName;
    const draft: Draft = { merger, row: row.row };
    const fromCell = row.cell('from');
    if (fromCell !== undefined) draft.fromCell = fromCell;
    const toCell = row.cell('to');
    if (toCell !== undefined) draft.toCell = toCell;
    drafts.push(draft);
  });

  const oldCodes = new Set(drafts.map((d) => d.merger.from));
  const accepted: Draft[] = [];
  const firstOf = new Map<UnitCode, Draft>();
  for (const d of drafts) {
    const { from, to } = d.merger;
    if (!byCode.has(to) && !oldCodes.has(to)) {
      issues.push(
        issueAt(
          tab,
          d.toCell,
          to,
          'merger_successor_unknown',
          'error',
          `Mã mới "${to}" không có trong trang "Đơn vị"; dòng ${d.row} bị bỏ qua.`,
          unknownCodeHint(to, lookup, 'đơn vị mới'),
        ),
      );
      continue;
    }
    const first = firstOf.get(from);
    if (first !== undefined) {
      const same = first.merger.to === to;
      issues.push(
        issueAt(
          tab,
          same ? d.fromCell : d.toCell,
          same ? from : to,
          same ? 'merger_duplicate' : 'merger_conflict',
          same ? 'warning' : 'error',
          same
            ? `Mã cũ "${from}" đã được ghi sáp nhập vào "${to}" ở dòng ${first.row}; dòng ${d.row} bị bỏ qua.`
            : `Mã cũ "${from}" đã được ghi sáp nhập vào "${first.merger.to}" ở dòng ${first.row}, không thể sáp nhập thêm vào "${to}"; dòng ${d.row} bị bỏ qua.`,
          same
            ? 'Xoá dòng trùng.'
            : 'Số liệu của một đơn vị cũ chỉ cộng được cho một đơn vị mới: nếu đơn vị cũ được chia cho nhiều đơn vị, ghi đơn vị nhận phần lớn và xoá dòng còn lại.',
        ),
      );
      continue;
    }
    firstOf.set(from, d);
    accepted.push(d);
  }

  const kept = withoutDanglingChains(withoutCycles(accepted, tab, issues), byCode, tab, issues);
  for (const d of kept) {
    const old = byCode.get(d.merger.from);
    if (old?.workbook !== undefined && old.workbook !== '') {
      issues.push(
        issueAt(
          tab,
          d.fromCell,
          d.merger.from,
          'merger_old_unit_reports',
          'warning',
          `${old.name} (mã ${old.code}) đã sáp nhập vào mã ${d.merger.to} từ ngày ${formatViDate(d.merger.effective)} nhưng trang "Đơn vị" vẫn ghi bảng tính cho đơn vị này: bảng tính đó vẫn được đọc và vẫn bị nhắc nộp báo cáo.`,
          'Khi đơn vị mới đã nộp báo cáo, xoá ô "Bảng tính" (hoặc cả dòng) của đơn vị cũ trong trang "Đơn vị".',
        ),
      );
    }
  }
  return kept.map((d) => d.merger);
}

/** Rows on a loop (A -> B -> A) name no unit left standing: each is an error, all are left out. */
function withoutCycles(drafts: readonly Draft[], tab: string, issues: SheetIssue[]): Draft[] {
  const byFrom = new Map(drafts.map((d) => [d.merger.from, d]));
  const onCycle = new Set<Draft>();
  for (const start of drafts) {
    const path: Draft[] = [];
    const seen = new Set<UnitCode>();
    for (let d: Draft | undefined = start; d !== undefined && !seen.has(d.merger.from); d = byFrom.get(d.merger.to)) {
      seen.add(d.merger.from);
      path.push(d);
      if (d.merger.to === start.merger.from) {
        for (const p of path) onCycle.add(p);
        break;
      }
    }
  }
  for (const d of onCycle) {
    const loop = cycleText(d, byFrom);
    issues.push(
      issueAt(
        tab,
        d.toCell,
        d.merger.to,
        'merger_cycle',
        'error',
        `Sáp nhập vòng tròn: ${loop}; dòng ${d.row} bị bỏ qua.`,
        'Mỗi chuỗi sáp nhập phải kết thúc ở một đơn vị còn tồn tại (có trong trang "Đơn vị"): sửa mã mới của một trong các dòng.',
      ),
    );
  }
  return drafts.filter((d) => !onCycle.has(d));
}

function cycleText(start: Draft, byFrom: ReadonlyMap<UnitCode, Draft>): string {
  const codes: string[] = [start.merger.from];
  for (let d = byFrom.get(start.merger.to); d !== undefined && d !== start; d = byFrom.get(d.merger.to)) codes.push(d.merger.from);
  return [...codes, start.merger.from].join(' → ');
}

/** A chain must end in a unit of `Đơn vị`; it does not when a later link was left out for its own error. */
function withoutDanglingChains(drafts: readonly Draft[], byCode: ReadonlyMap<UnitCode, Unit>, tab: string, issues: SheetIssue[]): Draft[] {
  const next = new Map(drafts.map((d) => [d.merger.from, d.merger.to]));
  const endOf = (code: UnitCode): UnitCode => {
    let cur = code;
    // Loops were removed: the walk ends; the bound only guards against a bug turning into a hang.
    for (let i = 0; i <= next.size && next.has(cur); i++) cur = next.get(cur) as UnitCode;
    return cur;
  };
  return drafts.filter((d) => {
    const end = endOf(d.merger.to);
    if (byCode.has(end)) return true;
    issues.push(
      issueAt(
        tab,
        d.toCell,
        d.merger.to,
        'merger_successor_unknown',
        'error',
        `Mã mới "${d.merger.to}" không có trong trang "Đơn vị" và dòng sáp nhập tiếp theo của mã này có lỗi; dòng ${d.row} bị bỏ qua.`,
        'Sửa dòng sáp nhập của mã mới này, hoặc ghi thẳng mã đơn vị hiện có vào cột "Mã mới".',
      ),
    );
    return false;
  });
}
