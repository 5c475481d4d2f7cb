import { findSheet } from './find-sheet.js';
import { headerKey } from './header-key.js';
import { mapHeader } from './header-map.js';
import { isBlank, rawToText, type RawSheet, type RawWorkbook } from './raw-sheet.js';
import type { TabSpec } from './tab-specs.js';

/**
 * The control workbook's optional `Cấu hình` tab: key/value settings that only the Google front
 * end needs (the Drive folder and the summary spreadsheet's ID). `init --google` fills it; the
 * pipeline reads it in the same call as the other control tabs, so knowing these IDs costs no API
 * call. The embedded config.xlsx has no such tab, and nothing reads it there.
 */
export const SETTINGS_TAB: TabSpec = {
  name: 'Cấu hình',
  keyHeaders: ['Khóa'],
  columns: [
    { field: 'key', header: 'Khóa', required: true, width: 22 },
    { field: 'value', header: 'Giá trị', required: true, width: 50 },
  ],
};

/** Keys of `Cấu hình`, as written in its `Khóa` column. */
export const SETTING_KEYS = {
  driveFolder: 'Thư mục Drive',
  summary: 'Bảng tổng hợp',
} as const;

export type SettingName = keyof typeof SETTING_KEYS;

/** Values of `Cấu hình` (trimmed; absent when the tab, the row or the value is missing). */
export type ControlSettings = Partial<Record<SettingName, string>>;

/** Where the tab's parts sit (1-based), so `init --google` can write single cells. */
export interface SettingsLayout {
  /** The tab's real title (staff may have changed case or spacing). */
  tab: string;
  headerRow: number;
  keyColumn: number;
  valueColumn: number;
  /** Sheet row of each key found. */
  rows: Partial<Record<SettingName, number>>;
  /** The last row holding anything (header included): new keys go below it. */
  lastRow: number;
}

const NAME_BY_KEY: ReadonlyMap<string, SettingName> = new Map(
  (Object.entries(SETTING_KEYS) as [SettingName, string][]).map(([name, label]) => [headerKey(label), name]),
);

/** Finds the header and the rows of known keys; undefined when the tab or its header is missing. */
export function settingsLayout(sheet: RawSheet): SettingsLayout | undefined {
  const header = mapHeader(sheet, SETTINGS_TAB);
  const keyColumn = header.columns.get('key');
  const valueColumn = header.columns.get('value');
  if (!header.ok || header.headerRow === undefined || keyColumn === undefined || valueColumn === undefined) return undefined;
  const rows: SettingsLayout['rows'] = {};
  let lastRow = header.headerRow;
  for (let r = header.headerRow + 1; r <= sheet.rows.length; r++) {
    const cells = sheet.rows[r - 1] ?? [];
    if (cells.some((v) => !isBlank(v))) lastRow = r;
    const key = cells[keyColumn - 1];
    if (key === undefined || isBlank(key)) continue;
    const name = NAME_BY_KEY.get(headerKey(rawToText(key)));
    // The first row of a key wins, as everywhere else in the forms.
    if (name !== undefined && rows[name] === undefined) rows[name] = r;
  }
  return { tab: sheet.name, headerRow: header.headerRow, keyColumn, valueColumn, rows, lastRow };
}

/** Reads `Cấu hình` from a control workbook read; {} when it has no such tab. */
export function readControlSettings(raw: RawWorkbook): ControlSettings {
  const { sheet } = findSheet(raw, SETTINGS_TAB.name);
  if (sheet === undefined) return {};
  const layout = settingsLayout(sheet);
  if (layout === undefined) return {};
  const out: ControlSettings = {};
  for (const [name, row] of Object.entries(layout.rows) as [SettingName, number][]) {
    const v = sheet.rows[row - 1]?.[layout.valueColumn - 1];
    if (v !== undefined && !isBlank(v)) out[name] = rawToText(v).trim();
  }
  return out;
}
