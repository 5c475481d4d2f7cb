import { access, mkdir, stat as fsStat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type ExcelJS from 'exceljs';
import type { RawSheet, RawWorkbook } from '../../forms/raw-sheet.js';
import {
  WorkbookNotFoundError,
  WorkbookUnreadableError,
  type WriteOptions,
  type TabWrite,
  type WorkbookGateway,
  type WorkbookStat,
} from '../../ports/workbook-gateway.js';
import { worksheetToRows } from './xlsx-cells.js';
import { loadWorkbookBytes, readWorkbookBytes, saveBytesAtomic, saveNewWorkbookAtomic, saveWorkbookAtomic, sheetNamesOf } from './xlsx-file.js';
import { writeTabsIntoPackage } from './xlsx-package-edit.js';
import { InvalidWorkbookRefError, resolveWorkbookPath } from './xlsx-refs.js';
import { replaceTab } from './xlsx-tab-writer.js';
import { sameTabName, tabNameKey } from './xlsx-tab-names.js';

export interface XlsxWorkbookGatewayOptions {
  /** The folder refs are relative to (the workspace). */
  dir: string;
  /**
   * How many loaded workbooks to keep for a write that follows a read. The pipeline reads a unit's
   * workbook and writes its feedback tab right after; keeping every workbook of a 700-unit run
   * would hold gigabytes, so only the most recent few are kept.
   */
  cacheSize?: number;
}

const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

/** A workbook as loaded: its bytes (for an edit of the package) and exceljs' model of them. */
interface LoadedWorkbook {
  version: string;
  bytes: Buffer;
  workbook: ExcelJS.Workbook;
}

/**
 * `.xlsx` files in a folder (embedded mode), read with exceljs. Tabs are written into an existing
 * workbook by editing its zip package (xlsx-package-edit.ts): only the written tabs' parts and the
 * few bookkeeping parts change, every other byte is copied, at a small fraction of what loading
 * and re-serialising the workbook with exceljs cost (and without dropping the charts, pivot tables
 * and other content exceljs does not model). A package that edit cannot handle safely is loaded
 * and saved with exceljs as before. New workbooks, and workbooks whose every tab is replaced, are
 * rendered whole (xlsx-package-new.ts).
 *
 * Cell marks (`writeTabs(..., { marks })`) are deliberately not drawn in .xlsx files: marking a cell
 * means changing a sheet staff own (fill, note) and, to clear a mark later, remembering and
 * restoring their own formatting. The feedback tab already lists every problem with its cell, so
 * the gateway writes only the tabs it was given and never touches staff's sheets.
 */
export class XlsxWorkbookGateway implements WorkbookGateway {
  private readonly dir: string;
  private readonly cacheSize: number;
  /** Loaded workbooks by ref, most recently used last, each with the file version it was loaded from. */
  private readonly cache = new Map<string, LoadedWorkbook>();

  constructor(options: XlsxWorkbookGatewayOptions) {
    this.dir = options.dir;
    this.cacheSize = options.cacheSize ?? 8;
  }

  /** Absolute path of a ref; throws InvalidWorkbookRefError for `..` or absolute refs. */
  pathOf(ref: string): string {
    return resolveWorkbookPath(this.dir, ref);
  }

  async stat(refs: readonly string[]): Promise<Map<string, WorkbookStat | undefined>> {
    const out = new Map<string, WorkbookStat | undefined>();
    await Promise.all(
      refs.map(async (ref) => {
        out.set(ref, await this.statOne(ref));
      }),
    );
    return out;
  }

  async exists(ref: string): Promise<boolean> {
    try {
      await access(this.pathOf(ref));
      return true;
    } catch (error) {
      if (error instanceof InvalidWorkbookRefError) throw error;
      return false;
    }
  }

  async read(ref: string, tabs: readonly string[]): Promise<RawWorkbook> {
    let path: string;
    try {
      path = this.pathOf(ref);
    } catch (error) {
      // The port promises NotFound or Unreadable from read(); a bad reference is reported as unreadable.
      const reason = 'tên bảng tính không hợp lệ (không được là đường dẫn tuyệt đối hoặc chứa "..")';
      throw new WorkbookUnreadableError(ref, reason, { cause: error });
    }
    const wb = (await this.load(ref, path)).workbook;
    const wanted = new Set(tabs.map(tabNameKey));
    const sheets: RawSheet[] = [];
    for (const ws of wb.worksheets) {
      // Every matching tab is returned in tab order, so the parser can read the first and warn
      // about the others (two tabs differing only in case or spacing).
      if (wanted.has(tabNameKey(ws.name))) sheets.push({ name: ws.name, rows: worksheetToRows(ws) });
    }
    return { sheets };
  }

  async writeTabs(ref: string, tabs: readonly TabWrite[], _options?: WriteOptions): Promise<WorkbookStat> {
    const path = this.pathOf(ref);
    const before = await this.statOne(ref);
    const cached = this.cache.get(ref);
    // Whatever happens next, a cached object stops mirroring the file.
    this.cache.delete(ref);
    if (before === undefined) {
      // A workbook that does not exist yet (the summary on a first run).
      await mkdir(dirname(path), { recursive: true });
      await saveNewWorkbookAtomic(path, tabs);
    } else {
      // Read just before (a unit's feedback tab): no second read of the file.
      const loaded = cached && cached.version === before.version ? cached : undefined;
      const bytes = loaded?.bytes ?? (await readWorkbookBytes(path, ref));
      const names = sheetNamesOf(bytes);
      if (names !== undefined && names.every((n) => tabs.some((t) => sameTabName(t.name, n)))) {
        // Every tab is replaced (the summary on later runs): nothing to keep, so skip loading the
        // old content and write the new, keeping the existing tabs' order.
        const order = (t: TabWrite): number => {
          const i = names.findIndex((n) => sameTabName(n, t.name));
          return i < 0 ? names.length : i;
        };
        await saveNewWorkbookAtomic(path, [...tabs].sort((a, b) => order(a) - order(b)));
      } else {
        const edited = writeTabsIntoPackage(bytes, tabs);
        if (edited !== undefined) {
          await saveBytesAtomic(path, edited);
        } else {
          const wb = loaded?.workbook ?? (await loadWorkbookBytes(bytes, ref));
          for (const tab of tabs) replaceTab(wb, tab);
          await saveWorkbookAtomic(wb, path);
        }
      }
    }
    const after = await this.statOne(ref);
    if (!after) throw new WorkbookNotFoundError(ref);
    return after;
  }

  private async statOne(ref: string): Promise<WorkbookStat | undefined> {
    try {
      const s = await fsStat(this.pathOf(ref));
      if (!s.isFile()) return undefined;
      return { modifiedMs: s.mtimeMs, version: `${s.size}:${s.mtimeMs}` };
    } catch (error) {
      if (error instanceof InvalidWorkbookRefError) throw error;
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  /** The workbook as on disk now: from the cache when the file did not change since it was loaded. */
  private async load(ref: string, path: string): Promise<LoadedWorkbook> {
    const current = await this.statOne(ref);
    if (current === undefined) {
      this.cache.delete(ref);
      throw new WorkbookNotFoundError(ref);
    }
    const cached = this.cache.get(ref);
    if (cached && cached.version === current.version) {
      this.cache.delete(ref);
      this.cache.set(ref, cached);
      return cached;
    }
    this.cache.delete(ref);
    const bytes = await readWorkbookBytes(path, ref);
    const loaded: LoadedWorkbook = { version: current.version, bytes, workbook: await loadWorkbookBytes(bytes, ref) };
    this.cache.set(ref, loaded);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    return loaded;
  }
}
