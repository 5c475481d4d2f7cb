import type { UnitCode } from '../domain/ids.js';
import { hasCriteriaSet } from '../domain/no-criteria-set.js';
import { PROGRAMME_LABEL, PROGRAMME_TAB, type Programme } from '../domain/programme.js';
import type { UnitSubmission } from '../domain/rows.js';
import { findSheet } from './find-sheet.js';
import type { SheetIssue } from './issue.js';
import { parseNtmTab } from './ntm-tab.js';
import { parsePovertyTab } from './poverty-tab.js';
import type { RawWorkbook } from './raw-sheet.js';
import type { TabParseResult } from './tab-parse-result.js';
import type { UnitContext } from './unit-context.js';

export interface UnitWorkbookParse {
  submission: UnitSubmission;
  issues: SheetIssue[];
  erroredCommunes: { ntm: UnitCode[]; poverty: UnitCode[] };
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
export function parseUnitWorkbook(raw: RawWorkbook, ctx: UnitContext, programmes: readonly Programme[]): UnitWorkbookParse {
  const out: UnitWorkbookParse = { submission: {}, issues: [], erroredCommunes: { ntm: [], poverty: [] }, failedProgrammes: [], notEntered: false };
  const untouched: { programme: Programme; tab: string; issues: SheetIssue[] }[] = [];
  let parsedTabs = 0;
  const tabsFound = raw.sheets.map((s) => `"${s.name}"`).join(', ');

  for (const programme of new Set(programmes)) {
    const tabName = PROGRAMME_TAB[programme];
    // A programme without a tab (dtts, for now) has nothing to read in unit workbooks.
    if (tabName === undefined) continue;
    // A period without an NTM criteria set: the run reports it once (criteria-set-issue.ts).
    if (programme === 'ntm' && !hasCriteriaSet(ctx.criteriaSet)) continue;
    const { sheet, duplicates } = findSheet(raw, tabName);
    if (sheet === undefined) {
      out.issues.push({
        code: 'tab_missing',
        severity: 'error',
        tab: tabName,
        message: `Thiếu trang "${tabName}" (chương trình ${PROGRAMME_LABEL[programme]}), là trang bắt buộc trong kỳ báo cáo này. Các trang hiện có: ${tabsFound === '' ? '(không có trang nào)' : tabsFound}.`,
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

    let result: TabParseResult<unknown>;
    switch (programme) {
      case 'ntm': {
        const ntm = parseNtmTab(sheet, ctx);
        if (ntm.tabOk) out.submission.ntm = ntm.rows;
        out.erroredCommunes.ntm = ntm.erroredCommunes;
        result = ntm;
        break;
      }
      case 'giam_ngheo': {
        const poverty = parsePovertyTab(sheet, ctx);
        if (poverty.tabOk) out.submission.poverty = poverty.rows;
        out.erroredCommunes.poverty = poverty.erroredCommunes;
        result = poverty;
        break;
      }
      default:
        // A tab named for a programme that has no parser yet: nothing to read.
        continue;
    }
    parsedTabs++;
    if (result.untouched) {
      untouched.push({ programme, tab: sheet.name, issues: result.issues });
      continue;
    }
    out.issues.push(...result.issues);
    if (!result.tabOk) out.failedProgrammes.push(programme);
  }

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
        message: `Trang "${t.tab}" (chương trình ${PROGRAMME_LABEL[t.programme]}) chưa nhập số liệu: vẫn như mẫu, mới có mã và tên xã.`,
        hint: `Nhập số liệu của từng xã vào trang "${t.tab}"; các xã của trang này chưa được tính vào số liệu tổng hợp.`,
      },
      ...t.issues,
    );
  }
  return out;
}
