import type ExcelJS from 'exceljs';
import type { ControlConfig } from '../../domain/config.js';
import { TARGETS_TAB } from '../../forms/tab-specs.js';
import { controlWorkbookLayout, INDICATOR_LIST_TAB, type ControlLayoutOptions } from '../../templates/control-workbook-template.js';
import { headerRowOf, type TableSheetLayout } from '../../templates/sheet-layout.js';
import { unitWorkbookLayout, type UnitWorkbookOptions } from '../../templates/unit-workbook-template.js';
import { renderWorkbookLayout } from './xlsx-layout-renderer.js';

// The templates are layouts (plain data, shared with the Google renderer); these turn them into
// exceljs workbooks for the embedded mode.

const rangeRef = (tab: string, column: string, from: number, to: number): string => `'${tab.replace(/'/g, "''")}'!$${column}$${from}:$${column}$${to}`;

/**
 * A control workbook (`config.xlsx`): title and guidance rows, frozen headers, dropdowns, codes as
 * text, the guide and the indicator list. Excel refuses a list typed into a validation beyond 255
 * characters, so the `Chỉ số` dropdown points at the indicator list's first column instead (a
 * Google spreadsheet gets the same entries as a list of values, which Sheets allows).
 */
export function buildControlWorkbook(config: ControlConfig, options: ControlLayoutOptions = {}): ExcelJS.Workbook {
  const layout = controlWorkbookLayout(config, options);
  const wb = renderWorkbookLayout(layout);
  const targets = layout.sheets.find((s): s is TableSheetLayout => s.kind === 'table' && s.name === TARGETS_TAB.name);
  const list = layout.sheets.find((s): s is TableSheetLayout => s.kind === 'table' && s.name === INDICATOR_LIST_TAB);
  const ws = wb.getWorksheet(TARGETS_TAB.name);
  const column = targets?.columns.findIndex((c) => c.field === 'indicator') ?? -1;
  // Without a criteria set to label the ids there is no list, and no dropdown was drawn.
  if (targets === undefined || list === undefined || ws === undefined || column < 0 || list.rows.length === 0) return wb;
  const first = headerRowOf(list) + 1;
  const header = headerRowOf(targets);
  for (let r = header + 1; r <= header + targets.rows.length + targets.spareRows; r++) {
    ws.getCell(r, column + 1).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [rangeRef(INDICATOR_LIST_TAB, 'A', first, first + list.rows.length - 1)],
      // An id typed without its label is as good as an entry chosen: Excel only informs.
      showErrorMessage: true,
      errorStyle: 'information',
      errorTitle: 'Chỉ số ngoài danh sách',
      error: `Nên chọn trong danh sách (trang "${INDICATOR_LIST_TAB}"). Mã chỉ số gõ tay (ví dụ ntm.standard) vẫn được nhận; mã sai được báo khi chạy kiểm tra.`,
    };
  }
  return wb;
}

/** A new unit workbook: programme tabs with protected, frozen headers and dropdowns, plus `Hướng dẫn`. */
export function buildUnitWorkbook(options: UnitWorkbookOptions): ExcelJS.Workbook {
  return renderWorkbookLayout(unitWorkbookLayout(options));
}
