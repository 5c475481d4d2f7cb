import type { drive_v3 } from '@googleapis/drive';
import type { sheets_v4 } from '@googleapis/sheets';
import type { RawWorkbook } from '../../forms/raw-sheet.js';
import {
  WorkbookNotFoundError,
  WorkbookUnreadableError,
  WorkbookWriteError,
  type WriteOptions,
  type TabWrite,
  type WorkbookGateway,
  type WorkbookStat,
} from '../../ports/workbook-gateway.js';
import { quoteTabName } from './a1.js';
import { GoogleApiClient, type GoogleApiClientOptions, type GoogleCallStats } from './google-api-client.js';
import { serviceAccountEmail } from './google-auth.js';
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
import { readSpreadsheet, sameAsRead, sheetInfos, SPREADSHEET_READ_FIELDS, VALUES_RESPONSE_FIELDS } from './spreadsheet-read.js';
import { exactPlan, findSheet, optimisticPlan, type GoogleTabTemplate, type SheetInfo, type TabNotes, type WritePlan } from './write-plan.js';

export const SPREADSHEET_MIME_TYPE = 'application/vnd.google-apps.spreadsheet';

/**
 * The version stat() reports for a spreadsheet whose last change was our own write, and the one
 * writeTabs() returns. See GoogleWorkbookGatewayOptions.ownWrites.
 */
export const OWN_WRITE_VERSION = 'own-write';

/**
 * The version writeTabs() returns when the tabs it read changed before its write landed (staff
 * typed meanwhile): no stat() ever reports it, so the next run reads the spreadsheet again and
 * validates that edit instead of taking our own write for the last change.
 */
export const CHANGED_SINCE_READ_VERSION = 'changed-since-read';

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
  /**
   * The account spreadsheets must be shared with, named in Vietnamese reasons ("chưa chia sẻ bảng
   * tính cho ..."). Default: the service account's e-mail from its key.
   */
  accountEmail?: string;
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

const driveQuote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** What a read left for the write that follows it: the notes it saw and a digest of each tab read. */
interface ReadMemo {
  notes: ReadonlyMap<number, TabNotes>;
  digests: ReadonlyMap<number, string>;
  /** Titles of the tabs read, as they were. */
  titles: string[];
}

/**
 * WorkbookGateway over Google Sheets (values, formats, notes) and Google Drive (listing,
 * modification times, creation, sharing). Calls per operation:
 * - stat(refs): one files.list per 1000 files in the folder; refs not in it one files.get each.
 * - read(ref, tabs): one spreadsheets.get (a Sheets read) returning every tab's id and size with
 *   the values and notes of its cells (see SPREADSHEET_READ_FIELDS for why no `ranges`). Missing
 *   tabs are absent from the result; a tab renamed only in case or spacing is found.
 * - writeTabs(ref, tabs, { marks }): one spreadsheets.batchUpdate (a Sheets write; all or nothing
 *   on Google's side, so a retry is safe). After a read of the same spreadsheet by this gateway
 *   it names every tab by the id the read returned, so it is exact whatever made the spreadsheet,
 *   and its reply carries the tabs read, to tell whether staff changed them meanwhile (see
 *   CHANGED_SINCE_READ_VERSION). Without a read (the summary) it assumes the ids our templates
 *   give. Only when Google refuses it: a protected marked cell costs one more write without the
 *   marks; a missing or renamed tab one spreadsheets.get and one more write. With
 *   ownWrites='refetch', one files.get more.
 * - exists(ref): one files.get.
 * Every call is paced (Sheets reads, Sheets writes and Drive in their own buckets), retried and
 * bounded as GoogleApiClient describes.
 *
 * WriteOptions.expectedVersion is not checked before writing: batchUpdate has no precondition, and
 * asking Drive first would cost a call per write. Nothing is lost by that: the write touches only
 * the feedback tab and the marked cells' notes and backgrounds, and Google merges it with staff's
 * edits; what an edit made between our read and our write could lose is its validation, and the
 * reply's check above gives it back (the next run reads again).
 */
export class GoogleWorkbookGateway implements WorkbookGateway {
  readonly client: GoogleApiClient;
  private readonly folderId: string | undefined;
  private readonly ownWrites: 'last-modifier' | 'refetch';
  private readonly pageSize: number;
  private readonly account: string | undefined;
  /** Tabs of spreadsheets learned from reads, writes and spreadsheets.get during this gateway's life. */
  private readonly sheetCache = new Map<string, SheetInfo[]>();
  /** What each read saw, for the write of the same spreadsheet (same run, same gateway). */
  private readonly reads = new Map<string, ReadMemo>();

  constructor(options: GoogleWorkbookGatewayOptions) {
    this.client = new GoogleApiClient(options);
    this.folderId = options.folderId;
    this.ownWrites = options.ownWrites ?? 'last-modifier';
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.account = options.accountEmail ?? serviceAccountEmail(options.auth);
  }

  /** Requests sent and retried so far, per operation and per quota bucket. */
  stats(): GoogleCallStats {
    return this.client.stats();
  }

  /** The account named in reasons and hints (undefined with a bare access token). */
  get accountEmail(): string | undefined {
    return this.account;
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

  /**
   * Throws WorkbookNotFoundError when Google says the spreadsheet does not exist (404) and
   * WorkbookUnreadableError when it exists but is not shared with us (403: Drive hides such a
   * file, answering 404 and leaving it out of listings, but Sheets tells the two apart).
   * RawWorkbook.version stays unset: spreadsheets.get carries no version, and Drive's would cost a call.
   */
  async read(ref: string, tabs: readonly string[]): Promise<RawWorkbook> {
    let data: sheets_v4.Schema$Spreadsheet;
    try {
      data = await this.client.call('sheets.spreadsheets.get', (o) =>
        this.client.sheets.spreadsheets.get({ spreadsheetId: ref, fields: SPREADSHEET_READ_FIELDS }, o),
      );
    } catch (error) {
      throw this.workbookError(ref, error, 'read');
    }
    const read = readSpreadsheet(data, [...new Set(tabs)]);
    this.sheetCache.set(ref, read.sheets);
    this.reads.set(ref, { notes: read.notes, digests: read.digests, titles: read.workbook.map((s) => s.name) });
    return { sheets: read.workbook };
  }

  async writeTabs(ref: string, tabs: readonly TabWrite[], options: WriteOptions = {}): Promise<WorkbookStat> {
    const { marks } = options;
    const memo = this.reads.get(ref);
    let sheets = this.sheetCache.get(ref);
    let withMarks = (marks?.set.length ?? 0) + (marks?.clear.length ?? 0) > 0;
    let refreshed = false;
    let unchanged = true;
    for (let attempt = 0; ; attempt++) {
      const planMarks = withMarks ? marks : undefined;
      const plan = sheets ? exactPlan(tabs, planMarks, sheets, memo ? { notes: memo.notes } : {}) : optimisticPlan(tabs, planMarks);
      // After a refresh the tabs already moved under us: no need to ask what they hold.
      const check = memo && !refreshed && memo.titles.length > 0 ? memo : undefined;
      try {
        const reply = await this.batchUpdate(ref, plan, undefined, check?.titles);
        if (check) unchanged = sameAsRead(reply, check.digests);
        break;
      } catch (error) {
        // A 400 means Google applied nothing (5xx and 429 were already retried): choose the next plan from why it refused.
        if (errorStatus(error) === 400 && attempt < 2) {
          if (withMarks && isProtectedCellError(error)) {
            // Marks are a courtesy (the feedback tab lists every problem): a cell we may not
            // touch, such as a header row staff protected against us, must not cost the feedback tab.
            withMarks = false;
            continue;
          }
          if (!refreshed) {
            // A tab missing, renamed or recreated since we learned its id: learn the tabs once.
            sheets = await this.fetchSheets(ref);
            refreshed = true;
            continue;
          }
          if (withMarks) {
            withMarks = false;
            continue;
          }
        }
        this.forget(ref);
        throw this.workbookError(ref, error, 'write');
      }
    }
    // A read's memo serves the one write that follows it; the tabs it knew stay cached.
    this.reads.delete(ref);
    if (memo && (refreshed || !unchanged)) return { modifiedMs: Date.now(), version: CHANGED_SINCE_READ_VERSION };
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
      const retry = exactPlan(
        tabs.filter((t) => !findSheet(sheets, t.name)),
        undefined,
        sheets,
        { editors, ordered: true },
      );
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
      return await this.client.call('drive.files.get', (o) => this.client.drive.files.get({ fileId: ref, fields: FILE_FIELDS, supportsAllDrives: true }, o));
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
      throw this.workbookError(ref, error, 'read');
    }
  }

  /**
   * One batchUpdate; on success the cache learns the tabs it created or resized. With
   * `replyTabs`, the reply carries those tabs' values after the write.
   */
  private async batchUpdate(
    ref: string,
    plan: WritePlan,
    base?: readonly SheetInfo[],
    replyTabs?: readonly string[],
  ): Promise<sheets_v4.Schema$Spreadsheet | undefined> {
    if (plan.requests.length === 0) return undefined;
    const requestBody: sheets_v4.Schema$BatchUpdateSpreadsheetRequest = { requests: plan.requests };
    const withReply = replyTabs !== undefined && replyTabs.length > 0;
    if (withReply) {
      requestBody.includeSpreadsheetInResponse = true;
      requestBody.responseIncludeGridData = true;
      // Whole tabs by name: always a valid range while the tab exists, whatever its size now.
      requestBody.responseRanges = replyTabs.map(quoteTabName);
    }
    const reply = await this.client.call('sheets.spreadsheets.batchUpdate', (o) =>
      this.client.sheets.spreadsheets.batchUpdate({ spreadsheetId: ref, requestBody, ...(withReply ? { fields: VALUES_RESPONSE_FIELDS } : {}) }, o),
    );
    const cached = base ? [...base] : this.sheetCache.get(ref);
    if (cached) {
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
    return reply.updatedSpreadsheet ?? undefined;
  }

  private forget(ref: string): void {
    this.sheetCache.delete(ref);
    this.reads.delete(ref);
  }

  /** Who to share with, for reasons staff read. */
  private accountName(): string {
    return this.account ?? 'tài khoản Google mà hệ thống dùng';
  }

  /**
   * A failed call on one workbook, as the port's errors. A 403 that is not a rate limit means
   * the spreadsheet is not shared with us (a read) or shared view-only (a write).
   */
  private workbookError(ref: string, error: unknown, during: 'read' | 'write'): Error {
    if (error instanceof WorkbookNotFoundError || error instanceof WorkbookUnreadableError) return error;
    const status = errorStatus(error);
    if (status === 403 && !isRateLimited(error)) {
      if (during === 'write') {
        return new WorkbookWriteError(
          ref,
          'permission',
          `không có quyền chỉnh sửa: cần chia sẻ bảng tính cho ${this.accountName()} với quyền Người chỉnh sửa`,
          { cause: error },
        );
      }
      return new WorkbookUnreadableError(ref, `chưa chia sẻ bảng tính cho ${this.accountName()}`, { cause: error });
    }
    return workbookError(ref, error);
  }
}

/** 400 for a request touching a protected range we are not an editor of. */
function isProtectedCellError(error: unknown): boolean {
  return errorStatus(error) === 400 && /protected cell or object/i.test(errorMessage(error));
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
