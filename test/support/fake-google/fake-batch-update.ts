import { sheetsError } from './fake-errors.js';
import { indexToLetters } from './fake-a1.js';
import { deletePath, getPath, maskPaths, parseFieldMask, setPath, FieldMaskError } from './field-mask.js';
import { cellAt, clipToGrid, newSheet, putCell, type FakeSheet, type FakeSpreadsheet } from './fake-model.js';

/**
 * spreadsheets.batchUpdate on a copy of the spreadsheet: requests apply in order, and the first
 * invalid one throws Google's 400 (`Invalid requests[i].kind: ...`) so the caller keeps the
 * original untouched: all or nothing, as Google does.
 */
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

const KINDS = [
  'addSheet',
  'deleteSheet',
  'updateSheetProperties',
  'updateCells',
  'repeatCell',
  'updateDimensionProperties',
  'setDataValidation',
  'addProtectedRange',
  'updateSpreadsheetProperties',
  'addDimensionGroup',
  'addChart',
  'deleteEmbeddedObject',
] as const;
type Kind = (typeof KINDS)[number];

class RequestError extends Error {}

interface Bounds {
  sheet: FakeSheet;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

function sheetById(ss: FakeSpreadsheet, id: unknown): FakeSheet {
  const sheetId = num(id) ?? 0;
  const s = ss.sheets.find((x) => x.sheetId === sheetId);
  if (!s) throw new RequestError(`No grid with id: ${sheetId}`);
  return s;
}

function cellName(sheet: FakeSheet, r: number, c: number): string {
  return `'${sheet.title}'!${indexToLetters(c)}${r + 1}`;
}

function checkInGrid(b: Bounds): void {
  if (b.r1 > b.sheet.rowCount || b.c1 > b.sheet.columnCount) {
    throw new RequestError(
      `Range (${cellName(b.sheet, b.r1 - 1, b.c1 - 1)}) exceeds grid limits. Max rows: ${b.sheet.rowCount}, max columns: ${b.sheet.columnCount}`,
    );
  }
}

/** A GridRange: missing bounds mean "to the edge of the grid". */
function gridRange(ss: FakeSpreadsheet, range: unknown): Bounds {
  if (!isObj(range)) throw new RequestError('range is required');
  const sheet = sheetById(ss, range['sheetId']);
  const b: Bounds = {
    sheet,
    r0: num(range['startRowIndex']) ?? 0,
    r1: num(range['endRowIndex']) ?? sheet.rowCount,
    c0: num(range['startColumnIndex']) ?? 0,
    c1: num(range['endColumnIndex']) ?? sheet.columnCount,
  };
  if (b.r0 < 0 || b.c0 < 0 || b.r1 < b.r0 || b.c1 < b.c0) throw new RequestError('Invalid range bounds');
  checkInGrid(b);
  return b;
}

function paths(fields: unknown): string[][] {
  if (typeof fields !== 'string' || fields.trim() === '') throw new RequestError("At least one field must be specified in 'fields'.");
  try {
    return maskPaths(parseFieldMask(fields));
  } catch (e) {
    if (e instanceof FieldMaskError) throw new RequestError(e.message);
    throw e;
  }
}

function checkValue(v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) throw new RequestError('userEnteredValue must be an object');
  const kinds = ['numberValue', 'stringValue', 'boolValue', 'formulaValue', 'errorValue'].filter((k) => v[k] !== undefined);
  if (kinds.length !== 1) throw new RequestError(`userEnteredValue must set exactly one kind, got ${kinds.join(',') || 'none'}`);
  if (v['errorValue'] !== undefined) throw new RequestError('errorValue cannot be entered');
}

/** Who sends the batch: protected ranges stop everyone but the owner and their editors. */
export interface BatchEditor {
  user: string;
  owner: string;
}

let currentEditor: BatchEditor | undefined;

function checkProtection(sheet: FakeSheet, r: number, c: number): void {
  if (!currentEditor || currentEditor.user === currentEditor.owner) return;
  const { user } = currentEditor;
  for (const pr of sheet.protectedRanges) {
    if (pr.warningOnly || pr.editors?.users?.includes(user)) continue;
    const range = pr.range;
    const n = (k: string, d: number) => (typeof range[k] === 'number' ? range[k] : d);
    if (r >= n('startRowIndex', 0) && r < n('endRowIndex', Infinity) && c >= n('startColumnIndex', 0) && c < n('endColumnIndex', Infinity)) {
      throw new RequestError(
        'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
      );
    }
  }
}

/** Writes `data` into a cell under a field mask: listed fields missing from data are cleared. */
function applyCell(sheet: FakeSheet, r: number, c: number, data: Json, fieldPaths: string[][]): void {
  checkValue(data['userEnteredValue']);
  checkProtection(sheet, r, c);
  // The batch works on its own copy of the spreadsheet (applyBatchUpdate), so the cell can be changed in place.
  const cell: Json = (cellAt(sheet, r, c) ?? {}) as Json;
  const all = fieldPaths.some((p) => p[0] === '*');
  const list = all ? [['userEnteredValue'], ['userEnteredFormat'], ['note'], ['dataValidation']] : fieldPaths;
  for (const p of list) {
    const v = getPath(data, p);
    if (v === undefined) deletePath(cell, p);
    else setPath(cell, p, structuredClone(v));
    // A new entered value replaces a seeded formula result.
    if (p[0] === 'userEnteredValue') delete cell['effectiveValue'];
  }
  putCell(sheet, r, c, cell);
}

function rowsOf(req: Json): Json[][] {
  const rows = req['rows'];
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) throw new RequestError('rows must be a list');
  return rows.map((row: unknown) => {
    const values = isObj(row) ? row['values'] : undefined;
    if (values === undefined) return [];
    if (!Array.isArray(values)) throw new RequestError('values must be a list');
    return values.map((v: unknown) => (isObj(v) ? v : {}));
  });
}

function uniqueTitle(ss: FakeSpreadsheet, title: string, exceptId?: number): void {
  const clash = ss.sheets.find((s) => s.sheetId !== exceptId && s.title.toLowerCase() === title.toLowerCase());
  if (clash) throw new RequestError(`A sheet with the name "${title}" already exists. Please enter another name.`);
}

function resize(sheet: FakeSheet, gp: Json, list: string[][]): void {
  const has = (k: string) => list.some((p) => p[0] === 'gridProperties' && (p.length === 1 || p[1] === k));
  const set = (k: 'rowCount' | 'columnCount' | 'frozenRowCount' | 'frozenColumnCount') => {
    if (!has(k)) return;
    const v = num(gp[k]) ?? 0;
    if (v < 0) throw new RequestError(`${k} must be >= 0`);
    sheet[k] = v;
  };
  set('rowCount');
  set('columnCount');
  set('frozenRowCount');
  set('frozenColumnCount');
  if (sheet.rowCount < 1 || sheet.columnCount < 1) throw new RequestError('A sheet must keep at least one row and one column.');
  if (sheet.frozenRowCount >= sheet.rowCount) throw new RequestError("You can't freeze all visible rows on the sheet.");
  if (sheet.frozenColumnCount >= sheet.columnCount) throw new RequestError("You can't freeze all visible columns on the sheet.");
  clipToGrid(sheet);
  // Rows cut from the grid take their part of any group with them.
  sheet.rowGroups = sheet.rowGroups.filter((g) => g.startIndex < sheet.rowCount).map((g) => ({ ...g, endIndex: Math.min(g.endIndex, sheet.rowCount) }));
}

function applyOne(ss: FakeSpreadsheet, kind: Kind, req: Json, randomId: () => number): Json {
  switch (kind) {
    case 'updateSpreadsheetProperties': {
      const props = isObj(req['properties']) ? req['properties'] : {};
      const fields = typeof req['fields'] === 'string' ? req['fields'].split(',').map((f) => f.trim()) : [];
      if (fields.length === 0) throw new RequestError('updateSpreadsheetProperties: fields is required');
      for (const f of fields) {
        const v = props[f];
        if (f !== 'locale' && f !== 'timeZone' && f !== 'title') throw new RequestError(`updateSpreadsheetProperties: unsupported field ${f}`);
        if (typeof v !== 'string' || v === '') throw new RequestError(`updateSpreadsheetProperties: ${f} must be a non-empty string`);
        if (f === 'locale') ss.locale = v;
        else if (f === 'timeZone') ss.timeZone = v;
        else ss.title = v;
      }
      return {};
    }
    case 'addSheet': {
      const props = isObj(req['properties']) ? req['properties'] : {};
      let sheetId = num(props['sheetId']);
      if (sheetId !== undefined && ss.sheets.some((s) => s.sheetId === sheetId)) {
        throw new RequestError(`Sheet with ID ${sheetId} already exists.`);
      }
      if (sheetId !== undefined && sheetId < 0) throw new RequestError('sheetId must be >= 0');
      sheetId ??= randomId();
      const title = typeof props['title'] === 'string' ? props['title'] : `Sheet${ss.sheets.length + 1}`;
      uniqueTitle(ss, title);
      const gp = isObj(props['gridProperties']) ? props['gridProperties'] : {};
      const sheet = newSheet(sheetId, title);
      resize(
        sheet,
        {
          rowCount: num(gp['rowCount']) ?? 1000,
          columnCount: num(gp['columnCount']) ?? 26,
          frozenRowCount: num(gp['frozenRowCount']) ?? 0,
          frozenColumnCount: num(gp['frozenColumnCount']) ?? 0,
        },
        [['gridProperties']],
      );
      if (typeof gp['rowGroupControlAfter'] === 'boolean') sheet.rowGroupControlAfter = gp['rowGroupControlAfter'];
      const index = Math.min(num(props['index']) ?? ss.sheets.length, ss.sheets.length);
      ss.sheets.splice(index, 0, sheet);
      return { addSheet: { properties: sheetProperties(sheet, ss) } };
    }
    case 'deleteSheet': {
      const sheet = sheetById(ss, req['sheetId']);
      if (ss.sheets.length === 1) throw new RequestError("You can't remove all the sheets in a document.");
      ss.sheets = ss.sheets.filter((s) => s !== sheet);
      return {};
    }
    case 'updateSheetProperties': {
      const props = isObj(req['properties']) ? req['properties'] : {};
      const sheet = sheetById(ss, props['sheetId']);
      const list = paths(req['fields']);
      for (const p of list) {
        if (p[0] === 'title') {
          const title = props['title'];
          if (typeof title !== 'string' || title.trim() === '') throw new RequestError('title must not be empty');
          uniqueTitle(ss, title, sheet.sheetId);
          sheet.title = title;
        } else if (p[0] === 'index') {
          const index = Math.min(num(props['index']) ?? 0, ss.sheets.length - 1);
          ss.sheets = ss.sheets.filter((s) => s !== sheet);
          ss.sheets.splice(index, 0, sheet);
        } else if (p[0] !== 'gridProperties' && p[0] !== 'sheetId') {
          throw new RequestError(`Unsupported field in the fake: ${p.join('.')}`);
        }
      }
      if (list.some((p) => p[0] === 'gridProperties')) resize(sheet, isObj(props['gridProperties']) ? props['gridProperties'] : {}, list);
      return {};
    }
    case 'updateCells': {
      const fieldPaths = paths(req['fields']);
      const rows = rowsOf(req);
      const hasStart = req['start'] !== undefined;
      const hasRange = req['range'] !== undefined;
      if (hasStart === hasRange) throw new RequestError('Exactly one of start or range must be set.');
      if (hasRange) {
        const b = gridRange(ss, req['range']);
        for (let r = b.r0; r < b.r1; r++) {
          for (let c = b.c0; c < b.c1; c++) applyCell(b.sheet, r, c, rows[r - b.r0]?.[c - b.c0] ?? {}, fieldPaths);
        }
        return {};
      }
      const start = isObj(req['start']) ? req['start'] : {};
      const sheet = sheetById(ss, start['sheetId']);
      const r0 = num(start['rowIndex']) ?? 0;
      const c0 = num(start['columnIndex']) ?? 0;
      const width = rows.reduce((m, row) => Math.max(m, row.length), 0);
      checkInGrid({ sheet, r0, r1: r0 + rows.length, c0, c1: c0 + width });
      rows.forEach((row, i) => row.forEach((data, j) => applyCell(sheet, r0 + i, c0 + j, data, fieldPaths)));
      return {};
    }
    case 'repeatCell': {
      const b = gridRange(ss, req['range']);
      const data = isObj(req['cell']) ? req['cell'] : {};
      const fieldPaths = paths(req['fields']);
      for (let r = b.r0; r < b.r1; r++) for (let c = b.c0; c < b.c1; c++) applyCell(b.sheet, r, c, data, fieldPaths);
      return {};
    }
    case 'updateDimensionProperties': {
      const range = isObj(req['range']) ? req['range'] : {};
      const sheet = sheetById(ss, range['sheetId']);
      const columns = range['dimension'] === 'COLUMNS';
      if (!columns && range['dimension'] !== 'ROWS') throw new RequestError('dimension must be ROWS or COLUMNS');
      const max = columns ? sheet.columnCount : sheet.rowCount;
      const start = num(range['startIndex']) ?? 0;
      const end = num(range['endIndex']) ?? max;
      if (end > max) throw new RequestError(`Invalid requests: endIndex ${end} is beyond the grid (${max}).`);
      paths(req['fields']);
      const props = isObj(req['properties']) ? req['properties'] : {};
      const size = num(props['pixelSize']);
      for (let i = start; i < end; i++) {
        const target = columns ? sheet.columnWidths : sheet.rowHeights;
        if (size === undefined) delete target[i];
        else target[i] = size;
      }
      return {};
    }
    case 'setDataValidation': {
      const b = gridRange(ss, req['range']);
      const rule = isObj(req['rule']) ? req['rule'] : undefined;
      if (rule) {
        const cond = isObj(rule['condition']) ? rule['condition'] : {};
        if (typeof cond['type'] !== 'string') throw new RequestError('rule.condition.type is required');
      }
      for (let r = b.r0; r < b.r1; r++) {
        for (let c = b.c0; c < b.c1; c++) applyCell(b.sheet, r, c, rule ? { dataValidation: rule } : {}, [['dataValidation']]);
      }
      return {};
    }
    case 'addProtectedRange': {
      const pr = isObj(req['protectedRange']) ? req['protectedRange'] : {};
      const b = gridRange(ss, pr['range']);
      const editors =
        isObj(pr['editors']) && Array.isArray(pr['editors']['users']) ? pr['editors']['users'].filter((u): u is string => typeof u === 'string') : [];
      const added = {
        protectedRangeId: ss.nextProtectedRangeId++,
        range: structuredClone(pr['range']) as Json,
        description: typeof pr['description'] === 'string' ? pr['description'] : undefined,
        warningOnly: pr['warningOnly'] === true,
        editors: { users: editors },
      };
      b.sheet.protectedRanges.push(added);
      return { addProtectedRange: { protectedRange: structuredClone(added) } };
    }
    case 'addDimensionGroup': {
      const range = isObj(req['range']) ? req['range'] : {};
      const sheet = sheetById(ss, range['sheetId']);
      if (range['dimension'] !== 'ROWS') throw new RequestError('The fake groups rows only.');
      const start = num(range['startIndex']);
      const end = num(range['endIndex']);
      if (start === undefined || end === undefined || start < 0 || end <= start) throw new RequestError('Invalid group range.');
      if (end > sheet.rowCount) throw new RequestError(`Invalid requests: endIndex ${end} is beyond the grid (${sheet.rowCount}).`);
      // Sheets: a group over a range that already has one deepens it; inside another, it nests one deeper.
      const same = sheet.rowGroups.find((g) => g.startIndex === start && g.endIndex === end);
      if (same) same.depth += 1;
      else {
        const outer = sheet.rowGroups.filter((g) => g.startIndex <= start && g.endIndex >= end);
        const depth = 1 + outer.reduce((m, g) => Math.max(m, g.depth), 0);
        if (depth > 8) throw new RequestError('Groups cannot be nested more than 8 deep.');
        sheet.rowGroups.push({ startIndex: start, endIndex: end, depth });
      }
      return { addDimensionGroup: { dimensionGroups: structuredClone(sheet.rowGroups) } };
    }
    case 'addChart': {
      const chart = isObj(req['chart']) ? req['chart'] : {};
      const spec = isObj(chart['spec']) ? chart['spec'] : undefined;
      const position = isObj(chart['position']) ? chart['position'] : undefined;
      if (!spec || !position) throw new RequestError('chart.spec and chart.position are required');
      const basic = isObj(spec['basicChart']) ? spec['basicChart'] : undefined;
      if (!basic || typeof basic['chartType'] !== 'string') throw new RequestError('The fake draws basic charts only (spec.basicChart.chartType).');
      // Every source range must lie in a grid that exists, as Google checks.
      const ranges: unknown[] = [];
      const sourcesOf = (d: unknown): void => {
        const data = isObj(d) ? d : {};
        const sr = isObj(data['sourceRange']) ? data['sourceRange'] : {};
        const sources: unknown = sr['sources'];
        if (!Array.isArray(sources) || sources.length === 0) throw new RequestError('ChartData.sourceRange.sources is required');
        ranges.push(...(sources as unknown[]));
      };
      for (const d of Array.isArray(basic['domains']) ? basic['domains'] : []) sourcesOf(isObj(d) ? d['domain'] : undefined);
      for (const se of Array.isArray(basic['series']) ? basic['series'] : []) sourcesOf(isObj(se) ? se['series'] : undefined);
      if (ranges.length < 2) throw new RequestError('A chart needs a domain and at least one series.');
      for (const r of ranges) gridRange(ss, r);
      const overlay = isObj(position['overlayPosition']) ? position['overlayPosition'] : undefined;
      const anchor = overlay && isObj(overlay['anchorCell']) ? overlay['anchorCell'] : undefined;
      if (!anchor) throw new RequestError('The fake places charts by overlayPosition.anchorCell only.');
      const at = sheetById(ss, anchor['sheetId']);
      const row = num(anchor['rowIndex']) ?? 0;
      const col = num(anchor['columnIndex']) ?? 0;
      checkInGrid({ sheet: at, r0: row, r1: row + 1, c0: col, c1: col + 1 });
      const all = ss.sheets.flatMap((s) => s.charts.map((c) => c.chartId));
      let chartId = num(chart['chartId']);
      if (chartId !== undefined && all.includes(chartId)) throw new RequestError(`An object with id ${chartId} already exists.`);
      chartId ??= randomId();
      const added = { chartId, spec: structuredClone(spec), position: structuredClone(position) };
      at.charts.push(added);
      return { addChart: { chart: structuredClone(added) } };
    }
    case 'deleteEmbeddedObject': {
      const id = num(req['objectId']);
      const sheet = ss.sheets.find((s) => s.charts.some((c) => c.chartId === id));
      if (!sheet) throw new RequestError(`No object with id ${id ?? '?'}`);
      sheet.charts = sheet.charts.filter((c) => c.chartId !== id);
      return {};
    }
  }
}

export function sheetProperties(sheet: FakeSheet, ss: FakeSpreadsheet): Json {
  const gridProperties: Json = { rowCount: sheet.rowCount, columnCount: sheet.columnCount };
  if (sheet.frozenRowCount > 0) gridProperties['frozenRowCount'] = sheet.frozenRowCount;
  if (sheet.frozenColumnCount > 0) gridProperties['frozenColumnCount'] = sheet.frozenColumnCount;
  return { sheetId: sheet.sheetId, title: sheet.title, index: ss.sheets.indexOf(sheet), sheetType: 'GRID', gridProperties };
}

/** Applies the requests to a copy and returns it with the replies; throws Google's 400 on the first bad one. */
export function applyBatchUpdate(
  original: FakeSpreadsheet,
  requests: unknown,
  randomId: () => number,
  editor?: BatchEditor,
): { spreadsheet: FakeSpreadsheet; replies: Json[] } {
  if (!Array.isArray(requests) || requests.length === 0) throw sheetsError(400, 'Must specify at least one request.');
  const ss = structuredClone(original);
  const replies: Json[] = [];
  currentEditor = editor;
  try {
    applyAll(ss, requests, replies, randomId);
  } finally {
    currentEditor = undefined;
  }
  return { spreadsheet: ss, replies };
}

function applyAll(ss: FakeSpreadsheet, requests: unknown[], replies: Json[], randomId: () => number): void {
  requests.forEach((request: unknown, i) => {
    const keys = isObj(request) ? Object.keys(request) : [];
    if (keys.length !== 1) throw sheetsError(400, `Invalid requests[${i}]: exactly one kind of request must be set.`);
    const key = keys[0] ?? '';
    if (!(KINDS as readonly string[]).includes(key)) {
      throw sheetsError(400, `Invalid JSON payload received. Unknown name "${key}" at 'requests[${i}]': Cannot find field.`);
    }
    const kind = key as Kind;
    const body = isObj(request) ? request[kind] : undefined;
    try {
      replies.push(applyOne(ss, kind, isObj(body) ? body : {}, randomId));
    } catch (e) {
      if (e instanceof RequestError) throw sheetsError(400, `Invalid requests[${i}].${kind}: ${e.message}`);
      throw e;
    }
  });
}
