import type { RawWorkbook } from '../forms/raw-sheet.js';
import type { NumberCell, TabChart, TabPrint, TextCell } from './tab-layout.js';

export type { NumberCell, NumberCellFormat, TabChart, TabChartSeries, TabPrint, TextCell, TextCellStyle } from './tab-layout.js';

/** What a gateway knows about a workbook without reading it. */
export interface WorkbookStat {
  /** Modification time, ms since epoch (file mtime, Drive modifiedTime). */
  modifiedMs: number;
  /** A cheap identity of the content: file size + mtime, or Drive's version/md5. */
  version: string;
}

/** A tab to write: a full replacement of that tab's content. */
export interface TabWrite {
  name: string;
  /** Rows of cell values; strings are always written as text, never as formulas. */
  rows: TabCell[][];
  /** Column widths in characters, by column index (0-based). */
  widths?: number[];
  /** 1-based row index of a header row to freeze and style. */
  headerRow?: number;
  /** Columns kept visible while scrolling right (codes and names), besides the frozen header rows. */
  freezeColumns?: number;
  /** Outline (grouping) level of each row by row index (0 or absent: not grouped); a row's group is the rows below it of a deeper level. */
  rowLevels?: readonly (number | undefined)[];
  /** Row heights in points by row index (absent: the default height). */
  rowHeights?: readonly (number | undefined)[];
  /** Native charts over blocks of this tab. */
  charts?: readonly TabChart[];
  /** Print setup. */
  print?: TabPrint;
}

/** A cell: strings are text (never formulas), numbers plain numbers; see tab-layout.ts for the rest. */
export type TabCell = string | number | null | NumberCell | TextCell;

/** A cell mark: an error highlight and a note with the message on a cell of staff's own tab. */
export interface CellMark {
  tab: string;
  cell: string;
  note: string;
}

/** Marks to place now, and marks placed by an earlier run to remove (cells that were fixed). */
export interface CellMarks {
  set: readonly CellMark[];
  clear: readonly CellMark[];
}

/** Options of one write. */
export interface WriteOptions {
  /** Error highlights and notes to place and clear (Google and the .xlsx package edit draw them). */
  marks?: CellMarks;
  /**
   * The version the caller read (`RawWorkbook.version`). When the workbook no longer has it (staff
   * saved while the run was working), nothing is written and WorkbookChangedError is thrown: the
   * caller records no version, and the next run reads the new content.
   */
  expectedVersion?: string;
}

export class WorkbookNotFoundError extends Error {
  constructor(
    readonly ref: string,
    options?: { cause?: unknown },
  ) {
    super(`Workbook not found: ${ref}`, options);
    this.name = 'WorkbookNotFoundError';
  }
}

export class WorkbookUnreadableError extends Error {
  constructor(
    readonly ref: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Workbook unreadable: ${ref}: ${reason}`, options);
    this.name = 'WorkbookUnreadableError';
  }
}

/** The workbook changed after it was read; nothing was written. */
export class WorkbookChangedError extends Error {
  constructor(
    readonly ref: string,
    options?: { cause?: unknown },
  ) {
    super(`Workbook changed since it was read: ${ref}`, options);
    this.name = 'WorkbookChangedError';
  }
}

/** Why a write was refused: the file is read-only, permission denied, locked by another program, or another I/O failure. */
export type WorkbookWriteRefusal = 'read_only' | 'permission' | 'busy' | 'io';

/**
 * The workbook could not be written (its content is untouched). `reason` is Vietnamese, for the
 * unit's finding ("tệp chỉ đọc", "không có quyền ghi"...).
 */
export class WorkbookWriteError extends Error {
  constructor(
    readonly ref: string,
    readonly kind: WorkbookWriteRefusal,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Workbook not written: ${ref}: ${reason}`, options);
    this.name = 'WorkbookWriteError';
  }
}

/**
 * Reads and writes workbooks. `ref` is a file name (embedded) or spreadsheet ID (Google).
 * Implementations read every requested tab in one call and write every tab in one call.
 */
export interface WorkbookGateway {
  /** Stats for many workbooks at once (one Drive list call; one stat per file locally). */
  stat(refs: readonly string[]): Promise<Map<string, WorkbookStat | undefined>>;
  /**
   * Reads the given tabs (missing tabs are simply absent from the result).
   * Throws WorkbookNotFoundError or WorkbookUnreadableError.
   */
  read(ref: string, tabs: readonly string[]): Promise<RawWorkbook>;
  /**
   * Replaces the given tabs (creating them if needed), leaving every other tab untouched, and
   * returns the workbook's stat after the write so the next run can tell it did not change.
   * Throws WorkbookChangedError (see WriteOptions.expectedVersion), WorkbookWriteError,
   * WorkbookNotFoundError or WorkbookUnreadableError; on any of them nothing was written.
   */
  writeTabs(ref: string, tabs: readonly TabWrite[], options?: WriteOptions): Promise<WorkbookStat>;
  /** Whether the workbook exists. */
  exists(ref: string): Promise<boolean>;
}
