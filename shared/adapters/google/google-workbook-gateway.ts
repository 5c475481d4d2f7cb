import type { drive_v3 } from '@googleapis/drive';
import type { sheets_v4 } from '@googleapis/sheets';
import type { RawSheet, RawWorkbook } from '../../forms/raw-sheet.js';
import {
  WorkbookNotFoundError,
  WorkbookUnreadableError,
  type CellMarks,
  type WriteOptions,
  type TabWrite,
  type WorkbookGateway,
  type WorkbookStat,
} from '../../ports/workbook-gateway.js';
import { tabReadRange } from './a1.js';
import { GoogleApiClient, type GoogleApiClientOptions, type GoogleCallStats } from './google-api-client.js';
import { serviceAccountEmail } from './google-auth.js';
import { gridDataRows, trimRows, valueRangeRows } from './google-cells.js';
import {
  GoogleApiError,
  GoogleAuthenticationError,
  GoogleDeadlineExceededError,
  errorMessage,
  errorStatus,
  isRateLimited,
  unreadableReason,
} from './google-errors.js';
import { deleteSheetRequest, vietnameseLocaleRequest } from './sheet-requests.js';
import { exactPlan, findSheet, optimisticPlan, type GoogleTabTemplate, type SheetInfo, type WritePlan } from './write-plan.js';

export const SPREADSHEET_MIME_TYPE = 'application/vnd.google-apps.spreadsheet';

/**
 * The version stat() reports for a spreadsheet whose last change was our own write, and the one
 * writeTabs() returns. See GoogleWorkbookGatewayOptions.ownWrites.
 */
export const OWN_WRITE_VERSION = 'own-write';

export interface GoogleWorkbookGatewayOptions extends GoogleApiClientOptions {
  /**
   * The Drive folder holding the spreadsheets. With it, stat() is one files.list call (plus one
   * per 1000 files) for every ref in the folder; refs outside it, or every ref without it, cost one
   * files.get each.
   */
  folderId?: string;
  /**
   * How writeTabs() returns "the stat the next stat() will report" although a write changes
   * Drive's modifiedTime and version and batchUpdate's reply carries neither:
   * - `last-modifier` (default, no extra call): stat() reports OWN_WRITE_VERSION whenever Drive says
   *   the last modification was made by the caller (`lastModifyingUser.me`), and writeTabs() returns
   *   it too. Any edit by someone else makes Drive name them, so the version changes. This also
   *   survives Drive's metadata lag (modifiedTime may trail a write by minutes, so a files.get right
   *   after the write can still show the old value). It assumes the account running the pipeline
   *   is not also the one editing the forms (true for a service account).
   * - `refetch`: versions are Drive's `version`; writeTabs() ends with a files.get, one more call
   *   per write. For a token of a person who also edits the sheets by hand.
   */
  ownWrites?: 'last-modifier' | 'refetch';
  /** files.list page size (Drive's maximum is 1000). */
  pageSize?: number;
}

/** What a new spreadsheet gets besides its tabs. */
export interface CreateSpreadsheetOptions {
  /** Editors of protected header rows besides the service account (the coordination office). */
  editors?: readonly string[];
}

export interface CreatedSpreadsheet {
  spreadsheetId: string;
  /** False when a spreadsheet of that name already existed in the folder (only missing tabs were added). */
  created: boolean;
}

const FILE_FIELDS = 'id,name,modifiedTime,version,trashed,lastModifyingUser(me)';
const SHEET_PROPERTIES_FIELDS = 'sheets.properties(sheetId,title,index,gridProperties(rowCount,columnCount))';
const GRID_FIELDS =
  'sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount)),data(startRow,startColumn,rowData(values(effectiveValue))))';
/** Columns A..AZ, as in tabReadRange. */
const READ_COLUMN_COUNT = 52;

const driveQuote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function sheetInfos(spreadsheet: sheets_v4.Schema$Spreadsheet): SheetInfo[] {
  return (spreadsheet.sheets ?? []).flatMap((s) => {
    const p = s.properties;
    if (!p || typeof p.sheetId !== 'number' || typeof p.title !== 'string') return [];
    return [{ sheetId: p.sheetId, title: p.title, rowCount: p.gridProperties?.rowCount ?? 0, columnCount: p.gridProperties?.columnCount ?? 0 }];
  });
}

/**
 * WorkbookGateway over Google Sheets (values, formats, notes) and Google Drive (listing,
 * modification times, creation, sharing). Calls per operation:
 * - stat(refs): one files.list per 1000 files in the folder; refs not in it one files.get each.
 * - read(ref, tabs): one values.batchGet for all tabs. A missing or renamed tab makes Google
 *   refuse the whole batchGet (400 "Unable to parse range"); then one spreadsheets.get with grid
 *   data reads the tabs that exist (one extra call, only in that case) and the missing ones are
 *   absent from the result.
 * - writeTabs(ref, tabs, { marks }): one spreadsheets.batchUpdate (all-or-nothing on Google's side,
 *   so a retry is safe). If Google refuses it (a tab missing, renamed, or a marked cell gone),
 *   one spreadsheets.get and one more batchUpdate; if that is refused too and it carried marks,
 *   one last batchUpdate without them. With ownWrites='refetch', one files.get more.
 * - exists(ref): one files.get.
 * Every call is paced, retried and bounded as GoogleApiClient describes.
 */
export class GoogleWorkbookGateway implements WorkbookGateway {
  readonly client: GoogleApiClient;
  private readonly folderId: string | undefined;
  private readonly ownWrites: 'last-modifier' | 'refetch';
  private readonly pageSize: number;
  /** Tabs of spreadsheets learned from spreadsheets.get during this gateway's life. */
  private readonly sheetCache = new Map<string, SheetInfo[]>();

  constructor(options: GoogleWorkbookGatewayOptions) {
    this.client = new GoogleApiClient(options);
    this.folderId = options.folderId;
    this.ownWrites = options.ownWrites ?? 'last-modifier';
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  }

  /** Requests sent and retried so far, per operation. */
  stats(): GoogleCallStats {
    return this.client.stats();
  }

  async stat(refs: readonly string[]): Promise<Map<string, WorkbookStat | undefined>> {
    const unique = [...new Set(refs)];
    const out = new Map<string, WorkbookStat | undefined>();
    if (unique.length === 0) return out;
    const listed = this.folderId === undefined ? new Map<string, drive_v3.Schema$File>() : await this.listFolder(this.folderId);
    const rest = unique.filter((ref) => !listed.has(ref));
    const fetched = await Promise.all(rest.map(async (ref) => [ref, await this.getFile(ref)] as const));
    const byRef = new Map<string, drive_v3.Schema$File | undefined>([...listed, ...fetched]);
    for (const ref of unique) {
      const file = byRef.get(ref);
      out.set(ref, file && !file.trashed ? this.toStat(file) : undefined);
    }
    return out;
  }

  async exists(ref: string): Promise<boolean> {
    const file = await this.getFile(ref);
    return file !== undefined && !file.trashed;
  }

  async read(ref: string, tabs: readonly string[]): Promise<RawWorkbook> {
    const wanted = [...new Set(tabs)];
    const known = this.sheetCache.get(ref);
    // Tabs known to exist are read under their real titles; known-missing ones are not asked for.
    const targets = known
      ? wanted.flatMap((name) => {
          const s = findSheet(known, name);
          return s ? [s.title] : [];
        })
      : wanted;
    if (targets.length === 0 && known) return { sheets: [] };
    try {
      const data = await this.client.call('sheets.values.batchGet', (o) =>
        this.client.sheets.spreadsheets.values.batchGet(
          {
            spreadsheetId: ref,
            ranges: targets.map(tabReadRange),
            majorDimension: 'ROWS',
            valueRenderOption: 'UNFORMATTED_VALUE',
            dateTimeRenderOption: 'SERIAL_NUMBER',
          },
          o,
        ),
      );
      const ranges = data.valueRanges ?? [];
      const sheets: RawSheet[] = targets.map((name, i) => ({ name, rows: valueRangeRows(ranges[i]?.values) }));
      return { sheets };
    } catch (error) {
      if (!isMissingTabError(error)) throw workbookError(ref, error);
    }
    return this.readThroughGrid(ref, wanted);
  }

  async writeTabs(ref: string, tabs: readonly TabWrite[], options: WriteOptions = {}): Promise<WorkbookStat> {
    const { marks } = options;
    const known = this.sheetCache.get(ref);
    const first = known ? exactPlan(tabs, marks, known) : optimisticPlan(tabs, marks);
    try {
      await this.batchUpdate(ref, first);
    } catch (error) {
      if (errorStatus(error) !== 400) throw workbookError(ref, error);
      // Google applied nothing. Learn the real tabs and ids once, then send the exact batch.
      const sheets = await this.fetchSheets(ref);
      try {
        await this.batchUpdate(ref, exactPlan(tabs, marks, sheets));
      } catch (retryError) {
        const hasMarks = (marks?.set.length ?? 0) + (marks?.clear.length ?? 0) > 0;
        if (errorStatus(retryError) !== 400 || !hasMarks) {
          this.sheetCache.delete(ref);
          throw workbookError(ref, retryError);
        }
        // Marks are a courtesy (the feedback tab lists every problem): a cell we may not touch,
        // such as a header row staff protected against us, must not cost the feedback tab.
        try {
          await this.batchUpdate(ref, exactPlan(tabs, undefined, sheets));
        } catch (lastError) {
          this.sheetCache.delete(ref);
          throw workbookError(ref, lastError);
        }
      }
    }
    return this.statAfterWrite(ref);
  }

  /**
   * A spreadsheet in `folderId` with the given tabs (for `init --google`): Drive files.create, then
   * one batchUpdate that adds every tab with its fixed sheetId, protected header rows and
   * dropdowns, and removes the default first sheet. Repeatable: a spreadsheet of the same name in
   * the folder is reused and only its missing tabs are added, so a failed or repeated init does
   * not leave duplicates and never overwrites what staff typed.
   */
  async createSpreadsheet(
    title: string,
    tabs: readonly GoogleTabTemplate[],
    folderId: string,
    options: CreateSpreadsheetOptions = {},
  ): Promise<CreatedSpreadsheet> {
    const sa = serviceAccountEmail(this.client.auth);
    const editors = [...new Set([...(options.editors ?? []), ...(sa ? [sa] : [])])];
    const existing = await this.findByName(title, folderId);
    if (existing) {
      const sheets = await this.fetchSheets(existing);
      const missing = tabs.filter((t) => !findSheet(sheets, t.name));
      if (missing.length > 0) await this.batchUpdate(existing, exactPlan(missing, undefined, sheets, { editors }), sheets);
      return { spreadsheetId: existing, created: false };
    }
    const spreadsheetId = await this.createFile(title, folderId);
    // A new spreadsheet has one default tab, id 0, named after the owner's locale ("Sheet1",
    // "Trang tính1"): add ours first (a spreadsheet cannot lose its last tab), then drop it.
    const plan = exactPlan(tabs, undefined, [], { editors, ordered: true });
    plan.requests.push(deleteSheetRequest(0), vietnameseLocaleRequest());
    try {
      await this.batchUpdate(spreadsheetId, plan, []);
    } catch (error) {
      if (errorStatus(error) !== 400) throw workbookError(spreadsheetId, error);
      const sheets = await this.fetchSheets(spreadsheetId);
      const retry = exactPlan(tabs.filter((t) => !findSheet(sheets, t.name)), undefined, sheets, { editors, ordered: true });
      const ours = new Set(tabs.map((t) => t.name));
      for (const s of sheets) if (!ours.has(s.title) && !findSheet(retry.touched, s.title)) retry.requests.push(deleteSheetRequest(s.sheetId));
      retry.requests.push(vietnameseLocaleRequest());
      try {
        await this.batchUpdate(spreadsheetId, retry, sheets);
      } catch (retryError) {
        throw workbookError(spreadsheetId, retryError);
      }
    }
    return { spreadsheetId, created: true };
  }

  /**
   * Gives each e-mail access (Drive permissions.create, no notification e-mail). Granting the same
   * role twice is harmless on Drive's side, so a repeated call is safe.
   */
  async shareWith(spreadsheetId: string, emails: readonly string[], role: 'writer' | 'reader' | 'commenter' = 'writer'): Promise<void> {
    for (const emailAddress of new Set(emails)) {
      try {
        await this.client.call('drive.permissions.create', (o) =>
          this.client.drive.permissions.create(
            {
              fileId: spreadsheetId,
              sendNotificationEmail: false,
              supportsAllDrives: true,
              fields: 'id',
              requestBody: { type: 'user', role, emailAddress },
            },
            o,
          ),
        );
      } catch (error) {
        throw passThroughOr(error, () => new GoogleApiError('drive.permissions.create', errorStatus(error), errorMessage(error), { cause: error }));
      }
    }
  }

  // ---- internals ----

  private toStat(file: drive_v3.Schema$File): WorkbookStat {
    const modifiedMs = file.modifiedTime ? Date.parse(file.modifiedTime) : 0;
    const own = this.ownWrites === 'last-modifier' && file.lastModifyingUser?.me === true;
    return { modifiedMs: Number.isNaN(modifiedMs) ? 0 : modifiedMs, version: own ? OWN_WRITE_VERSION : `v${file.version ?? '0'}` };
  }

  private async statAfterWrite(ref: string): Promise<WorkbookStat> {
    if (this.ownWrites === 'last-modifier') return { modifiedMs: Date.now(), version: OWN_WRITE_VERSION };
    const file = await this.getFile(ref);
    if (!file) throw new WorkbookNotFoundError(ref);
    return this.toStat(file);
  }

  /** Every file in the folder, by id (one call per page). */
  private async listFolder(folderId: string): Promise<Map<string, drive_v3.Schema$File>> {
    const out = new Map<string, drive_v3.Schema$File>();
    let pageToken: string | undefined;
    do {
      let page: drive_v3.Schema$FileList;
      try {
        page = await this.client.call('drive.files.list', (o) =>
          this.client.drive.files.list(
            {
              q: `${driveQuote(folderId)} in parents and trashed=false`,
              fields: `nextPageToken,files(${FILE_FIELDS})`,
              pageSize: this.pageSize,
              ...(pageToken ? { pageToken } : {}),
              supportsAllDrives: true,
              includeItemsFromAllDrives: true,
            },
            o,
          ),
        );
      } catch (error) {
        // A folder we cannot see: fall back to asking for each file.
        if (errorStatus(error) === 404) return out;
        throw passThroughOr(error, () => new GoogleApiError('drive.files.list', errorStatus(error), errorMessage(error), { cause: error }));
      }
      for (const f of page.files ?? []) if (f.id) out.set(f.id, f);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  /** One file's metadata; undefined when Drive does not know it (Drive answers 404, not 403, for files not shared with us). */
  private async getFile(ref: string): Promise<drive_v3.Schema$File | undefined> {
    try {
      return await this.client.call('drive.files.get', (o) =>
        this.client.drive.files.get({ fileId: ref, fields: FILE_FIELDS, supportsAllDrives: true }, o),
      );
    } catch (error) {
      const status = errorStatus(error);
      if (status === 404) return undefined;
      // Visible but refused: report a stat so the pipeline reads it and records why it is unreadable.
      if (status === 403 && !isRateLimited(error)) return { id: ref, modifiedTime: new Date(0).toISOString(), version: 'forbidden' };
      throw passThroughOr(error, () => new GoogleApiError('drive.files.get', status, errorMessage(error), { cause: error }));
    }
  }

  private async findByName(title: string, folderId: string): Promise<string | undefined> {
    try {
      const page = await this.client.call('drive.files.list', (o) =>
        this.client.drive.files.list(
          {
            q: `name = ${driveQuote(title)} and ${driveQuote(folderId)} in parents and mimeType = ${driveQuote(SPREADSHEET_MIME_TYPE)} and trashed = false`,
            fields: 'files(id,name)',
            pageSize: 10,
            supportsAllDrives: true,
            includeItemsFromAllDrives: true,
          },
          o,
        ),
      );
      return page.files?.find((f) => f.name === title)?.id ?? undefined;
    } catch (error) {
      throw passThroughOr(error, () => new GoogleApiError('drive.files.list', errorStatus(error), errorMessage(error), { cause: error }));
    }
  }

  /**
   * files.create is not idempotent (a repeat after a lost reply makes a second file), so it is
   * retried only on refusals that prove nothing happened (429); after any other failure the
   * folder is searched by name before trying again.
   */
  private async createFile(title: string, folderId: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        const file = await this.client.call(
          'drive.files.create',
          (o) =>
            this.client.drive.files.create(
              { requestBody: { name: title, mimeType: SPREADSHEET_MIME_TYPE, parents: [folderId] }, fields: 'id', supportsAllDrives: true },
              o,
            ),
          { idempotent: false },
        );
        if (!file.id) throw new GoogleApiError('drive.files.create', undefined, 'no id in the reply');
        return file.id;
      } catch (error) {
        const status = errorStatus(error);
        const ambiguous = status === undefined || status >= 500;
        if (
          !ambiguous ||
          attempt >= 2 ||
          error instanceof GoogleDeadlineExceededError ||
          error instanceof GoogleAuthenticationError ||
          error instanceof GoogleApiError
        ) {
          throw passThroughOr(error, () => new GoogleApiError('drive.files.create', status, errorMessage(error), { cause: error }));
        }
        const found = await this.findByName(title, folderId);
        if (found) return found;
      }
    }
  }

  private async fetchSheets(ref: string): Promise<SheetInfo[]> {
    try {
      const data = await this.client.call('sheets.spreadsheets.get', (o) =>
        this.client.sheets.spreadsheets.get({ spreadsheetId: ref, fields: SHEET_PROPERTIES_FIELDS }, o),
      );
      const sheets = sheetInfos(data);
      this.sheetCache.set(ref, sheets);
      return sheets;
    } catch (error) {
      throw workbookError(ref, error);
    }
  }

  /** The error path of read(): one spreadsheets.get returns every tab's list and values together. */
  private async readThroughGrid(ref: string, wanted: readonly string[]): Promise<RawWorkbook> {
    let data: sheets_v4.Schema$Spreadsheet;
    try {
      data = await this.client.call('sheets.spreadsheets.get', (o) =>
        this.client.sheets.spreadsheets.get({ spreadsheetId: ref, includeGridData: true, fields: GRID_FIELDS }, o),
      );
    } catch (error) {
      throw workbookError(ref, error);
    }
    const infos = sheetInfos(data);
    this.sheetCache.set(ref, infos);
    const sheets: RawSheet[] = [];
    const seen = new Set<number>();
    for (const name of wanted) {
      const info = findSheet(infos, name);
      if (!info || seen.has(info.sheetId)) continue;
      seen.add(info.sheetId);
      const grid = (data.sheets ?? []).find((s) => s.properties?.sheetId === info.sheetId);
      // Same columns as the batchGet path (A..AZ), trimmed again once the rest is cut off.
      const rows = trimRows(gridDataRows(grid?.data ?? undefined).map((r) => r.slice(0, READ_COLUMN_COUNT)));
      sheets.push({ name: info.title, rows });
    }
    return { sheets };
  }

  /** One batchUpdate; on success the cache learns the tabs it created or resized. */
  private async batchUpdate(ref: string, plan: WritePlan, base?: readonly SheetInfo[]): Promise<void> {
    if (plan.requests.length === 0) return;
    await this.client.call('sheets.spreadsheets.batchUpdate', (o) =>
      this.client.sheets.spreadsheets.batchUpdate({ spreadsheetId: ref, requestBody: { requests: plan.requests } }, o),
    );
    const cached = base ? [...base] : this.sheetCache.get(ref);
    if (!cached) return;
    for (const t of plan.touched) {
      const i = cached.findIndex((s) => s.sheetId === t.sheetId);
      if (i >= 0) cached[i] = t;
      else cached.push(t);
    }
    const deleted = new Set(plan.requests.flatMap((r) => (typeof r.deleteSheet?.sheetId === 'number' ? [r.deleteSheet.sheetId] : [])));
    this.sheetCache.set(
      ref,
      cached.filter((s) => !deleted.has(s.sheetId)),
    );
  }
}

/** 400 "Unable to parse range": a requested tab does not exist (deleted or renamed). */
function isMissingTabError(error: unknown): boolean {
  return errorStatus(error) === 400 && /unable to parse range/i.test(errorMessage(error));
}

/** Errors that must stop the run pass through; anything else becomes `make()`. */
function passThroughOr(error: unknown, make: () => Error): Error {
  if (error instanceof GoogleDeadlineExceededError || error instanceof GoogleAuthenticationError) return error;
  return make();
}

/** A failed call on one workbook, as the port's errors. */
function workbookError(ref: string, error: unknown): Error {
  if (error instanceof WorkbookNotFoundError || error instanceof WorkbookUnreadableError) return error;
  return passThroughOr(error, () =>
    errorStatus(error) === 404 ? new WorkbookNotFoundError(ref, { cause: error }) : new WorkbookUnreadableError(ref, unreadableReason(error), { cause: error }),
  );
}
