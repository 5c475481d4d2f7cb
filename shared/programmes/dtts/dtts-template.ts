import type { PeriodId } from '../../domain/ids.js';
import type { Unit } from '../../domain/unit.js';
import type { RawCell } from '../../forms/raw-sheet.js';
import type { ColumnSpec } from '../../forms/tab-specs.js';
import type { LayoutColumn, LayoutColumnKind, TableSheetLayout } from '../../templates/sheet-layout.js';
import type { TemplateColumn, TemplateContext, TemplateTab } from '../programme-module.js';
import { dttsCatalogueOf, dttsPlansOf } from './dtts-period-plan.js';
import { ownDttsPlans, unitDttsPlans } from './dtts-plans.js';
import { dttsCodeKey, type DttsCatalogue, type DttsCatalogueEntry } from './dtts-catalogue.js';
import { DTTS_TAB } from './dtts-tab-spec.js';

export interface DttsTemplateOptions {
  unit: Unit;
  catalogue: DttsCatalogue;
  /** The unit's plan per code key (unitDttsPlans): pre-filled in `Kế hoạch`. */
  plans: ReadonlyMap<string, number>;
  period?: PeriodId;
  /** Values typed in for demo workbooks, by code key: `Thực hiện`, `Tổng số`, `Ghi chú`. */
  fill?: DttsTemplateFill;
}

/** Blank rows below the indicators that keep the column formats (a unit may add an indicator of the catalogue). */
const SPARE_ROWS = 10;

const KIND: Record<string, LayoutColumnKind> = { code: 'code', plan: 'number', achieved: 'number', total: 'count' };

function columnOf(col: ColumnSpec): LayoutColumn {
  const out: LayoutColumn = { field: col.field, header: col.header, width: col.width, kind: KIND[col.field] ?? 'text' };
  // The plan is the control workbook's: staff read it here, a changed cell is at most a warning.
  if (col.field === 'plan') out.locked = true;
  return out;
}

/**
 * The rows a unit gets: the indicators it has a plan for, in catalogue order; a unit without any
 * plan gets the whole catalogue, so it can still report what it did.
 */
function entriesFor(options: Pick<DttsTemplateOptions, 'catalogue' | 'plans'>): DttsCatalogueEntry[] {
  const planned = options.catalogue.entries.filter((e) => options.plans.has(dttsCodeKey(e.code)));
  return planned.length > 0 ? planned : [...options.catalogue.entries];
}

/** Values typed in for demo workbooks, by code key. */
export type DttsTemplateFill = ReadonlyMap<string, { achieved?: number; total?: number; note?: string }>;

/** The rows of a unit's `DTTS` tab by field: code, content and unit from the catalogue, the plan pre-filled. */
export function dttsTemplateRecords(options: Pick<DttsTemplateOptions, 'catalogue' | 'plans' | 'fill'>): Record<string, RawCell>[] {
  return entriesFor(options).map((e): Record<string, RawCell> => {
    const key = dttsCodeKey(e.code);
    const fill = options.fill?.get(key);
    return {
      code: e.code,
      content: e.content,
      unit: e.unit ?? null,
      plan: options.plans.get(key) ?? null,
      achieved: fill?.achieved ?? null,
      total: fill?.total ?? null,
      note: fill?.note ?? null,
    };
  });
}

const TITLE = 'Biểu báo cáo kết quả thực hiện Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS&MN';
const NOTE =
  'Cột Kế hoạch được điền sẵn theo kế hoạch giao và được khoá. Nhập Thực hiện (số đã thực hiện đến nay, nhập 0 nếu chưa thực hiện); Tổng số chỉ nhập khi chỉ tiêu đếm trên một tổng (ví dụ tổng số xã).';

/** The unit workbook's `DTTS` tab as plain data: codes, contents, units and the plan pre-filled, the plan locked. */
export function dttsTemplateSheet(options: DttsTemplateOptions): TableSheetLayout {
  const columns = DTTS_TAB.columns.map(columnOf);
  const rows = dttsTemplateRecords(options).map((record): RawCell[] => columns.map((c) => record[c.field] ?? null));
  const period = options.period === undefined ? '' : ` năm ${options.period}`;
  return {
    kind: 'table',
    name: DTTS_TAB.name,
    titleRows: [`${TITLE}${period} - ${options.unit.name}`, NOTE],
    columns,
    rows,
    spareRows: SPARE_ROWS,
    protectHeader: true,
    freezeColumns: 2,
  };
}

/** The module's template tab: the unit's plan of the scheduled period (see dttsPlansOf), the catalogue of the run. */
export function dttsTemplateTab(ctx: TemplateContext): TemplateTab {
  const catalogue = dttsCatalogueOf(ctx.plan);
  const plans =
    ctx.hierarchy !== undefined
      ? unitDttsPlans(dttsPlansOf(ctx.hierarchy, ctx.plan), ctx.unit.code)
      : ctx.plan === undefined
        ? new Map<string, number>()
        : (ownDttsPlans(ctx.plan.targets, ctx.plan.period).get(ctx.unit.code) ?? new Map<string, number>());
  const columns = DTTS_TAB.columns.map((col): TemplateColumn => {
    const c = columnOf(col);
    return { ...col, kind: c.kind, ...(c.locked === true ? { locked: true } : {}) };
  });
  return { spec: DTTS_TAB, columns, title: TITLE, notes: [NOTE], rows: dttsTemplateRecords({ catalogue, plans }), guide: dttsGuideLines() };
}

/** Lines for the workbook's `Hướng dẫn` tab about the `DTTS` tab. */
export function dttsGuideLines(): string[] {
  return [
    'Trang DTTS: mỗi dòng là một chỉ tiêu của Chương trình 1719 mà đơn vị được giao; số liệu là kết quả của chính đơn vị (không cộng số của các xã, huyện khác).',
    'Không sửa cột Mã chỉ tiêu và cột Kế hoạch: kế hoạch do văn phòng điều phối giao trong tệp cấu hình, số trong tệp cấu hình là số được dùng.',
    'Thực hiện: số đã thực hiện đến nay, từ 0 trở lên; nếu nhập dạng chữ thì viết kiểu Việt Nam (1.381 là một nghìn ba trăm tám mươi mốt; 26,5 là hai mươi sáu phẩy năm).',
    'Tổng số (nếu có): toàn bộ số xã, thôn... mà chỉ tiêu đếm trên đó, để tính tỷ lệ; Thực hiện không được lớn hơn Tổng số.',
  ];
}
