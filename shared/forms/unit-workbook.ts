import type { UnitCode } from '../domain/ids.js';
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
}

/**
 * Parses the tabs of the programmes scheduled for the period (`programmes`); other tabs are
 * ignored. A scheduled programme whose tab is missing or cannot be mapped is failed as a whole.
 */
export function parseUnitWorkbook(raw: RawWorkbook, ctx: UnitContext, programmes: readonly Programme[]): UnitWorkbookParse {
  const out: UnitWorkbookParse = { submission: {}, issues: [], erroredCommunes: { ntm: [], poverty: [] }, failedProgrammes: [] };
  const tabsFound = raw.sheets.map((s) => `"${s.name}"`).join(', ');

  for (const programme of new Set(programmes)) {
    const tabName = PROGRAMME_TAB[programme];
    // A programme without a tab (dtts, for now) has nothing to read in unit workbooks.
    if (tabName === undefined) continue;
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
    out.issues.push(...result.issues);
    if (!result.tabOk) out.failedProgrammes.push(programme);
  }
  return out;
}
