import type { CellMark, CellMarks, TabWrite } from '../../ports/workbook-gateway.js';
import { parseA1Cell } from './a1.js';
import { freeSheetId, preferredSheetId, tabKey } from './sheet-ids.js';
import {
  addSheetRequest,
  deleteSheetRequest,
  dropdownRequest,
  markRequest,
  protectBlockRequest,
  protectRowsRequest,
  type CellBlock,
  resizeSheetRequest,
  tabGeometry,
  titleRequest,
  writeCellsRequests,
  type DropdownSpec,
  type SheetRequest,
  type TabGeometry,
} from './sheet-requests.js';
import { chartRequests, hasStructure, rowGroupRequests } from './tab-structure-requests.js';

/** A tab as spreadsheets.get reports it (fields sheets.properties(sheetId,title,index,gridProperties)). */
export interface SheetInfo {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
}

/** A TabWrite with what only Google templates carry: protected header rows and dropdowns. */
export interface GoogleTabTemplate extends TabWrite {
  /** Protect rows 1..n (title and header rows). */
  protectRows?: number;
  /** Blocks of pre-filled cells to protect too (locked columns of a template). */
  protectBlocks?: readonly CellBlock[];
  /** Rows the grid should have for data entry (default: just the content, like any TabWrite). */
  gridRows?: number;
  dropdowns?: readonly DropdownSpec[];
}

/** Notes of one tab by cell (`C7`, upper case, no `$`). */
export type TabNotes = ReadonlyMap<string, string>;

export interface WritePlan {
  requests: SheetRequest[];
  /** The tabs this plan creates or resizes, as they will be after it (to update the cache). */
  touched: SheetInfo[];
  /** Marks left out because their tab or cell no longer exists (exact plans only). */
  droppedMarks: number;
}

interface ResolvedMark {
  rowIndex: number;
  columnIndex: number;
  note: string | undefined;
  /** A clear that leaves the cell's note: staff replaced ours with their own. */
  keepNote?: boolean;
}

/**
 * Marks of one tab by normalised cell; `notes` undefined means "clear this cell's mark", and
 * `placed` then holds the messages the earlier run put in its note.
 */
type MarkCells = Map<string, { cell: string; notes: string[] | undefined; placed: string[] }>;

const cellKey = (cell: string): string => cell.toUpperCase().replace(/\$/g, '');

/**
 * Marks grouped by tab and cell. A cell both cleared and set keeps the set (its note replaces the
 * old one); several issues on one cell become one note, one line each.
 */
function groupMarks(marks: CellMarks | undefined): Map<string, { tab: string; cells: MarkCells }> {
  const byTab = new Map<string, { tab: string; cells: MarkCells }>();
  const entry = (m: CellMark) => {
    let t = byTab.get(m.tab);
    if (!t) byTab.set(m.tab, (t = { tab: m.tab, cells: new Map() }));
    return t;
  };
  for (const m of marks?.clear ?? []) {
    const t = entry(m);
    const prev = t.cells.get(cellKey(m.cell));
    if (prev) prev.placed.push(m.note);
    else t.cells.set(cellKey(m.cell), { cell: m.cell, notes: undefined, placed: [m.note] });
  }
  for (const m of marks?.set ?? []) {
    const t = entry(m);
    const prev = t.cells.get(cellKey(m.cell));
    if (prev?.notes) {
      if (!prev.notes.includes(m.note)) prev.notes.push(m.note);
    } else t.cells.set(cellKey(m.cell), { cell: m.cell, notes: [m.note], placed: prev?.placed ?? [] });
  }
  return byTab;
}

/** A note is ours when every line of it is a message we placed there. */
function isOurNote(note: string, placed: readonly string[]): boolean {
  const ours = new Set(placed.flatMap((p) => p.split('\n')));
  return note.split('\n').every((line) => ours.has(line));
}

function resolveMarks(cells: MarkCells, grid?: SheetInfo, existing?: TabNotes): { marks: ResolvedMark[]; dropped: number } {
  const marks: ResolvedMark[] = [];
  let dropped = 0;
  for (const [key, { cell, notes, placed }] of cells) {
    const at = parseA1Cell(cell);
    if (!at || (grid && (at.rowIndex >= grid.rowCount || at.columnIndex >= grid.columnCount))) {
      dropped += 1;
      continue;
    }
    const current = existing?.get(key);
    const keepNote = notes === undefined && current !== undefined && !isOurNote(current, placed);
    marks.push({ ...at, note: notes?.join('\n'), ...(keepNote ? { keepNote } : {}) });
  }
  // Clears before sets keeps a batch readable; the cells are distinct anyway.
  marks.sort((a, b) => Number(a.note !== undefined) - Number(b.note !== undefined));
  return { marks, dropped };
}

/**
 * The one-call plan, used when nothing is known about the spreadsheet: every tab to write is
 * assumed to exist under its preferred sheetId (true for spreadsheets made by our templates and
 * for every tab this adapter created before), and every marked tab too. Google answers 400 if
 * an id is missing, a title moved, or a cell is outside the grid, and applies nothing: the caller
 * then fetches the tab list once and uses exactPlan.
 */
export function optimisticPlan(tabs: readonly TabWrite[], marks: CellMarks | undefined): WritePlan {
  const requests: SheetRequest[] = [];
  const touched: SheetInfo[] = [];
  tabs.forEach((tab, index) => {
    const sheetId = preferredSheetId(tab.name);
    const geometry = tabGeometry(tab);
    if (hasStructure(tab)) requests.push(...freshTabRequests(sheetId, tab, geometry, index));
    else requests.push(resizeSheetRequest(sheetId, tab.name, geometry), ...writeCellsRequests(sheetId, tab, geometry));
    touched.push({ sheetId, title: tab.name, rowCount: geometry.rowCount, columnCount: geometry.columnCount });
  });
  let droppedMarks = 0;
  for (const { tab, cells } of groupMarks(marks).values()) {
    const sheetId = preferredSheetId(tab);
    const resolved = resolveMarks(cells);
    droppedMarks += resolved.dropped;
    if (resolved.marks.length === 0) continue;
    requests.push(titleRequest(sheetId, tab));
    for (const m of resolved.marks) requests.push(markRequest(sheetId, m.rowIndex, m.columnIndex, m.note));
  }
  return { requests, touched, droppedMarks };
}

/**
 * A tab with row groups or charts written fresh: deleted (with its groups and charts) and added
 * again under the same id, at its place in the write, then filled. A tab that does not exist yet
 * makes Google refuse the delete, and the caller's exact plan then adds it instead.
 */
function freshTabRequests(sheetId: number, tab: TabWrite, geometry: TabGeometry, index: number | undefined, exists = true): SheetRequest[] {
  const add = addSheetRequest(sheetId, tab.name, geometry, index);
  // Group toggles above their rows: a parent row precedes its children.
  const grid = add.addSheet?.properties?.gridProperties;
  if (grid) grid.rowGroupControlAfter = false;
  return [
    ...(exists ? [deleteSheetRequest(sheetId)] : []),
    add,
    ...writeCellsRequests(sheetId, tab, geometry),
    ...rowGroupRequests(sheetId, tab.rowLevels ?? []),
    ...chartRequests(sheetId, tab),
  ];
}

/** A template's grid also covers its data-entry rows and dropdowns. */
function templateGeometry(t: GoogleTabTemplate): TabGeometry {
  const base = tabGeometry(t);
  const dropdownRows = Math.max(0, ...(t.dropdowns ?? []).map((d) => d.toRow));
  const dropdownColumns = Math.max(0, ...(t.dropdowns ?? []).map((d) => d.toColumn));
  return {
    ...base,
    rowCount: Math.max(base.rowCount, t.gridRows ?? 0, dropdownRows),
    columnCount: Math.max(base.columnCount, dropdownColumns),
  };
}

/** Finds a tab by exact title, else by the lenient key (case, spaces, Unicode form). */
export function findSheet(sheets: readonly SheetInfo[], title: string): SheetInfo | undefined {
  return sheets.find((s) => s.title === title) ?? sheets.find((s) => tabKey(s.title) === tabKey(title));
}

export interface ExactPlanOptions {
  /** Editors of protected header rows (templates only). */
  editors?: readonly string[];
  /** Give added tabs these positions, in the order of `tabs` (new spreadsheets). */
  ordered?: boolean;
  /**
   * The notes the read found, by sheetId: a mark to clear whose note staff replaced with their
   * own loses only its background, never their note.
   */
  notes?: ReadonlyMap<number, TabNotes>;
}

/**
 * The plan for a spreadsheet whose tabs are known: missing tabs are added (with our preferred
 * sheetId, or the next free one), existing tabs are resized and rewritten under their real ids,
 * and marks on tabs or cells that no longer exist are left out.
 */
export function exactPlan(
  tabs: readonly GoogleTabTemplate[],
  marks: CellMarks | undefined,
  sheets: readonly SheetInfo[],
  options: ExactPlanOptions = {},
): WritePlan {
  const requests: SheetRequest[] = [];
  const touched: SheetInfo[] = [];
  const taken = new Set(sheets.map((s) => s.sheetId));
  tabs.forEach((tab, index) => {
    const geometry = templateGeometry(tab);
    const existing = findSheet(sheets, tab.name);
    let sheetId: number;
    if (hasStructure(tab)) {
      sheetId = existing?.sheetId ?? freeSheetId(tab.name, taken);
      taken.add(sheetId);
      requests.push(...freshTabRequests(sheetId, tab, geometry, index, existing !== undefined));
      touched.push({ sheetId, title: tab.name, rowCount: geometry.rowCount, columnCount: geometry.columnCount });
      return;
    }
    if (existing) {
      sheetId = existing.sheetId;
      requests.push(resizeSheetRequest(sheetId, tab.name, geometry));
    } else {
      sheetId = freeSheetId(tab.name, taken);
      taken.add(sheetId);
      requests.push(addSheetRequest(sheetId, tab.name, geometry, options.ordered ? index : undefined));
    }
    requests.push(...writeCellsRequests(sheetId, tab, geometry));
    // Protections and dropdowns only go on tabs created now: repeating them on an existing tab
    // would stack duplicate protected ranges.
    if (!existing && tab.protectRows !== undefined && tab.protectRows > 0 && options.editors) {
      requests.push(protectRowsRequest(sheetId, Math.min(tab.protectRows, geometry.rowCount), options.editors));
    }
    if (!existing && tab.protectBlocks && options.editors) {
      for (const b of tab.protectBlocks)
        if (b.fromRow <= geometry.rowCount) requests.push(protectBlockRequest(sheetId, { ...b, toRow: Math.min(b.toRow, geometry.rowCount) }, options.editors));
    }
    if (!existing && tab.dropdowns) {
      for (const d of tab.dropdowns) requests.push(dropdownRequest(sheetId, d));
    }
    touched.push({ sheetId, title: tab.name, rowCount: geometry.rowCount, columnCount: geometry.columnCount });
  });
  let droppedMarks = 0;
  for (const { tab, cells } of groupMarks(marks).values()) {
    const grid = touched.find((t) => t.title === tab) ?? findSheet(sheets, tab);
    if (!grid) {
      droppedMarks += cells.size;
      continue;
    }
    const resolved = resolveMarks(cells, grid, options.notes?.get(grid.sheetId));
    droppedMarks += resolved.dropped;
    for (const m of resolved.marks) requests.push(markRequest(grid.sheetId, m.rowIndex, m.columnIndex, m.note, m.keepNote === true));
  }
  return { requests, touched, droppedMarks };
}
