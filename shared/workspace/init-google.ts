import { writeCellValues, type CellValueEdit } from '../adapters/google/cell-values.js';
import { googleTabsOfLayout } from '../adapters/google/google-layout-renderer.js';
import { serviceAccountEmail } from '../adapters/google/google-auth.js';
import type { GoogleWorkbookGateway } from '../adapters/google/google-workbook-gateway.js';
import { spreadsheetIdOf } from '../adapters/google/spreadsheet-id.js';
import type { GoogleTabTemplate } from '../adapters/google/write-plan.js';
import { Hierarchy } from '../domain/hierarchy.js';
import { a1 } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import { parseControlWorkbook } from '../forms/control-workbook.js';
import { findSheet } from '../forms/find-sheet.js';
import { mapHeader } from '../forms/header-map.js';
import { isBlank, rawToText, type RawWorkbook } from '../forms/raw-sheet.js';
import { readControlSettings, SETTING_KEYS, SETTINGS_TAB, settingsLayout, type SettingName } from '../forms/settings-tab.js';
import { CONTROL_TABS, FEEDBACK_TAB_NAME, UNITS_TAB } from '../forms/tab-specs.js';
import { runPool } from '../pipeline/pool.js';
import { WorkbookNotFoundError, type WorkbookStat } from '../ports/workbook-gateway.js';
import { summaryTabNames } from '../publish/summary-tab-names.js';
import { controlWorkbookLayout, EMPTY_CONTROL_CONFIG } from '../templates/control-workbook-template.js';
import type { WorkbookLayout } from '../templates/sheet-layout.js';
import { unitWorkbookLayout } from '../templates/unit-workbook-template.js';
import { planUnitWorkbook } from './unit-workbook-plan.js';

export interface InitGoogleOptions {
  /** A gateway listing `folderId` (so checking every existing ID is one files.list). */
  gateway: GoogleWorkbookGateway;
  /** The Drive folder that receives the new spreadsheets. */
  folderId: string;
  /** The control spreadsheet; absent: an empty one is created in the folder (found again by name on a re-run). */
  configId?: string;
  /** Year used to pick the NTM criteria set when nothing is scheduled (default: the current year). */
  year?: number;
  /** Spreadsheets created at once. */
  concurrency?: number;
}

export type InitGoogleAction =
  /** A new spreadsheet was made and shared. */
  | 'created'
  /** A spreadsheet of the unit's name was already in the folder (an earlier init stopped before writing its ID back): reused and shared. */
  | 'adopted'
  /** `Bảng tính` already held the ID of a spreadsheet that exists. */
  | 'kept'
  /** Nothing was done; `reason` says why. */
  | 'skipped';

export interface InitGoogleUnit {
  code: string;
  name: string;
  action: InitGoogleAction;
  spreadsheetId?: string;
  /** E-mails given edit access in this init. */
  sharedWith: string[];
  reason?: string;
}

export interface InitGoogleResult {
  configId: string;
  configCreated: boolean;
  summaryId: string;
  summaryCreated: boolean;
  units: InitGoogleUnit[];
  /** Control cells written (`Đơn vị!F5`, `Cấu hình!B4`), or `Cấu hình` when the tab was added. */
  written: string[];
  /** Errors found in the control spreadsheet (the run reports each; init only counts them). */
  configErrors: number;
}

export class InitGoogleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InitGoogleError';
  }
}

export const CONTROL_SPREADSHEET_TITLE = 'Cấu hình MTQG';
export const unitSpreadsheetTitle = (unit: Unit): string => `Báo cáo MTQG - ${unit.name} (${unit.code})`;
export const summarySpreadsheetTitle = (provinceName: string | undefined): string => `Tổng hợp MTQG${provinceName ? ` - ${provinceName}` : ''}`;

const CONTROL_READ_TABS = [...CONTROL_TABS.map((t) => t.name), SETTINGS_TAB.name];

/** `Cấu hình` as init creates it: title, guidance, header on row 3, then the two settings. */
export function settingsTabTemplate(values: Partial<Record<SettingName, string>>): GoogleTabTemplate {
  return {
    name: SETTINGS_TAB.name,
    rows: [
      [{ value: `Tệp cấu hình - ${SETTINGS_TAB.name}`, style: 'title' }],
      ['Lệnh init --google ghi trang này: thư mục Drive chứa các bảng tính và ID của bảng tổng hợp. Hệ thống đọc trang này mỗi lần tổng hợp; không cần sửa.'],
      SETTINGS_TAB.columns.map((c) => c.header),
      [SETTING_KEYS.driveFolder, values.driveFolder ?? null],
      [SETTING_KEYS.summary, values.summary ?? null],
    ],
    widths: SETTINGS_TAB.columns.map((c) => c.width),
    headerRow: 3,
  };
}

/** `Bảng tính` holds spreadsheet IDs here, not file names: the `Đơn vị` guidance says so. */
const GOOGLE_UNITS_GUIDANCE =
  'Mỗi dòng một đơn vị (tỉnh, huyện, xã). Mã đơn vị nhập dạng văn bản, giữ số 0 ở đầu. Đơn vị cha để trống cho tỉnh. Nhóm: các nhãn cách nhau bởi dấu ";" (ví dụ: xã biên giới; xã ĐBKK). Bảng tính: ghi "tạo mới" cho đơn vị nộp báo cáo, lệnh init --google tạo bảng tính và ghi ID vào ô này (hoặc dán ID/địa chỉ của bảng tính đã có). Email: các địa chỉ cách nhau bởi dấu ";", được quyền chỉnh sửa bảng tính của đơn vị.';

/** The empty control template, worded for Google. */
function googleControlLayout(): WorkbookLayout {
  const layout = controlWorkbookLayout(EMPTY_CONTROL_CONFIG);
  return {
    sheets: layout.sheets.map((s) => (s.kind === 'table' && s.name === UNITS_TAB.name ? { ...s, titleRows: [s.titleRows[0] ?? '', GOOGLE_UNITS_GUIDANCE] } : s)),
  };
}

/** The tab every unit spreadsheet gets at creation, so the first run's feedback write needs no lookup. */
function feedbackPlaceholder(): GoogleTabTemplate {
  return {
    name: FEEDBACK_TAB_NAME,
    rows: [
      [{ value: FEEDBACK_TAB_NAME, style: 'title' }],
      ['Chưa có lần kiểm tra nào. Sau mỗi lần tổng hợp, hệ thống ghi vào trang này từng lỗi kèm ô và cách sửa.'],
    ],
    widths: [110],
  };
}

/** The summary's tabs with a placeholder line: created up front so the first run writes them in one call. */
function summaryPlaceholders(): GoogleTabTemplate[] {
  return summaryTabNames().map((name) => ({
    name,
    rows: [[{ value: name, style: 'title' }], ['Chưa có số liệu: bảng này được ghi sau lần tổng hợp đầu tiên.']],
  }));
}

/**
 * `init --google`: from the control spreadsheet, one spreadsheet per reporting unit in the Drive
 * folder (the unit template's tabs, dropdowns, frozen and protected header rows, plus an empty
 * `Kết quả kiểm tra`), shared with the unit's e-mails as editors; the summary spreadsheet; and the
 * new IDs written back into the control spreadsheet: `Bảng tính` cells of the units created, and
 * the `Cấu hình` tab (Drive folder, summary ID), each cell on its own, nothing else touched.
 *
 * Repeatable: a unit whose `Bảng tính` holds an existing spreadsheet's ID is kept; a spreadsheet
 * made by an earlier init that stopped halfway is found by name and reused; a value that looks
 * like an ID but is not found is left alone (it may be a spreadsheet not shared with us yet), as
 * is everything staff typed. A unit submits a workbook when its `Bảng tính` is not blank: any text
 * that is not an ID (`tạo mới`, an old `.xlsx` name) asks for a new spreadsheet.
 */
export async function initGoogle(options: InitGoogleOptions): Promise<InitGoogleResult> {
  const { gateway, folderId } = options;
  let configId = options.configId;
  let configCreated = false;
  if (configId === undefined) {
    const tabs = [...googleTabsOfLayout(googleControlLayout()), settingsTabTemplate({ driveFolder: folderId })];
    const made = await gateway.createSpreadsheet(CONTROL_SPREADSHEET_TITLE, tabs, folderId);
    configId = made.spreadsheetId;
    configCreated = made.created;
  }

  let raw: RawWorkbook;
  try {
    raw = await gateway.read(configId, CONTROL_READ_TABS);
  } catch (error) {
    const sa = serviceAccountEmail(gateway.client.auth);
    const share = sa ? ` Chia sẻ bảng tính cấu hình với ${sa} (quyền Người chỉnh sửa).` : '';
    const what = error instanceof WorkbookNotFoundError ? 'không tìm thấy' : 'không mở được';
    throw new InitGoogleError(`Bảng tính cấu hình "${configId}": ${what}.${share}`, { cause: error });
  }
  const config = parseControlWorkbook(raw);
  const settings = readControlSettings(raw);
  const hierarchy = new Hierarchy(config.units);

  // ---- summary ----
  let summaryId = settings.summary;
  let summaryCreated = false;
  if (summaryId === undefined || !(await gateway.exists(summaryId))) {
    const made = await gateway.createSpreadsheet(summarySpreadsheetTitle(hierarchy.roots[0]?.name), summaryPlaceholders(), folderId);
    summaryId = made.spreadsheetId;
    summaryCreated = made.created;
  }

  // ---- units ----
  const reporting = hierarchy.reportingUnits();
  const typedIds = reporting.flatMap((u) => {
    const id = spreadsheetIdOf(u.workbook ?? '');
    return id ? [id] : [];
  });
  const existing: Map<string, WorkbookStat | undefined> = typedIds.length > 0 ? await gateway.stat(typedIds) : new Map<string, WorkbookStat | undefined>();
  const office = [...new Set(config.recipients.filter((r) => r.role === 'văn phòng' && r.scope === undefined).map((r) => r.email))];
  const year = options.year ?? new Date().getFullYear();

  const units = await runPool(reporting, options.concurrency ?? 4, async (unit): Promise<InitGoogleUnit> => {
    const base = { code: unit.code, name: unit.name, sharedWith: [] as string[] };
    const typed = spreadsheetIdOf(unit.workbook ?? '');
    if (typed !== undefined) {
      if (existing.get(typed) !== undefined) return { ...base, action: 'kept', spreadsheetId: typed };
      return {
        ...base,
        action: 'skipped',
        reason: `không tìm thấy bảng tính "${typed}" (ID sai hoặc chưa chia sẻ với tài khoản của hệ thống); giữ nguyên ô "Bảng tính". Muốn tạo bảng tính mới thì ghi "tạo mới" vào ô đó.`,
      };
    }
    try {
      const plan = planUnitWorkbook(config, hierarchy, unit, year);
      const layout = unitWorkbookLayout({
        unit,
        communes: hierarchy.communesUnder(unit.code),
        programmes: plan.programmes,
        criteriaSet: plan.criteriaSet,
        ...(plan.period === undefined ? {} : { period: plan.period }),
        hierarchy,
        plans: plan.plans,
        due: plan.due,
      });
      const tabs = [...googleTabsOfLayout(layout), feedbackPlaceholder()];
      const made = await gateway.createSpreadsheet(unitSpreadsheetTitle(unit), tabs, folderId, { editors: office });
      // Shared before its ID is written back: a spreadsheet named in the control sheet is always shared.
      await gateway.shareWith(made.spreadsheetId, unit.emails, 'writer');
      return { ...base, action: made.created ? 'created' : 'adopted', spreadsheetId: made.spreadsheetId, sharedWith: [...new Set(unit.emails)] };
    } catch (error) {
      return { ...base, action: 'skipped', reason: `không tạo được bảng tính: ${error instanceof Error ? error.message : String(error)}` };
    }
  });

  // ---- write the IDs back ----
  const edits: CellValueEdit[] = [];
  const written: string[] = [];
  const addTabs: GoogleTabTemplate[] = [];
  const newIds = new Map(units.filter((u) => (u.action === 'created' || u.action === 'adopted') && u.spreadsheetId).map((u) => [u.code, u.spreadsheetId as string]));
  if (newIds.size > 0) edits.push(...workbookCellEdits(raw, newIds));

  const wanted: Record<SettingName, string> = { driveFolder: folderId, summary: summaryId };
  const { sheet: settingsSheet } = findSheet(raw, SETTINGS_TAB.name);
  const layout = settingsSheet ? settingsLayout(settingsSheet) : undefined;
  if (!settingsSheet) {
    addTabs.push(settingsTabTemplate(wanted));
    written.push(SETTINGS_TAB.name);
  } else if (!layout) {
    throw new InitGoogleError(
      `Trang "${settingsSheet.name}" của bảng tính cấu hình không có dòng tiêu đề "Khóa" / "Giá trị". Xoá trang đó để lệnh init tạo lại, hoặc thêm dòng tiêu đề.`,
    );
  } else {
    let next = layout.lastRow + 1;
    for (const name of Object.keys(wanted) as SettingName[]) {
      const value = wanted[name];
      if (settings[name] === value) continue;
      const row = layout.rows[name] ?? next++;
      if (layout.rows[name] === undefined) edits.push({ tab: layout.tab, cell: a1(row, layout.keyColumn), value: SETTING_KEYS[name] });
      edits.push({ tab: layout.tab, cell: a1(row, layout.valueColumn), value });
    }
  }
  if (edits.length > 0 || addTabs.length > 0) await writeCellValues(gateway, configId, edits, addTabs);
  written.push(...edits.map((e) => `${e.tab}!${e.cell}`));

  return {
    configId,
    configCreated,
    summaryId,
    summaryCreated,
    units,
    written,
    configErrors: config.issues.filter((i) => i.severity === 'error').length,
  };
}

/** The `Bảng tính` cell of each unit's row in `Đơn vị` (first row of each code, as the parser reads it). */
function workbookCellEdits(raw: RawWorkbook, ids: ReadonlyMap<string, string>): CellValueEdit[] {
  const { sheet } = findSheet(raw, UNITS_TAB.name);
  if (!sheet) return [];
  const header = mapHeader(sheet, UNITS_TAB);
  const codeColumn = header.columns.get('code');
  const workbookColumn = header.columns.get('workbook');
  // Units with a `Bảng tính` value were found, so both columns exist whenever there is anything to write.
  if (header.headerRow === undefined || codeColumn === undefined || workbookColumn === undefined) return [];
  const out: CellValueEdit[] = [];
  const done = new Set<string>();
  for (let r = header.headerRow + 1; r <= sheet.rows.length; r++) {
    const v = sheet.rows[r - 1]?.[codeColumn - 1];
    if (v === undefined || isBlank(v)) continue;
    const code = rawToText(v).trim();
    const id = ids.get(code);
    if (id === undefined || done.has(code)) continue;
    done.add(code);
    out.push({ tab: sheet.name, cell: a1(r, workbookColumn), value: id });
  }
  return out;
}
