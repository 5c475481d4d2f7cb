import { BASELINES_TAB, FEEDBACK_TAB_NAME, RECIPIENTS_TAB, SCHEDULE_TAB, TARGETS_TAB, UNITS_TAB } from '../../forms/tab-specs.js';
import { PROGRAMME_MODULES } from '../../programmes/registry.js';

/**
 * Fixed sheetIds for the tabs our templates create. Every batchUpdate request names a tab by its
 * numeric sheetId, never by title; with ids chosen up front a write needs no lookup call first.
 * Google gives the first tab of a new spreadsheet id 0 and later tabs random ids, so anything
 * from 1000 up is free in a spreadsheet we created. These numbers are part of the template
 * contract: changing one makes every existing spreadsheet take the fallback path (one
 * spreadsheets.get per write) until its tabs are recreated.
 */
export const FIXED_SHEET_IDS: ReadonlyMap<string, number> = new Map([
  ['Hướng dẫn', 1000],
  // The programmes' tabs from 1001 in registry order (NTM 1001, Giảm nghèo 1002): a programme is
  // added at the end of the registry, so the ids already given stay.
  ...PROGRAMME_MODULES.map((m, i) => [m.tab, 1001 + i] as const),
  [UNITS_TAB.name, 1100], // Đơn vị
  [TARGETS_TAB.name, 1101], // Chỉ tiêu
  [BASELINES_TAB.name, 1102], // Số liệu đầu kỳ
  [SCHEDULE_TAB.name, 1103], // Lịch báo cáo
  [RECIPIENTS_TAB.name, 1104], // Người nhận
  [FEEDBACK_TAB_NAME, 1900], // Kết quả kiểm tra
]);

/** Lowest id of the hashed range: clear of the fixed ids above. */
const HASHED_BASE = 10_000;
const HASHED_SPAN = 2_000_000_000;

/**
 * Tab names compared the way people see them: NFC (a name typed on a Mac may be NFD), trimmed,
 * inner spaces collapsed, case-insensitive.
 */
export function tabKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

/**
 * The sheetId we give a tab when we create it: the fixed id above, or for any other tab (summary
 * tabs) a stable hash of its name, so a later write can name it without asking Google first.
 */
export function preferredSheetId(title: string): number {
  const fixed = FIXED_SHEET_IDS.get(title.normalize('NFC'));
  if (fixed !== undefined) return fixed;
  // FNV-1a, 32 bit, over the NFC UTF-16 code units: stable across runs and machines.
  let h = 0x811c9dc5;
  const s = title.normalize('NFC');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return HASHED_BASE + (h % HASHED_SPAN);
}

/** The preferred id, or the next free one when another tab already uses it. */
export function freeSheetId(title: string, taken: ReadonlySet<number>): number {
  let id = preferredSheetId(title);
  while (taken.has(id)) id += 1;
  return id;
}
