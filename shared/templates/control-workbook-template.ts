import type ExcelJS from 'exceljs';
import { renderWorkbookLayout } from '../adapters/xlsx/xlsx-layout-renderer.js';
import type { ControlConfig } from '../domain/config.js';
import { PROGRAMMES } from '../domain/programme.js';
import { LEVEL_LABEL } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import {
  BASELINES_TAB,
  RECIPIENTS_TAB,
  SCHEDULE_TAB,
  TARGETS_TAB,
  UNITS_TAB,
  type TabSpec,
} from '../forms/tab-specs.js';
import type { LayoutColumnKind, TableSheetLayout, WorkbookLayout } from './sheet-layout.js';

/** Column kinds of the control tabs, by field; codes and periods are text so `06` stays `06`. */
const KINDS: Record<string, Record<string, LayoutColumnKind>> = {
  [UNITS_TAB.name]: { code: 'code', parent: 'code', level: 'choice' },
  [TARGETS_TAB.name]: { programme: 'choice', period: 'code', scope: 'code', target: 'number', op: 'choice' },
  [BASELINES_TAB.name]: { unit: 'code', period: 'code', households: 'count', poor: 'count', nearPoor: 'count' },
  [SCHEDULE_TAB.name]: { programme: 'choice', period: 'code', due: 'date', scope: 'code' },
  [RECIPIENTS_TAB.name]: { scope: 'code' },
};

const CHOICES: Record<string, readonly string[]> = {
  level: Object.values(LEVEL_LABEL),
  programme: PROGRAMMES,
  op: ['>=', '<=', '='],
};

/** Guidance printed under each tab's title, so an empty control workbook explains itself. */
const GUIDANCE: Record<string, string> = {
  [UNITS_TAB.name]:
    'Mỗi dòng một đơn vị (tỉnh, huyện, xã). Mã đơn vị nhập dạng văn bản, giữ số 0 ở đầu. Đơn vị cha để trống cho tỉnh. Nhóm: các nhãn cách nhau bởi dấu ";" (ví dụ: xã biên giới; xã ĐBKK). Bảng tính: tên tệp trong thư mục units của đơn vị nộp báo cáo. Email: các địa chỉ cách nhau bởi dấu ";".',
  [TARGETS_TAB.name]:
    'Mỗi dòng một chỉ tiêu kế hoạch. Đơn vị: mã đơn vị hoặc nhóm:<nhãn> (ví dụ nhóm:xã biên giới). Chỉ số theo danh mục (ntm.standard, ntm.criterion.2, poverty.rate_reduction_pp...). Tỷ lệ nhập theo phần trăm (23,2 là 23,2%). So sánh để trống là >=.',
  [BASELINES_TAB.name]:
    'Số liệu rà soát hộ nghèo đầu kỳ của từng đơn vị, dùng để tính số hộ và tỷ lệ hộ nghèo giảm trong kỳ.',
  [SCHEDULE_TAB.name]:
    'Chương trình phải báo cáo trong từng kỳ và hạn nộp (dd/mm/yyyy). Đơn vị (không bắt buộc): chỉ áp dụng cho đơn vị này và các đơn vị trực thuộc; để trống là mọi đơn vị nộp báo cáo.',
  [RECIPIENTS_TAB.name]:
    'Người nhận thư cảnh báo. Vai trò để trống là văn phòng. Đơn vị để trống là toàn tỉnh.',
};

/** Rows of every control tab: title, guidance, then the header; data starts on the row after. */
export const CONTROL_HEADER_ROW = 3;

const isoToDate = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function table(spec: TabSpec, rows: RawCell[][]): TableSheetLayout {
  const kinds = KINDS[spec.name] ?? {};
  return {
    kind: 'table',
    name: spec.name,
    titleRows: [`Tệp cấu hình - ${spec.name}`, GUIDANCE[spec.name] ?? ''],
    columns: spec.columns.map((c) => {
      const kind = kinds[c.field] ?? 'text';
      return { field: c.field, header: c.header, width: c.width, kind, ...(kind === 'choice' ? { choices: CHOICES[c.field] ?? [] } : {}) };
    }),
    rows,
    spareRows: 50,
    protectHeader: false,
    freezeColumns: 0,
  };
}

/** The control workbook's five tabs as plain data, filled from a ControlConfig. */
export function controlWorkbookLayout(config: ControlConfig): WorkbookLayout {
  return {
    sheets: [
      table(
        UNITS_TAB,
        config.units.map((u) => [u.code, u.name, LEVEL_LABEL[u.level], opt(u.parent), u.groups.join('; ') || null, opt(u.workbook), u.emails.join('; ') || null]),
      ),
      table(
        TARGETS_TAB,
        config.targets.map((t) => [t.programme, t.period, t.scope, t.indicator, t.target, t.op, opt(t.note)]),
      ),
      table(
        BASELINES_TAB,
        config.baselines.map((b) => [b.unit, b.period, b.households, b.poor, opt(b.nearPoor)]),
      ),
      table(
        SCHEDULE_TAB,
        config.schedule.map((s) => [s.programme, s.period, s.due === undefined ? null : isoToDate(s.due), opt(s.scope)]),
      ),
      table(
        RECIPIENTS_TAB,
        config.recipients.map((r) => [r.email, r.role, opt(r.scope)]),
      ),
    ],
  };
}

/** A control workbook (`config.xlsx`): title and guidance rows, frozen headers, dropdowns, codes as text. */
export function buildControlWorkbook(config: ControlConfig): ExcelJS.Workbook {
  return renderWorkbookLayout(controlWorkbookLayout(config));
}

/** A control workbook with headers and guidance only. */
export const EMPTY_CONTROL_CONFIG: ControlConfig = { units: [], targets: [], baselines: [], schedule: [], recipients: [], issues: [] };
