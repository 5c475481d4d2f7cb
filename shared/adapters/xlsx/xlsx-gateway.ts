import { access, mkdir, stat as fsStat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type ExcelJS from 'exceljs';
import type { RawSheet, RawWorkbook } from '../../forms/raw-sheet.js';
import {
  WorkbookChangedError,
  WorkbookNotFoundError,
  WorkbookUnreadableError,
  WorkbookWriteError,
  type CellMarks,
  type TabWrite,
  type WorkbookGateway,
  type WorkbookStat,
  type WriteOptions,
} from '../../ports/workbook-gateway.js';
import { workbookStatOf, writeRefusalOf } from './workbook-file-replace.js';
import { worksheetToRows } from './xlsx-cells.js';
import {
  inflateLimitFailure,
  loadWorkbookBytes,
  newWorkbookBytes,
  readWorkbookBytes,
  saveBytesGuarded,
  saveNewWorkbookGuarded,
  serialiseWorkbook,
  type WorkbookBytes,
} from './xlsx-file.js';
import { uniqueTabs, writeTabsIntoPackage } from './xlsx-package-edit.js';
import { tabNamesOf } from './xlsx-package-structure.js';
import { InvalidWorkbookRefError, resolveWorkbookPath } from './xlsx-refs.js';
import { replaceTab } from './xlsx-tab-writer.js';
import { isValidSheetName, sameTabName, tabNameKey } from './xlsx-tab-names.js';
import { assertTabsKept } from './xlsx-tabs-kept.js';
import { ZipInflateLimitError } from './zip-inflate-limits.js';

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

const errnoCode = (e: unknown): string | undefined => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined);

const detailOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const isPortError = (e: unknown): boolean =>
  e instanceof WorkbookNotFoundError || e instanceof WorkbookUnreadableError || e instanceof WorkbookChangedError || e instanceof WorkbookWriteError;

/** A workbook as loaded: its bytes (for an edit of the package), their version, and exceljs' model of them. */
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
 * One unit's file never stops a run: every method answers for each ref with the port's errors
 * only (a TypeError of exceljs on a damaged file included), a zip bomb is refused while it is
 * inflated (zip-inflate-limits.ts), and a write never loses staff's content: it is refused when
 * the file changed since it was read, is read-only or locked, or when the package about to be
 * written lacks a tab of the original (xlsx-tabs-kept.ts); see workbook-file-replace.ts.
 *
 * Cell marks (`writeTabs(..., { marks })`) are drawn as in Google Sheets: a light red background and
 * a note with the message on each error cell of staff's own tabs, taken away once the cell is
 * fixed (xlsx-cell-marks.ts). Only the cell's format and the sheet's notes change, never a value;
 * staff's own backgrounds and notes are kept. They are drawn by the package edit only: a workbook
 * that edit cannot handle (and exceljs rewrites) gets the feedback tab alone, which lists every
 * problem with its cell anyway.
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

  /**
   * One stat per ref, each answered on its own. A ref that cannot be stat'ed for another reason
   * than its absence (a name leaving the workspace, a folder without permission) is reported as
   * present with a version no file has, so that the caller goes on to read() it, which says what
   * is wrong in Vietnamese, for that unit only, and never takes it as unchanged.
   */
  async stat(refs: readonly string[]): Promise<Map<string, WorkbookStat | undefined>> {
    const out = new Map<string, WorkbookStat | undefined>();
    await Promise.all(
      refs.map(async (ref) => {
        try {
          out.set(ref, await this.statOne(ref));
        } catch (error) {
          const why = error instanceof InvalidWorkbookRefError ? 'invalid-ref' : (errnoCode(error) ?? 'error');
          out.set(ref, { modifiedMs: 0, version: `unavailable:${why}` });
        }
      }),
    );
    return out;
  }

  /** Whether a workbook exists at the ref; a ref that leaves the workspace names none. */
  async exists(ref: string): Promise<boolean> {
    try {
      await access(this.pathOf(ref));
      return true;
    } catch {
      return false;
    }
  }

  async read(ref: string, tabs: readonly string[]): Promise<RawWorkbook> {
    try {
      const loaded = await this.load(ref, this.refPath(ref));
      const wanted = new Set(tabs.map(tabNameKey));
      const sheets: RawSheet[] = [];
      for (const ws of loaded.workbook.worksheets) {
        // Every matching tab is returned in tab order, so the parser can read the first and warn
        // about the others (two tabs differing only in case or spacing).
        if (wanted.has(tabNameKey(ws.name))) sheets.push({ name: ws.name, rows: worksheetToRows(ws) });
      }
      return { sheets, version: loaded.version };
    } catch (error) {
      if (error instanceof WorkbookNotFoundError || error instanceof WorkbookUnreadableError) throw error;
      // exceljs' model of a damaged file can fail anywhere it is walked: this workbook is unreadable.
      throw new WorkbookUnreadableError(ref, `tệp .xlsx bị hỏng (${detailOf(error)})`, { cause: error });
    }
  }

  async writeTabs(ref: string, tabs: readonly TabWrite[], options?: WriteOptions): Promise<WorkbookStat> {
    const cached = this.cache.get(ref);
    // Whatever happens next, a cached object stops mirroring the file.
    this.cache.delete(ref);
    try {
      const path = this.refPath(ref);
      const invalid = tabs.find((t) => !isValidSheetName(t.name));
      if (invalid) throw new WorkbookWriteError(ref, 'io', `tên trang tính "${invalid.name}" không hợp lệ`);
      await this.writeInto(ref, path, tabs, cached, options);
      const after = await this.statOne(ref);
      if (!after) throw new WorkbookNotFoundError(ref);
      return after;
    } catch (error) {
      if (isPortError(error)) throw error;
      if (errnoCode(error) !== undefined) {
        const refusal = writeRefusalOf(error);
        throw new WorkbookWriteError(ref, refusal.kind, refusal.reason, { cause: error });
      }
      // exceljs failing on a damaged file it loaded (a TypeError deep inside): unreadable, not a crash.
      throw new WorkbookUnreadableError(ref, `tệp .xlsx bị hỏng (${detailOf(error)})`, { cause: error });
    }
  }

  private async writeInto(
    ref: string,
    path: string,
    tabs: readonly TabWrite[],
    cached: LoadedWorkbook | undefined,
    options: WriteOptions | undefined,
  ): Promise<void> {
    const expectedVersion = options?.expectedVersion;
    const current = await this.statOne(ref);
    if (expectedVersion !== undefined && current?.version !== expectedVersion) throw new WorkbookChangedError(ref);
    if (current === undefined) {
      // A workbook that does not exist yet (the summary on a first run).
      await mkdir(dirname(path), { recursive: true });
      await saveNewWorkbookGuarded(path, ref, tabs, { expectedVersion: null });
      return;
    }
    // Read just before (a unit's feedback tab): no second read of the file.
    const reuse = cached !== undefined && cached.version === current.version ? cached : undefined;
    const base: WorkbookBytes = reuse ? { bytes: reuse.bytes, stat: current } : await readWorkbookBytes(path, ref);
    if (expectedVersion !== undefined && base.stat.version !== expectedVersion) throw new WorkbookChangedError(ref);
    const data = await this.rewritten(ref, base.bytes, reuse?.workbook, tabs, options?.marks);
    await saveBytesGuarded(path, ref, data, { expectedVersion: base.stat.version });
  }

  /** The workbook's new bytes, checked to hold every tab of the original (see assertTabsKept). */
  private async rewritten(
    ref: string,
    bytes: Buffer,
    loaded: ExcelJS.Workbook | undefined,
    tabs: readonly TabWrite[],
    marks: CellMarks | undefined,
  ): Promise<Buffer> {
    // Undefined means "cannot tell" (a part missing or not understood): then the safe path below.
    const names = this.guarded(ref, () => tabNamesOf(bytes));
    if (names !== undefined && names.every((n) => tabs.some((t) => sameTabName(t.name, n)))) {
      // Every tab is replaced (the summary on later runs): nothing to keep, so skip loading the
      // old content and write the new, keeping the existing tabs' order. A tab the workbook does
      // not have yet goes right after the tab it follows in the write (first when it leads it, as
      // the summary's new overview does), not last.
      const unique = uniqueTabs(tabs);
      const keys: number[] = [];
      unique.forEach((t, i) => {
        const at = names.findIndex((n) => sameTabName(n, t.name));
        keys.push(at >= 0 ? at : (keys[i - 1] ?? -1) + 1 / (unique.length + 1));
      });
      const data = await newWorkbookBytes(
        unique
          .map((t, i) => ({ t, k: keys[i] ?? 0 }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.t),
      );
      if (data !== undefined) {
        assertTabsKept(ref, names, data);
        return data;
      }
    }
    if (names !== undefined) {
      const edited = this.guarded(ref, () => {
        try {
          return writeTabsIntoPackage(bytes, tabs, new Date(), marks);
        } catch (error) {
          if (error instanceof ZipInflateLimitError) throw error;
          // A package the editor trips on is one it cannot handle: exceljs gets it, as for any other.
          return undefined;
        }
      });
      if (edited !== undefined) {
        assertTabsKept(ref, names, edited);
        return edited;
      }
    }
    const wb = loaded ?? (await loadWorkbookBytes(bytes, ref));
    // When the parser could not tell the tabs, exceljs' list is the best there is to check against.
    const kept = names ?? wb.worksheets.map((w) => w.name);
    for (const tab of uniqueTabs(tabs)) replaceTab(wb, tab);
    const data = await serialiseWorkbook(wb);
    assertTabsKept(ref, kept, data);
    return data;
  }

  /** Runs a reading step whose zip bomb becomes this workbook's WorkbookUnreadableError. */
  private guarded<T>(ref: string, step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof ZipInflateLimitError) throw inflateLimitFailure(ref, error);
      throw error;
    }
  }

  /** The path of a ref, or WorkbookUnreadableError (in Vietnamese) for a ref that names no file in the workspace. */
  private refPath(ref: string): string {
    try {
      return this.pathOf(ref);
    } catch (error) {
      const why = error instanceof InvalidWorkbookRefError ? error.reason : detailOf(error);
      throw new WorkbookUnreadableError(ref, `tên bảng tính không hợp lệ: ${why}`, { cause: error });
    }
  }

  /** The stat of a ref's file, undefined when there is none; throws InvalidWorkbookRefError or fs errors. */
  private async statOne(ref: string): Promise<WorkbookStat | undefined> {
    try {
      const s = await fsStat(this.pathOf(ref));
      return s.isFile() ? workbookStatOf(s) : undefined;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  /** The workbook as on disk now: from the cache when the file did not change since it was loaded. */
  private async load(ref: string, path: string): Promise<LoadedWorkbook> {
    const current = await this.statOne(ref).catch(() => undefined);
    const cached = this.cache.get(ref);
    this.cache.delete(ref);
    if (cached && current !== undefined && cached.version === current.version) {
      this.cache.set(ref, cached);
      return cached;
    }
    // The version is that of the bytes read (stat'ed on the open file), not of the stat above.
    const { bytes, stat } = await readWorkbookBytes(path, ref);
    const loaded: LoadedWorkbook = { version: stat.version, bytes, workbook: await loadWorkbookBytes(bytes, ref) };
    this.cache.set(ref, loaded);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    return loaded;
  }
}
