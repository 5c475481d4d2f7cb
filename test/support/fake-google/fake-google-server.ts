import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { echoRange, findTitle, RangeParseError, resolveRange } from './fake-a1.js';
import { applyBatchUpdate, sheetProperties } from './fake-batch-update.js';
import { parseDriveQuery } from './fake-drive-query.js';
import { driveError, FakeApiError, injectedError, sheetsError, unauthenticated } from './fake-errors.js';
import {
  cellAt,
  effectiveOf,
  FOLDER_MIME,
  formatted,
  isEmptyCell,
  newSheet,
  putCell,
  seedToCell,
  SPREADSHEET_MIME,
  unformatted,
  type FakeCell,
  type FakeFile,
  type FakeProtectedRange,
  type FakeSheet,
  type FakeSpreadsheet,
  type SeedCell,
} from './fake-model.js';
import { FakeQuota, quotaMessage, type FakeBucket, type FakeQuotaLimits } from './fake-quota.js';
import { applyFieldMask, parseFieldMask, type MaskTree } from './field-mask.js';

/**
 * A local HTTP server speaking the Sheets v4 and Drive v3 wire formats for the calls the product
 * makes, so tests drive the real @googleapis clients (request building, paging, retries) against
 * it. Point a client at it with `rootUrl: server.rootUrl` and a token from `tokens`.
 *
 * Behaviours kept from Google: bearer token required (401); values.batchGet renders
 * UNFORMATTED_VALUE as JSON numbers/booleans, trims trailing empty cells and rows, omits `values`
 * for an empty range, clips ranges to the grid, and refuses the whole call with 400
 * `Unable to parse range: <range>` when one range names a missing tab; batchUpdate is
 * all-or-nothing (the first bad request answers 400 and nothing changes); every change bumps the
 * Drive file's `version` and `modifiedTime` and records who made it (`lastModifyingUser.me`);
 * a new spreadsheet's only tab has sheetId 0 and a locale-dependent name (`Trang tính1`), and
 * tabs not given an id (seeded, added by hand, `addSheet` without one) get large random ids;
 * spreadsheets.get with `ranges` returns only the sheets the ranges touch; files not shared with
 * the caller are invisible to Drive (404, not listed) and refused by Sheets (403), while an
 * unknown ID is 404 on both; with `quota`, Sheets reads and writes are counted per user in two
 * buckets apart (Drive in neither) and a request over its bucket answers 429.
 */
export type FakeOperation =
  | 'sheets.values.batchGet'
  | 'sheets.spreadsheets.get'
  | 'sheets.spreadsheets.batchUpdate'
  | 'sheets.spreadsheets.create'
  | 'drive.files.list'
  | 'drive.files.get'
  | 'drive.files.create'
  | 'drive.permissions.create'
  | 'unknown';

export interface FakeRequest {
  /** Order of arrival, from 1. */
  seq: number;
  operation: FakeOperation;
  httpMethod: string;
  path: string;
  /** The query string's parameters (repeated ones joined by `,`). */
  query: Record<string, string>;
  spreadsheetId?: string;
  fileId?: string;
  /** E-mail of the token's user; undefined when unauthenticated. */
  user?: string;
  /** The quota bucket Google counts the request in (undefined for routes the fake does not know). */
  bucket?: FakeBucket;
}

/** What the fault hook may do to a request: wait, then answer an error instead of serving it. */
export interface FaultDecision {
  delayMs?: number;
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** Serve the request first, then answer the error anyway: a reply lost after the work was done. */
  serveFirst?: boolean;
}

export type FaultHook = (request: FakeRequest) => FaultDecision | undefined;

export interface FakeLogEntry extends FakeRequest {
  /** Arrival time, ms (performance clock of this process). */
  at: number;
  status: number;
  injected: boolean;
}

export const FAKE_TOKEN = 'fake-access-token';
export const FAKE_SERVICE_ACCOUNT = 'pipeline@fake-project.iam.gserviceaccount.com';
export const FAKE_STAFF = 'can-bo@huyen.example.vn';

export interface FakeGoogleOptions {
  /** Bearer token -> user e-mail. Default: FAKE_TOKEN is the service account. */
  tokens?: Record<string, string>;
  /** Largest Drive page the fake returns, whatever pageSize asks (Drive may return fewer). Default 1000. */
  maxPageSize?: number;
  /** Name of the first tab of a new spreadsheet (Google names it in the owner's locale). */
  defaultSheetTitle?: string;
  /** Per-user Sheets quotas to enforce (none by default). */
  quota?: FakeQuotaLimits;
}

export interface SeedTab {
  title: string;
  sheetId?: number;
  rows?: SeedCell[][];
  rowCount?: number;
  columnCount?: number;
}

export interface SeedSpreadsheet {
  title: string;
  id?: string;
  folderId?: string;
  tabs: SeedTab[];
  /** Who created it (its last modifier). Default: staff. */
  by?: string;
  /** Spreadsheet locale. Default: vi_VN (staff's own files). */
  locale?: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class FakeGoogleServer {
  private readonly server: Server;
  private readonly tokens: Map<string, string>;
  private readonly maxPageSize: number;
  private readonly defaultSheetTitle: string;
  private readonly files = new Map<string, FakeFile>();
  private readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  private readonly denied = new Set<string>();
  private readonly quota: FakeQuota | undefined;
  private idCounter = 0;
  private sheetIdCounter = 0;
  private seq = 0;
  private lastModifiedMs = 0;
  /** Every request received, in order, with its answer. */
  readonly log: FakeLogEntry[] = [];
  /** Decides, per request, to delay it or answer an error. */
  fault: FaultHook | undefined;
  rootUrl = '';

  private constructor(options: FakeGoogleOptions) {
    this.tokens = new Map(Object.entries(options.tokens ?? { [FAKE_TOKEN]: FAKE_SERVICE_ACCOUNT }));
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.defaultSheetTitle = options.defaultSheetTitle ?? 'Trang tính1';
    this.quota = options.quota ? new FakeQuota(options.quota) : undefined;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 500, message: String(error), status: 'INTERNAL' } }));
        }
      });
    });
  }

  static async start(options: FakeGoogleOptions = {}): Promise<FakeGoogleServer> {
    const fake = new FakeGoogleServer(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.rootUrl = `http://127.0.0.1:${port}/`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- seeding and inspection (in-process, not counted as requests) ----

  createFolder(name: string, id?: string): string {
    const folderId = id ?? this.newId();
    const now = this.tick();
    this.files.set(folderId, {
      id: folderId,
      name,
      mimeType: FOLDER_MIME,
      parents: ['root'],
      trashed: false,
      createdMs: now,
      modifiedMs: now,
      version: 1,
      lastModifyingUser: FAKE_STAFF,
      owner: FAKE_STAFF,
      permissions: [],
    });
    return folderId;
  }

  createSpreadsheet(seed: SeedSpreadsheet): string {
    const id = seed.id ?? this.newId();
    const by = seed.by ?? FAKE_STAFF;
    const ss: FakeSpreadsheet = {
      spreadsheetId: id,
      title: seed.title,
      locale: seed.locale ?? 'vi_VN',
      timeZone: 'Asia/Ho_Chi_Minh',
      sheets: [],
      nextProtectedRangeId: 1,
    };
    seed.tabs.forEach((tab, i) => {
      const rows = tab.rows ?? [];
      const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
      const sheet = newSheet(
        tab.sheetId ?? (i === 0 ? 0 : this.randomSheetId()),
        tab.title,
        Math.max(tab.rowCount ?? 1000, rows.length),
        Math.max(tab.columnCount ?? 26, width),
      );
      rows.forEach((row, r) => row.forEach((v, c) => putCell(sheet, r, c, seedToCell(v))));
      ss.sheets.push(sheet);
    });
    if (ss.sheets.length === 0) ss.sheets.push(newSheet(0, this.defaultSheetTitle));
    this.spreadsheets.set(id, ss);
    const now = this.tick();
    this.files.set(id, {
      id,
      name: seed.title,
      mimeType: SPREADSHEET_MIME,
      parents: [seed.folderId ?? 'root'],
      trashed: false,
      createdMs: now,
      modifiedMs: now,
      version: 1,
      lastModifyingUser: by,
      owner: by,
      permissions: [],
    });
    return id;
  }

  /** Someone edits cells in the browser: values from `topLeft` on (null clears), bumping the file. */
  editCells(spreadsheetId: string, tab: string, topLeft: string, rows: SeedCell[][], by: string = FAKE_STAFF): void {
    const sheet = this.mustSheet(spreadsheetId, tab);
    const { row: r0, column: c0 } = parseCell(topLeft);
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (r0 + i >= sheet.rowCount) sheet.rowCount = r0 + i + 1;
        if (c0 + j >= sheet.columnCount) sheet.columnCount = c0 + j + 1;
        const prev = cellAt(sheet, r0 + i, c0 + j);
        const next = seedToCell(v);
        const { userEnteredValue: _v, effectiveValue: _e, ...rest } = prev ?? {};
        putCell(sheet, r0 + i, c0 + j, next ? { ...rest, ...next } : rest);
      }),
    );
    this.touch(spreadsheetId, by);
  }

  /** Someone writes a note on a cell by hand (replacing any note there). */
  editNote(spreadsheetId: string, tab: string, a1: string, note: string, by: string = FAKE_STAFF): void {
    const sheet = this.mustSheet(spreadsheetId, tab);
    const { row, column } = parseCell(a1);
    putCell(sheet, row, column, { ...(cellAt(sheet, row, column) ?? {}), note });
    this.touch(spreadsheetId, by);
  }

  /** Someone formats a cell by hand (bold, colours...): merged into its userEnteredFormat. */
  formatCell(spreadsheetId: string, tab: string, a1: string, format: Record<string, unknown>, by: string = FAKE_STAFF): void {
    const sheet = this.mustSheet(spreadsheetId, tab);
    const { row, column } = parseCell(a1);
    const prev = cellAt(sheet, row, column) ?? {};
    putCell(sheet, row, column, { ...prev, userEnteredFormat: { ...(prev.userEnteredFormat ?? {}), ...format } });
    this.touch(spreadsheetId, by);
  }

  renameTab(spreadsheetId: string, from: string, to: string, by: string = FAKE_STAFF): void {
    this.mustSheet(spreadsheetId, from).title = to;
    this.touch(spreadsheetId, by);
  }

  /** Someone protects rows of a tab by hand, leaving only `editors` (and the owner) able to change them. */
  protectRows(spreadsheetId: string, tab: string, rows: number, editors: string[], by: string = FAKE_STAFF): void {
    const ss = this.mustSpreadsheet(spreadsheetId);
    const sheet = this.mustSheet(spreadsheetId, tab);
    sheet.protectedRanges.push({
      protectedRangeId: ss.nextProtectedRangeId++,
      range: { sheetId: sheet.sheetId, startRowIndex: 0, endRowIndex: rows },
      warningOnly: false,
      editors: { users: editors },
    });
    this.touch(spreadsheetId, by);
  }

  /**
   * Someone recreates a tab by hand (duplicates it, deletes the original, renames the copy): same
   * title, position and content, a new random id. Returns the new id.
   */
  recreateTab(spreadsheetId: string, title: string, by: string = FAKE_STAFF): number {
    const sheet = this.mustSheet(spreadsheetId, title);
    sheet.sheetId = this.randomSheetId();
    for (const p of sheet.protectedRanges) p.range['sheetId'] = sheet.sheetId;
    this.touch(spreadsheetId, by);
    return sheet.sheetId;
  }

  /** Someone adds a tab by hand (Google gives it a random id). */
  addTab(spreadsheetId: string, title: string, rows: SeedCell[][] = [], by: string = FAKE_STAFF): number {
    const ss = this.mustSpreadsheet(spreadsheetId);
    const sheet = newSheet(this.randomSheetId(), title);
    rows.forEach((row, r) => row.forEach((v, c) => putCell(sheet, r, c, seedToCell(v))));
    ss.sheets.push(sheet);
    this.touch(spreadsheetId, by);
    return sheet.sheetId;
  }

  deleteTab(spreadsheetId: string, title: string, by: string = FAKE_STAFF): void {
    const ss = this.mustSpreadsheet(spreadsheetId);
    const sheet = this.mustSheet(spreadsheetId, title);
    ss.sheets = ss.sheets.filter((s) => s !== sheet);
    this.touch(spreadsheetId, by);
  }

  /** Not shared with the caller any more: Drive hides it, Sheets answers 403. */
  deny(id: string): void {
    this.denied.add(id);
  }

  trash(id: string): void {
    const f = this.files.get(id);
    if (f) f.trashed = true;
  }

  /** A tab's values as values.batchGet renders them with UNFORMATTED_VALUE: empty cells '', trailing empties trimmed. */
  values(spreadsheetId: string, tab: string): (string | number | boolean)[][] {
    const sheet = this.mustSheet(spreadsheetId, tab);
    const rows = Array.from(sheet.cells, (row) => {
      const out = Array.from(row ?? [], (c) => unformatted(c));
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    });
    while (rows.length > 0 && (rows[rows.length - 1]?.length ?? 0) === 0) rows.pop();
    return rows;
  }

  cell(spreadsheetId: string, tab: string, a1: string): FakeCell | undefined {
    const sheet = this.mustSheet(spreadsheetId, tab);
    const { row, column } = parseCell(a1);
    const cell = cellAt(sheet, row, column);
    return cell ? structuredClone(cell) : undefined;
  }

  sheet(spreadsheetId: string, tab: string): Readonly<FakeSheet> {
    return structuredClone(this.mustSheet(spreadsheetId, tab));
  }

  tabs(spreadsheetId: string): { sheetId: number; title: string }[] {
    return this.mustSpreadsheet(spreadsheetId).sheets.map((s) => ({ sheetId: s.sheetId, title: s.title }));
  }

  file(id: string): Readonly<FakeFile> | undefined {
    const f = this.files.get(id);
    return f ? structuredClone(f) : undefined;
  }

  filesIn(folderId: string): Readonly<FakeFile>[] {
    return [...this.files.values()].filter((f) => f.parents.includes(folderId)).map((f) => structuredClone(f));
  }

  protectedRanges(spreadsheetId: string, tab: string): FakeProtectedRange[] {
    return structuredClone(this.mustSheet(spreadsheetId, tab).protectedRanges);
  }

  /** Requests of one operation (or all) since the last clearLog(). */
  count(operation?: FakeOperation): number {
    return operation === undefined ? this.log.length : this.log.filter((e) => e.operation === operation).length;
  }

  /** Requests Google counts in one quota bucket since the last clearLog(), refused ones included. */
  countBucket(bucket: FakeBucket): number {
    return this.log.filter((e) => e.bucket === bucket).length;
  }

  /** Requests refused for quota (429 not injected by a test) since the last clearLog(). */
  quotaRefusals(): number {
    return this.log.filter((e) => e.status === 429 && !e.injected).length;
  }

  clearLog(): void {
    this.log.length = 0;
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const route = this.route(method, url.pathname);
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const user = auth ? this.tokens.get((auth[1] ?? '').trim()) : undefined;
    const query: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
    const request: FakeRequest = { seq: ++this.seq, operation: route.operation, httpMethod: method, path: url.pathname, query, user };
    const bucket = bucketOf(route.operation);
    if (bucket !== undefined) request.bucket = bucket;
    if (route.spreadsheetId !== undefined) request.spreadsheetId = route.spreadsheetId;
    if (route.fileId !== undefined) request.fileId = route.fileId;
    const body = await readBody(req);
    const entry: FakeLogEntry = { ...request, at, status: 0, injected: false };
    this.log.push(entry);

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    try {
      if (body === INVALID_JSON) throw sheetsError(400, 'Invalid JSON payload received.');
      if (user === undefined) throw unauthenticated();
      const decision = this.fault?.(request);
      if (decision?.delayMs) await new Promise((r) => setTimeout(r, decision.delayMs));
      if (decision?.status !== undefined) {
        entry.injected = true;
        if (decision.serveFirst) this.serve(route, method, url, body, user);
        const err = injectedError(decision.status, route.operation.startsWith('drive') ? 'drive' : 'sheets');
        const headers: Record<string, string> = decision.retryAfterSeconds === undefined ? {} : { 'retry-after': String(decision.retryAfterSeconds) };
        send(err.status, err.body, headers);
        return;
      }
      if (this.quota && bucket !== undefined && bucket !== 'drive' && !this.quota.admit(user, bucket)) throw sheetsError(429, quotaMessage(bucket));
      const result = this.serve(route, method, url, body, user);
      send(200, result);
    } catch (error) {
      if (error instanceof FakeApiError) send(error.status, error.body);
      else throw error;
    }
  }

  private route(method: string, path: string): { operation: FakeOperation; spreadsheetId?: string; fileId?: string } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/v4\/spreadsheets\/([^/:]+)\/values:batchGet$/.exec(path))) {
      return { operation: 'sheets.values.batchGet', spreadsheetId: decodeURIComponent(m[1] ?? '') };
    }
    if (method === 'POST' && (m = /^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/.exec(path))) {
      return { operation: 'sheets.spreadsheets.batchUpdate', spreadsheetId: decodeURIComponent(m[1] ?? '') };
    }
    if (method === 'GET' && (m = /^\/v4\/spreadsheets\/([^/:]+)$/.exec(path))) {
      return { operation: 'sheets.spreadsheets.get', spreadsheetId: decodeURIComponent(m[1] ?? '') };
    }
    if (method === 'POST' && path === '/v4/spreadsheets') return { operation: 'sheets.spreadsheets.create' };
    if (path === '/drive/v3/files') return { operation: method === 'POST' ? 'drive.files.create' : 'drive.files.list' };
    if (method === 'GET' && (m = /^\/drive\/v3\/files\/([^/]+)$/.exec(path))) {
      return { operation: 'drive.files.get', fileId: decodeURIComponent(m[1] ?? '') };
    }
    if (method === 'POST' && (m = /^\/drive\/v3\/files\/([^/]+)\/permissions$/.exec(path))) {
      return { operation: 'drive.permissions.create', fileId: decodeURIComponent(m[1] ?? '') };
    }
    return { operation: 'unknown' };
  }

  private serve(route: { operation: FakeOperation; spreadsheetId?: string; fileId?: string }, method: string, url: URL, body: unknown, user: string): unknown {
    const q = url.searchParams;
    switch (route.operation) {
      case 'sheets.values.batchGet':
        return this.batchGet(this.readable(route.spreadsheetId ?? ''), q);
      case 'sheets.spreadsheets.get':
        return this.getSpreadsheet(this.readable(route.spreadsheetId ?? ''), q);
      case 'sheets.spreadsheets.batchUpdate':
        return this.batchUpdate(this.readable(route.spreadsheetId ?? ''), body, user, q.get('fields'));
      case 'sheets.spreadsheets.create':
        return this.createViaSheets(body, user);
      case 'drive.files.list':
        return this.listFiles(q, user);
      case 'drive.files.get':
        return this.fileJson(this.visibleFile(route.fileId ?? ''), user, q.get('fields'));
      case 'drive.files.create':
        return this.createFile(body, user, q.get('fields'));
      case 'drive.permissions.create':
        return this.createPermission(this.visibleFile(route.fileId ?? ''), body, user);
      case 'unknown':
        throw sheetsError(404, `The fake has no route for ${method} ${url.pathname}`);
    }
  }

  // ---- Sheets ----

  private readable(id: string): FakeSpreadsheet {
    const ss = this.spreadsheets.get(id);
    const file = this.files.get(id);
    if (!ss || !file || file.trashed) throw sheetsError(404, 'Requested entity was not found.');
    if (this.denied.has(id)) throw sheetsError(403, 'The caller does not have permission');
    return ss;
  }

  private batchGet(ss: FakeSpreadsheet, q: URLSearchParams): Json {
    const render = q.get('valueRenderOption') ?? 'FORMATTED_VALUE';
    if ((q.get('majorDimension') ?? 'ROWS') !== 'ROWS') throw sheetsError(400, 'The fake serves majorDimension=ROWS only.');
    const valueRanges = q.getAll('ranges').map((range) => {
      let r;
      try {
        r = resolveRange(ss.sheets, range);
      } catch (e) {
        if (e instanceof RangeParseError) throw sheetsError(400, e.message);
        throw e;
      }
      const rows: (string | number | boolean)[][] = [];
      for (let i = r.startRow; i < r.endRow; i++) {
        const row: (string | number | boolean)[] = [];
        for (let j = r.startColumn; j < r.endColumn; j++) {
          const cell = cellAt(r.sheet, i, j);
          if (render === 'UNFORMATTED_VALUE') row.push(unformatted(cell));
          else if (render === 'FORMULA') row.push(cell?.userEnteredValue?.formulaValue ?? unformatted(cell));
          else row.push(formatted(cell));
        }
        while (row.length > 0 && row[row.length - 1] === '') row.pop();
        rows.push(row);
      }
      while (rows.length > 0 && (rows[rows.length - 1]?.length ?? 0) === 0) rows.pop();
      const vr: Json = { range: echoRange(r), majorDimension: 'ROWS' };
      if (rows.length > 0) vr['values'] = rows;
      return vr;
    });
    return { spreadsheetId: ss.spreadsheetId, valueRanges };
  }

  private gridData(sheet: FakeSheet, r0 = 0, r1 = sheet.rowCount, c0 = 0, c1 = sheet.columnCount): Json {
    const rowData: Json[] = [];
    for (let r = r0; r < Math.min(r1, sheet.cells.length); r++) {
      const values: Json[] = [];
      for (let c = c0; c < c1; c++) {
        const cell = cellAt(sheet, r, c);
        if (isEmptyCell(cell) || !cell) {
          values.push({});
          continue;
        }
        const out: Json = structuredClone(cell) as Json;
        const eff = effectiveOf(cell);
        if (eff) {
          out['effectiveValue'] = structuredClone(eff);
          out['formattedValue'] = formatted(cell);
        }
        values.push(out);
      }
      while (values.length > 0 && Object.keys(values[values.length - 1] ?? {}).length === 0) values.pop();
      rowData.push(values.length > 0 ? { values } : {});
    }
    while (rowData.length > 0 && Object.keys(rowData[rowData.length - 1] ?? {}).length === 0) rowData.pop();
    const data: Json = {};
    if (r0 > 0) data['startRow'] = r0;
    if (c0 > 0) data['startColumn'] = c0;
    if (rowData.length > 0) data['rowData'] = rowData;
    return data;
  }

  private spreadsheetJson(ss: FakeSpreadsheet, withData: boolean, ranges: string[]): Json {
    const resolved = ranges.map((range) => {
      try {
        return resolveRange(ss.sheets, range);
      } catch (e) {
        if (e instanceof RangeParseError) throw sheetsError(400, e.message);
        throw e;
      }
    });
    const sheets = ss.sheets
      .filter((s) => ranges.length === 0 || resolved.some((r) => r.sheet === s))
      .map((s) => {
        const out: Json = { properties: sheetProperties(s, ss) };
        if (s.protectedRanges.length > 0) out['protectedRanges'] = structuredClone(s.protectedRanges);
        if (s.charts.length > 0) out['charts'] = structuredClone(s.charts);
        if (s.rowGroups.length > 0)
          out['rowGroups'] = s.rowGroups.map((g) => ({
            range: { sheetId: s.sheetId, dimension: 'ROWS', startIndex: g.startIndex, endIndex: g.endIndex },
            depth: g.depth,
          }));
        if (withData) {
          const mine = resolved.filter((r) => r.sheet === s);
          out['data'] = mine.length === 0 ? [this.gridData(s)] : mine.map((r) => this.gridData(s, r.startRow, r.endRow, r.startColumn, r.endColumn));
        }
        return out;
      });
    return {
      spreadsheetId: ss.spreadsheetId,
      properties: { title: ss.title, locale: ss.locale, timeZone: ss.timeZone, autoRecalc: 'ON_CHANGE' },
      sheets,
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${ss.spreadsheetId}/edit`,
    };
  }

  private getSpreadsheet(ss: FakeSpreadsheet, q: URLSearchParams): unknown {
    const fields = q.get('fields');
    let mask: MaskTree | undefined;
    if (fields) mask = parseMask(fields);
    const sheetsMask = mask?.get('sheets');
    const includeGridData = q.get('includeGridData') === 'true';
    // A mask naming sheets.data asks for grid data whatever includeGridData says; a mask taking
    // all of `sheets` (or `*`) leaves it to includeGridData.
    const withData = mask === undefined || mask.has('*') || sheetsMask === true ? includeGridData : sheetsMask !== undefined && sheetsMask.has('data');
    const json = this.spreadsheetJson(ss, withData, q.getAll('ranges'));
    return mask ? applyFieldMask(json, mask) : json;
  }

  /**
   * With `includeSpreadsheetInResponse`, the reply carries the spreadsheet after the update,
   * limited to `responseRanges` like spreadsheets.get's `ranges` (a range naming a missing tab
   * fails the whole call, nothing applied), with grid data when `responseIncludeGridData` or the
   * `fields` mask asks for it.
   */
  private batchUpdate(ss: FakeSpreadsheet, body: unknown, user: string, fields: string | null): unknown {
    const b = isObj(body) ? body : {};
    const owner = this.files.get(ss.spreadsheetId)?.owner ?? '';
    const { spreadsheet, replies } = applyBatchUpdate(ss, b['requests'], () => this.randomSheetId(), { user, owner });
    let updated: Json | undefined;
    if (b['includeSpreadsheetInResponse'] === true) {
      const ranges = Array.isArray(b['responseRanges']) ? b['responseRanges'].filter((r): r is string => typeof r === 'string') : [];
      // As for spreadsheets.get: a field mask set decides on grid data, else the flag does.
      const mask = fields ? parseMask(fields) : undefined;
      const spreadsheetMask = mask?.get('updatedSpreadsheet');
      const sheetsMask = spreadsheetMask instanceof Map ? spreadsheetMask.get('sheets') : undefined;
      const withData = sheetsMask instanceof Map ? sheetsMask.has('data') : b['responseIncludeGridData'] === true;
      updated = this.spreadsheetJson(spreadsheet, withData, ranges);
    }
    this.spreadsheets.set(ss.spreadsheetId, spreadsheet);
    this.touch(ss.spreadsheetId, user);
    const full: Json = { spreadsheetId: ss.spreadsheetId, replies, ...(updated ? { updatedSpreadsheet: updated } : {}) };
    return fields ? applyFieldMask(full, parseMask(fields)) : full;
  }

  private createViaSheets(body: unknown, user: string): Json {
    const props = isObj(body) && isObj(body['properties']) ? body['properties'] : {};
    const title = typeof props['title'] === 'string' ? props['title'] : 'Bảng tính chưa có tiêu đề';
    const seeds = isObj(body) && Array.isArray(body['sheets']) ? body['sheets'] : [];
    const tabs: SeedTab[] = seeds.map((s: unknown, i) => {
      const p = isObj(s) && isObj(s['properties']) ? s['properties'] : {};
      const tab: SeedTab = { title: typeof p['title'] === 'string' ? p['title'] : `Sheet${i + 1}` };
      if (typeof p['sheetId'] === 'number') tab.sheetId = p['sheetId'];
      return tab;
    });
    const id = this.createSpreadsheet({ title, tabs, by: user });
    const ss = this.mustSpreadsheet(id);
    return this.spreadsheetJson(ss, false, []);
  }

  // ---- Drive ----

  private visibleFile(id: string): FakeFile {
    const f = this.files.get(id);
    if (!f || this.denied.has(id)) throw driveError(404, `File not found: ${id}.`, 'notFound', { location: 'fileId', locationType: 'parameter' });
    return f;
  }

  private fileJson(f: FakeFile, user: string, fields: string | null): unknown {
    const full: Json = {
      kind: 'drive#file',
      id: f.id,
      name: f.name,
      mimeType: f.mimeType,
      parents: [...f.parents],
      trashed: f.trashed,
      createdTime: new Date(f.createdMs).toISOString(),
      modifiedTime: new Date(f.modifiedMs).toISOString(),
      version: String(f.version),
      lastModifyingUser: { kind: 'drive#user', displayName: f.lastModifyingUser, emailAddress: f.lastModifyingUser, me: f.lastModifyingUser === user },
      owners: [{ kind: 'drive#user', emailAddress: f.owner, me: f.owner === user }],
    };
    if (!fields) return { kind: full['kind'], id: full['id'], name: full['name'], mimeType: full['mimeType'] };
    return applyFieldMask(full, parseMask(fields));
  }

  private listFiles(q: URLSearchParams, user: string): unknown {
    const query = q.get('q');
    const pred = query ? parseDriveQuery(query) : (f: FakeFile) => !f.trashed;
    const matching = [...this.files.values()].filter((f) => !this.denied.has(f.id) && pred(f));
    const asked = Number(q.get('pageSize') ?? '100');
    if (!Number.isInteger(asked) || asked < 1 || asked > 1000) {
      throw driveError(400, `Invalid value '${q.get('pageSize')}'. Values must be within the range: [1, 1000]`, 'invalid', {
        location: 'pageSize',
        locationType: 'parameter',
      });
    }
    const size = Math.min(asked, this.maxPageSize);
    const token = q.get('pageToken');
    const offset = token
      ? Number(
          Buffer.from(token, 'base64url')
            .toString('utf8')
            .replace(/^offset:/, ''),
        )
      : 0;
    if (!Number.isInteger(offset) || offset < 0) throw driveError(400, 'Invalid Value', 'invalid', { location: 'pageToken', locationType: 'parameter' });
    const page = matching.slice(offset, offset + size);
    const full: Json = { kind: 'drive#fileList', incompleteSearch: false, files: page.map((f) => this.fileJson(f, user, '*')) };
    if (offset + size < matching.length) full['nextPageToken'] = Buffer.from(`offset:${offset + size}`).toString('base64url');
    const fields = q.get('fields');
    if (!fields) {
      return { ...full, files: page.map((f) => this.fileJson(f, user, null)) };
    }
    return applyFieldMask(full, parseMask(fields));
  }

  private createFile(body: unknown, user: string, fields: string | null): unknown {
    const b = isObj(body) ? body : {};
    const name = typeof b['name'] === 'string' ? b['name'] : 'Untitled';
    const mimeType = typeof b['mimeType'] === 'string' ? b['mimeType'] : 'application/octet-stream';
    const parents = Array.isArray(b['parents']) ? b['parents'].filter((p): p is string => typeof p === 'string') : ['root'];
    for (const p of parents) {
      const parent = this.files.get(p);
      if (p !== 'root' && (!parent || parent.mimeType !== FOLDER_MIME || this.denied.has(p))) {
        throw driveError(404, `File not found: ${p}.`, 'notFound', { location: 'fileId', locationType: 'parameter' });
      }
    }
    let id: string;
    if (mimeType === SPREADSHEET_MIME) {
      // A file a service account creates gets that account's default locale, not the office's.
      id = this.createSpreadsheet({ title: name, tabs: [], by: user, locale: 'en_US' });
      const f = this.files.get(id);
      if (f) f.parents = parents;
    } else if (mimeType === FOLDER_MIME) {
      id = this.createFolder(name);
      const f = this.files.get(id);
      if (f) {
        f.parents = parents;
        f.owner = user;
        f.lastModifyingUser = user;
      }
    } else {
      throw driveError(400, 'The fake creates folders and spreadsheets only.', 'badRequest');
    }
    const f = this.files.get(id);
    if (!f) throw new Error('created file vanished');
    return this.fileJson(f, user, fields);
  }

  private createPermission(f: FakeFile, body: unknown, _user: string): Json {
    const b = isObj(body) ? body : {};
    const type = b['type'];
    const role = b['role'];
    const email = b['emailAddress'];
    if (typeof type !== 'string' || typeof role !== 'string') throw driveError(400, 'The permission type and role are required.', 'required');
    if (!['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader'].includes(role)) {
      throw driveError(400, `The provided role is invalid: ${role}`, 'invalid');
    }
    if (type === 'user' && typeof email !== 'string') throw driveError(400, 'The permission emailAddress field is required.', 'required');
    const emailAddress = typeof email === 'string' ? email : undefined;
    const existing = f.permissions.find((p) => p.type === type && p.emailAddress === emailAddress);
    if (existing) existing.role = role;
    else f.permissions.push({ id: `perm-${f.permissions.length + 1}`, type, role, ...(emailAddress ? { emailAddress } : {}) });
    // Sharing changes Drive's version but is not a modification of the content.
    f.version += 1;
    const p = existing ?? f.permissions[f.permissions.length - 1];
    return { kind: 'drive#permission', id: p?.id, type, role };
  }

  // ---- helpers ----

  private newId(): string {
    // Drive-like ids (44 characters), deterministic per server.
    let n = ++this.idCounter * 2654435761;
    let id = '1';
    for (let i = 0; i < 43; i++) {
      id += ID_ALPHABET.charAt(n % 64);
      n = Math.floor(n / 64) + (i + 1) * 7919;
    }
    return id;
  }

  /** Google's ids for added tabs are large pseudo-random integers. */
  private randomSheetId(): number {
    this.sheetIdCounter += 1;
    return 100_000_000 + ((this.sheetIdCounter * 48271) % 1_900_000_000);
  }

  private tick(): number {
    this.lastModifiedMs = Math.max(Date.now(), this.lastModifiedMs + 1);
    return this.lastModifiedMs;
  }

  private touch(id: string, by: string): void {
    const f = this.files.get(id);
    if (!f) return;
    f.modifiedMs = this.tick();
    f.version += 1;
    f.lastModifyingUser = by;
  }

  /** The spreadsheet's locale (`vi_VN`, `en_US`). */
  spreadsheetLocale(id: string): string {
    return this.mustSpreadsheet(id).locale;
  }

  private mustSpreadsheet(id: string): FakeSpreadsheet {
    const ss = this.spreadsheets.get(id);
    if (!ss) throw new Error(`no spreadsheet ${id}`);
    return ss;
  }

  private mustSheet(id: string, title: string): FakeSheet {
    const s = findTitle(this.mustSpreadsheet(id).sheets, title);
    if (!s) throw new Error(`no tab ${title} in ${id}`);
    return s;
  }
}

function bucketOf(operation: FakeOperation): FakeBucket | undefined {
  if (operation === 'sheets.values.batchGet' || operation === 'sheets.spreadsheets.get') return 'read';
  if (operation === 'sheets.spreadsheets.batchUpdate' || operation === 'sheets.spreadsheets.create') return 'write';
  if (operation.startsWith('drive.')) return 'drive';
  return undefined;
}

function parseMask(fields: string): MaskTree {
  try {
    return parseFieldMask(fields);
  } catch (e) {
    throw sheetsError(400, `Invalid field selection ${fields}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseCell(a1: string): { row: number; column: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(a1);
  if (!m) throw new Error(`bad cell ${a1}`);
  let c = 0;
  for (const ch of m[1] ?? '') c = c * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, column: c - 1 };
}

export type { SeedCell };

const INVALID_JSON = Symbol('invalid JSON');

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
