import { hasCriteriaSet } from '../domain/no-criteria-set.js';
import type { Programme } from '../domain/programme.js';
import { modulesFor, PROGRAMME_MODULES, type ProgrammeModules, type UnitSubmission } from '../programmes/registry.js';
import { submissionOf } from '../programmes/submission-rows.js';
import { findSheet } from './find-sheet.js';
import type { SheetIssue } from '../domain/issue.js';
import type { RawWorkbook } from './raw-sheet.js';
import type { UnitContext } from './unit-context.js';

export interface UnitWorkbookParse {
  submission: UnitSubmission;
  issues: SheetIssue[];
  /** By programme: communes (or the module's row keys, see TabParseResult.erroredKeys) with a row in the tab but no accepted one. */
  erroredCommunes: Partial<Record<Programme, string[]>>;
  /** Scheduled programmes whose tab is missing or unreadable: nothing of them was accepted. */
  failedProgrammes: Programme[];
  /**
   * Every scheduled tab is still as the template left it: the unit has not reported yet. The
   * workbook then carries one finding (`data_not_entered`) instead of one per empty cell, and the
   * unit counts as not submitted (`missing`), not as a workbook full of errors.
   */
  notEntered: boolean;
}

/**
 * Parses the tabs of the programmes scheduled for the period (`programmes`); other tabs are
 * ignored. A scheduled programme whose tab is missing or cannot be mapped is failed as a whole.
 */
export function parseUnitWorkbook(
  raw: RawWorkbook,
  ctx: UnitContext,
  programmes: readonly Programme[],
  modules: ProgrammeModules = PROGRAMME_MODULES,
): UnitWorkbookParse {
  const out: UnitWorkbookParse = { submission: {}, issues: [], erroredCommunes: {}, failedProgrammes: [], notEntered: false };
  const accepted: [Programme, readonly object[]][] = [];
  const untouched: { label: string; tab: string; issues: SheetIssue[] }[] = [];
  let parsedTabs = 0;
  const tabsFound = raw.sheets.map((s) => `"${s.name}"`).join(', ');

  // A scheduled programme without a module (dtts, for now) has nothing to read in unit workbooks.
  for (const m of modulesFor(programmes, modules)) {
    const programme = m.id;
    const tabName = m.tab;
    // A period without an NTM criteria set: the run reports it once (criteria-set-issue.ts).
    if (m.needsCriteriaSet && !hasCriteriaSet(ctx.criteriaSet)) continue;
    const { sheet, duplicates } = findSheet(raw, tabName);
    if (sheet === undefined) {
      out.issues.push({
        code: 'tab_missing',
        severity: 'error',
        tab: tabName,
        message: `Thiếu trang "${tabName}" (chương trình ${m.label}), là trang bắt buộc trong kỳ báo cáo này. Các trang hiện có: ${tabsFound === '' ? '(không có trang nào)' : tabsFound}.`,
        hint: `Thêm trang "${tabName}" theo mẫu (có thể chép từ tệp mẫu), hoặc đổi tên trang đang chứa số liệu thành "${tabName}".`,
      });
      out.failedProgrammes.push(programme);
      continue;
    }
    for (const d of duplicates) {
      out.issues.push({
        code: 'tab_duplicate',
        severity: 'warning',
        tab: d.name,
        message: `Có hai trang cùng tên "${tabName}": chỉ trang "${sheet.name}" (trang đầu tiên) được đọc, trang "${d.name}" bị bỏ qua.`,
        hint: 'Gộp số liệu vào một trang rồi xoá hoặc đổi tên trang còn lại.',
      });
    }

    const result = m.parseTab(sheet, ctx);
    if (result.tabOk) accepted.push([programme, result.rows]);
    out.erroredCommunes[programme] = result.erroredKeys ?? result.erroredCommunes;
    parsedTabs++;
    if (result.untouched) {
      untouched.push({ label: m.label, tab: sheet.name, issues: result.issues });
      continue;
    }
    out.issues.push(...result.issues);
    if (!result.tabOk) out.failedProgrammes.push(programme);
  }

  out.submission = submissionOf(accepted);
  const quoted = (tabs: readonly { tab: string }[]): string => tabs.map((t) => `"${t.tab}"`).join(', ');
  if (untouched.length > 0 && untouched.length === parsedTabs && out.issues.every((i) => i.severity !== 'error')) {
    out.notEntered = true;
    out.issues.push(
      {
        code: 'data_not_entered',
        severity: 'warning',
        tab: '',
        message: `Bảng tính chưa nhập số liệu: ${untouched.length > 1 ? 'các trang' : 'trang'} ${quoted(untouched)} vẫn như mẫu (mới có mã và tên xã), nên đơn vị được tính là chưa nộp báo cáo.`,
        hint: 'Nhập số liệu của từng xã vào các trang trên rồi lưu tệp; lần kiểm tra sau sẽ đọc lại.',
      },
      ...untouched.flatMap((t) => t.issues),
    );
    return out;
  }
  for (const t of untouched) {
    // The unit reported elsewhere, but this scheduled programme's tab is still the template.
    out.issues.push(
      {
        code: 'tab_not_entered',
        severity: 'error',
        tab: t.tab,
        message: `Trang "${t.tab}" (chương trình ${t.label}) chưa nhập số liệu: vẫn như mẫu, mới có mã và tên xã.`,
        hint: `Nhập số liệu của từng xã vào trang "${t.tab}"; các xã của trang này chưa được tính vào số liệu tổng hợp.`,
      },
      ...t.issues,
    );
  }
  return out;
}
