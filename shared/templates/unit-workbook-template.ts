import type ExcelJS from 'exceljs';
import { renderWorkbookLayout } from '../adapters/xlsx/xlsx-layout-renderer.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import { hasLevels, LEVEL_FIELD } from '../forms/ntm-level-cell.js';
import type { PeriodId } from '../domain/ids.js';
import { PROGRAMME_LABEL, PROGRAMME_TAB, type Programme } from '../domain/programme.js';
import type { Unit } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import { MET, NOT_MET, ntmTab, POVERTY_TAB, type ColumnSpec, type TabSpec } from '../forms/tab-specs.js';
import { formatViDate } from '../format/vi-number.js';
import type { LayoutColumn, LayoutColumnKind, NotesSheetLayout, TableSheetLayout, WorkbookLayout } from './sheet-layout.js';

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
  /** Programmes to give a tab; those without a unit-workbook tab (dtts) are skipped. */
  programmes: readonly Programme[];
  /** The criteria set of the NTM tab (TC1..TCn). */
  criteriaSet: CriteriaSet;
  period?: PeriodId;
  /** Due dates (ISO) to print in the instructions. */
  due?: Partial<Record<Programme, string>>;
  /** Values to put in instead of the blank commune rows (demo, benchmark). */
  fill?: Partial<Record<Programme, UnitTabFill>>;
}

/** Blank rows below the communes that still carry dropdowns and validations. */
const SPARE_ROWS = 20;
export const GUIDE_TAB_NAME = 'Hướng dẫn';

const COUNT_FIELDS = new Set(['households', 'poor', 'nearPoor', 'poorEthnic', 'escaped', 'relapsed', 'newPoor']);

function kindOf(col: ColumnSpec): LayoutColumnKind {
  if (col.field === 'commune') return 'code';
  if (/^tc\d+$/.test(col.field)) return 'criterion';
  if (col.field === 'recognisedYear') return 'year';
  if (COUNT_FIELDS.has(col.field)) return 'count';
  return 'text';
}

/** The NTM tab spec with headers naming each criterion: `TC2 - Giao thông`. */
function ntmColumns(set: CriteriaSet): ColumnSpec[] {
  const byNo = new Map(set.criteria.map((c) => [c.no, c.vi]));
  return ntmTab(set.criteria.length, hasLevels(set)).columns.map((col) => {
    const m = /^tc(\d+)$/.exec(col.field);
    const vi = m ? byNo.get(Number(m[1])) : undefined;
    return vi ? { ...col, header: `${col.header} - ${vi}` } : col;
  });
}

function tableFor(
  spec: TabSpec,
  columns: readonly ColumnSpec[],
  title: string,
  options: UnitWorkbookOptions,
  fill: UnitTabFill | undefined,
): TableSheetLayout {
  const byField = new Map(columns.map((c) => [c.field, c]));
  const order = fill?.columnOrder ?? columns.map((c) => c.field);
  const layoutColumns: LayoutColumn[] = order.flatMap((field) => {
    const col = byField.get(field);
    if (!col) return [];
    // `Mức đạt` is a dropdown of the set's level labels.
    const levels = field === LEVEL_FIELD ? (options.criteriaSet.levels ?? []).map((l) => l.label) : [];
    return [levels.length > 0 ? { field, header: col.header, width: col.width, kind: 'choice', choices: levels } : { field, header: col.header, width: col.width, kind: kindOf(col) }];
  });
  const sortedCommunes = [...options.communes].sort((a, b) => a.code.localeCompare(b.code));
  const records: ReadonlyArray<Readonly<Record<string, RawCell>>> =
    fill?.rows ?? sortedCommunes.map((c) => ({ commune: c.code, name: c.name }));
  const rows = records.map((rec) => layoutColumns.map((col) => rec[col.field] ?? null));
  return {
    kind: 'table',
    name: spec.name,
    titleRows: [title, ...(fill?.extraTitleRows ?? [])],
    columns: layoutColumns,
    rows,
    spareRows: SPARE_ROWS,
    protectHeader: true,
    freezeColumns: 2,
  };
}

function guide(options: UnitWorkbookOptions, tabs: readonly Programme[]): NotesSheetLayout {
  const n = options.criteriaSet.criteria.length;
  const lines: string[] = [
    `Bảng tính báo cáo của ${options.unit.name}${options.period ? `, kỳ ${options.period}` : ''}. Mỗi trang số liệu có một dòng cho mỗi xã.`,
    'Không sửa cột Mã xã: mã xã là mã do Tổng cục Thống kê cấp, được lưu dạng văn bản để giữ số 0 ở đầu (ví dụ 06001).',
    'Có thể đổi thứ tự cột hoặc thêm cột ghi chú, nhưng không đổi tên tiêu đề các cột bắt buộc.',
  ];
  if (tabs.includes('ntm')) {
    lines.push(
      `Trang NTM: với mỗi tiêu chí TC1 ... TC${n}, chọn "${MET}" hoặc "${NOT_MET}" trong danh sách thả xuống.`,
      'Ô tiêu chí để trống là thiếu số liệu: xã đó chưa được tính vào kết quả tổng hợp cho đến khi điền đủ.',
      'Năm công nhận: năm xã được công nhận đạt chuẩn nông thôn mới (để trống nếu chưa được công nhận).',
    );
    const levels = (options.criteriaSet.levels ?? []).map((l) => `"${l.label}"`);
    if (levels.length > 0) lines.push(`Mức đạt (không bắt buộc): mức xã đã được công nhận, chọn ${levels.join(', ')}; để trống nếu xã chưa được công nhận.`);
  }
  if (tabs.includes('giam_ngheo')) {
    lines.push(
      'Trang Giảm nghèo: nhập số hộ là số nguyên; nếu nhập dạng chữ thì viết kiểu Việt Nam (1.234 là một nghìn hai trăm ba mươi tư).',
      'Số hộ nghèo cộng số hộ cận nghèo không được lớn hơn tổng số hộ; hộ nghèo DTTS không lớn hơn số hộ nghèo.',
      'Các cột thoát nghèo, tái nghèo, phát sinh (nếu điền) phải khớp: hộ nghèo = hộ nghèo đầu kỳ - thoát nghèo + tái nghèo + phát sinh.',
    );
  }
  for (const p of tabs) {
    const due = options.due?.[p];
    if (due) lines.push(`Hạn nộp ${PROGRAMME_LABEL[p].toLowerCase()}: ${formatViDate(due)}.`);
  }
  lines.push(
    'Dòng tiêu đề được khoá để tránh sửa nhầm (không có mật khẩu): có thể bỏ khoá bằng Xem lại > Bỏ bảo vệ trang tính.',
    'Sau mỗi lần tổng hợp, trang "Kết quả kiểm tra" liệt kê từng lỗi kèm ô và cách sửa. Sửa số liệu rồi lưu tệp; lần tổng hợp sau sẽ kiểm tra lại.',
    'Ô có lỗi được tô nền đỏ nhạt và có ghi chú nêu lỗi; khi ô đã sửa đúng, hệ thống tự bỏ nền và ghi chú đó (ghi chú của đơn vị được giữ nguyên).',
  );
  return { kind: 'notes', name: GUIDE_TAB_NAME, title: 'Hướng dẫn nhập liệu', lines, width: 110 };
}

/** The tabs of a unit workbook as plain data (see sheet-layout.ts). */
export function unitWorkbookLayout(options: UnitWorkbookOptions): WorkbookLayout {
  const tabs = options.programmes.filter((p, i, all) => PROGRAMME_TAB[p] !== undefined && all.indexOf(p) === i);
  const suffix = `${options.period ? ` năm ${options.period}` : ''} - ${options.unit.name}`;
  const sheets: WorkbookLayout['sheets'] = [];
  for (const p of tabs) {
    if (p === 'ntm') {
      const cols = ntmColumns(options.criteriaSet);
      sheets.push(tableFor(ntmTab(options.criteriaSet.criteria.length, hasLevels(options.criteriaSet)), cols, `Biểu báo cáo kết quả xây dựng nông thôn mới${suffix}`, options, options.fill?.ntm));
    } else if (p === 'giam_ngheo') {
      sheets.push(tableFor(POVERTY_TAB, POVERTY_TAB.columns, `Biểu báo cáo kết quả giảm nghèo${suffix}`, options, options.fill?.giam_ngheo));
    }
  }
  sheets.push(guide(options, tabs));
  return { sheets };
}

/** A new unit workbook: programme tabs with protected, frozen headers and dropdowns, plus `Hướng dẫn`. */
export function buildUnitWorkbook(options: UnitWorkbookOptions): ExcelJS.Workbook {
  return renderWorkbookLayout(unitWorkbookLayout(options));
}
