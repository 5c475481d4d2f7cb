import type { PeriodPlan } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { Unit } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import type { AnyProgrammeModule, TemplateTab } from '../programmes/programme-module.js';
import { modulesFor, PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { formatViDate } from '../format/vi-number.js';
import type { LayoutColumn, NotesSheetLayout, TableSheetLayout, WorkbookLayout } from './sheet-layout.js';

/** Values for one programme tab, by field of its tab spec (`commune`, `name`, `tc1`, `households`...). */
export interface UnitTabFill {
  rows: ReadonlyArray<Readonly<Record<string, RawCell>>>;
  /** Column order by field (default: the tab spec's order). Fields left out get no column. */
  columnOrder?: readonly string[];
  /** Lines added under the standard title, above the header (a document reference, a date...). */
  extraTitleRows?: readonly string[];
}

export interface UnitWorkbookOptions {
  unit: Unit;
  /** The communes the unit reports for, pre-filled as rows (Mã xã as text, Tên xã). */
  communes: readonly Unit[];
  /** Programmes to give a tab; those without a module are skipped. */
  programmes: readonly Programme[];
  /** The period's criteria set (the NTM tab's TC1..TCn). */
  criteriaSet: CriteriaSet;
  period?: PeriodId;
  /** The hierarchy the unit is in (a DTTS plan may be its children's sum). */
  hierarchy?: Hierarchy;
  /**
   * Per programme, the plan of the period its tab is made for: the tab's title names that period
   * (a workbook kept across periods has tabs of several), and the DTTS tab pre-fills the unit's plan.
   */
  plans?: Partial<Record<Programme, PeriodPlan>>;
  /** Due dates (ISO) to print in the instructions. */
  due?: Partial<Record<Programme, string>>;
  /** Values to put in instead of the blank commune rows (demo, benchmark). */
  fill?: Partial<Record<Programme, UnitTabFill>>;
}

/** Blank rows below the communes that still carry dropdowns and validations. */
const SPARE_ROWS = 20;
export const GUIDE_TAB_NAME = 'Hướng dẫn';

function tableFor(tab: TemplateTab, title: string, options: UnitWorkbookOptions, fill: UnitTabFill | undefined): TableSheetLayout {
  const { spec, columns } = tab;
  const byField = new Map(columns.map((c) => [c.field, c]));
  const order = fill?.columnOrder ?? columns.map((c) => c.field);
  const layoutColumns: LayoutColumn[] = order.flatMap((field) => {
    const col = byField.get(field);
    return col
      ? [
          {
            field,
            header: col.header,
            width: col.width,
            kind: col.kind,
            ...(col.choices === undefined ? {} : { choices: col.choices }),
            ...(col.locked === true ? { locked: true } : {}),
          },
        ]
      : [];
  });
  const sortedCommunes = [...options.communes].sort((a, b) => a.code.localeCompare(b.code));
  const records: ReadonlyArray<Readonly<Record<string, RawCell>>> = fill?.rows ?? tab.rows ?? sortedCommunes.map((c) => ({ commune: c.code, name: c.name }));
  const rows = records.map((rec) => layoutColumns.map((col) => rec[col.field] ?? null));
  return {
    kind: 'table',
    name: spec.name,
    titleRows: [title, ...(tab.notes ?? []), ...(fill?.extraTitleRows ?? [])],
    columns: layoutColumns,
    rows,
    spareRows: SPARE_ROWS,
    protectHeader: true,
    freezeColumns: 2,
  };
}

function guide(options: UnitWorkbookOptions, tabs: readonly { module: AnyProgrammeModule; tab: TemplateTab }[]): NotesSheetLayout {
  const lines: string[] = [
    `Bảng tính báo cáo của ${options.unit.name}${options.period ? `, kỳ ${options.period}` : ''}. Mỗi trang số liệu có một dòng cho mỗi xã.`,
    'Không sửa cột Mã xã: mã xã là mã do Tổng cục Thống kê cấp, được lưu dạng văn bản để giữ số 0 ở đầu (ví dụ 06001).',
    'Có thể đổi thứ tự cột hoặc thêm cột ghi chú, nhưng không đổi tên tiêu đề các cột bắt buộc.',
  ];
  for (const t of tabs) lines.push(...t.tab.guide);
  for (const { module } of tabs) {
    const due = options.due?.[module.id];
    if (due) lines.push(`Hạn nộp ${module.label.toLowerCase()}: ${formatViDate(due)}.`);
  }
  lines.push(
    'Dòng tiêu đề được khoá để tránh sửa nhầm (không có mật khẩu): có thể bỏ khoá bằng Xem lại > Bỏ bảo vệ trang tính.',
    'Sau mỗi lần tổng hợp, trang "Kết quả kiểm tra" liệt kê từng lỗi kèm ô và cách sửa. Sửa số liệu rồi lưu tệp; lần tổng hợp sau sẽ kiểm tra lại.',
    'Ô có lỗi được tô nền đỏ nhạt và có ghi chú nêu lỗi; khi ô đã sửa đúng, hệ thống tự bỏ nền và ghi chú đó (ghi chú của đơn vị được giữ nguyên).',
  );
  return { kind: 'notes', name: GUIDE_TAB_NAME, title: 'Hướng dẫn nhập liệu', lines, width: 90 };
}

/** The tabs of a unit workbook as plain data (see sheet-layout.ts). */
export function unitWorkbookLayout(options: UnitWorkbookOptions, modules: ProgrammeModules = PROGRAMME_MODULES): WorkbookLayout {
  const tabs = modulesFor(options.programmes, modules).map((module) => {
    const plan = options.plans?.[module.id];
    const ctx = { unit: options.unit, ...(options.hierarchy === undefined ? {} : { hierarchy: options.hierarchy }), ...(plan === undefined ? {} : { plan }) };
    return { module, tab: module.templateTab(options.criteriaSet, ctx), period: plan?.period ?? options.period };
  });
  const suffix = (period: PeriodId | undefined): string => `${period ? ` năm ${period}` : ''} - ${options.unit.name}`;
  const sheets: WorkbookLayout['sheets'] = tabs.map(({ module, tab, period }) =>
    tableFor(tab, `${tab.title}${suffix(period)}`, options, options.fill?.[module.id]),
  );
  sheets.push(guide(options, tabs));
  return { sheets };
}
