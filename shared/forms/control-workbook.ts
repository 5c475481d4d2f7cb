import { OFFICE_ROLE, type Baseline, type CompareOp, type ControlConfig, type Recipient, type ScheduleEntry, type Target } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import { criteriaSetForPeriod } from '../domain/criteria-sets.js';
import { Hierarchy } from '../domain/hierarchy.js';
import { indicatorId, periodId, unitCode, type A1Cell, type PeriodId, type UnitCode } from '../domain/ids.js';
import { isPeriod } from '../domain/period.js';
import { PROGRAMME_LABEL, PROGRAMMES, type Programme } from '../domain/programme.js';
import { moduleOf, PROGRAMME_MODULES } from '../programmes/registry.js';
import { groupScope, LEVEL_LABEL, type Unit, type UnitLevel } from '../domain/unit.js';
import type { DttsCatalogue } from '../domain/dtts-catalogue.js';
import type { IndicatorInfo } from '../indicators/catalogue.js';
import { defaultDttsCatalogue } from '../programmes/dtts/dtts-catalogue.js';
import { parseDttsCatalogueTab } from '../programmes/dtts/dtts-catalogue-tab.js';
import { indicatorCatalogue } from '../programmes/indicator-catalogue.js';
import { REPORTING } from '../indicators/indicator.js';
import { closest } from './closest.js';
import { readDateCell } from './date-cell.js';
import { findSheet } from './find-sheet.js';
import { forEachDataRow, type DataRow } from './data-rows.js';
import { headerKey, plainKey } from './header-key.js';
import { mapHeader } from './header-map.js';
import { parseMergers } from './mergers-tab.js';
import type { IssueCode, SheetIssue } from '../domain/issue.js';
import { readNumberCell } from './parse-number.js';
import { isFormulaError, type RawCell, type RawSheet, type RawWorkbook } from './raw-sheet.js';
import { BASELINES_TAB, DTTS_CATALOGUE_TAB, RECIPIENTS_TAB, SCHEDULE_TAB, TARGETS_TAB, UNITS_TAB, type TabSpec } from './tab-specs.js';
import { buildCodeLookup, codeNotTextIssue, readCodeCell, unknownCodeHint, type CodeLookup } from './unit-context.js';

/**
 * Reads the control workbook `config.xlsx` (product.md, "Control workbook"). Every problem is
 * collected as an issue with its tab and cell; a row with an error is left out, the rest is kept,
 * so one typo does not stop the whole province.
 */

const DEFAULT_ROLE = OFFICE_ROLE;
const EMAIL = /^[^\s@;,<>()]+@[^\s@;,<>()]+\.[^\s@;,<>()]+$/;

const LEVELS: ReadonlyMap<string, UnitLevel> = new Map(
  (Object.entries(LEVEL_LABEL) as [UnitLevel, string][]).map(([level, label]) => [plainKey(label), level]),
);

const OPS: ReadonlyMap<string, CompareOp> = new Map([
  ['>=', '>='],
  ['≥', '>='],
  ['=>', '>='],
  ['<=', '<='],
  ['≤', '<='],
  ['=<', '<='],
  ['=', '='],
  ['==', '='],
]);

// Programmes may be written as their id (`giam_ngheo`), tab name (`Giảm nghèo`) or full label.
const PROGRAMME_KEYS: ReadonlyMap<string, Programme> = new Map(
  PROGRAMMES.flatMap((p) => {
    const names = [p, p.replace(/_/g, ' '), PROGRAMME_LABEL[p], moduleOf(p)?.tab].filter((x): x is string => x !== undefined);
    return names.map((name) => [plainKey(name), p] as const);
  }),
);

const PROGRAMME_CHOICES = PROGRAMMES.map((p) => `"${p}"`).join(', ');

/** Ids that do not depend on the criteria set (poverty), for periods no NTM set covers. */
const EMPTY_SET: CriteriaSet = { id: '', title: '', legalBasis: '', validFrom: 0, validTo: 0, criteria: [], buckets: [] };

interface OpenedTab {
  sheet: RawSheet;
  rows: (visit: (row: DataRow) => void) => void;
}

/** Finds and maps a tab; undefined (with issues) when it is missing or its header is unusable. */
function openTab(raw: RawWorkbook, spec: TabSpec, required: boolean, issues: SheetIssue[]): OpenedTab | undefined {
  const { sheet, duplicates } = findSheet(raw, spec.name);
  if (sheet === undefined) {
    const found = raw.sheets.map((s) => `"${s.name}"`).join(', ');
    issues.push({
      code: 'tab_missing',
      severity: required ? 'error' : 'warning',
      tab: spec.name,
      message: `Tệp cấu hình thiếu trang "${spec.name}"${required ? '' : ', nên phần này được coi là trống'}. Các trang hiện có: ${found === '' ? '(không có trang nào)' : found}.`,
      hint: `Thêm trang "${spec.name}" với dòng tiêu đề theo mẫu: ${spec.columns.map((c) => c.header).join(', ')}.`,
    });
    return undefined;
  }
  for (const d of duplicates) {
    issues.push({
      code: 'tab_duplicate',
      severity: 'warning',
      tab: d.name,
      message: `Có hai trang cùng tên "${spec.name}": chỉ trang đầu tiên được đọc.`,
      hint: 'Gộp nội dung vào một trang rồi xoá hoặc đổi tên trang còn lại.',
    });
  }
  const header = mapHeader(sheet, spec);
  issues.push(...header.issues);
  if (!header.ok) return undefined;
  return { sheet, rows: (visit) => forEachDataRow(sheet, header, issues, visit) };
}

/** Reads a unit code cell; numbers become text (zeros restored against `lookup` when unique). */
function readCode(row: DataRow, field: string, tab: string, lookup: CodeLookup, issues: SheetIssue[]): UnitCode | undefined {
  const read = readCodeCell(row.raw(field), lookup);
  if (read.blank) return undefined;
  const cell = row.cell(field);
  if (read.restored && cell !== undefined) issues.push(codeNotTextIssue(tab, cell, read.typed, read.code));
  return read.code;
}

function readPeriod(row: DataRow, field = 'period'): PeriodId | undefined {
  const raw = row.raw(field);
  const text = row.text(field).toUpperCase();
  if (raw === null) {
    row.report('value_missing', 'error', field, 'Chưa nhập kỳ.', 'Nhập kỳ dạng năm (2018), quý (2018-Q3), nửa năm (2018-H1) hoặc tháng (2018-07).');
    return undefined;
  }
  if (raw instanceof Date || isFormulaError(raw) || !isPeriod(text)) {
    row.report(
      'period_invalid',
      'error',
      field,
      `Kỳ "${row.text(field)}" không hợp lệ.`,
      'Nhập kỳ dạng năm (2018), quý (2018-Q3), nửa năm (2018-H1) hoặc tháng (2018-07). Nếu ô tự đổi thành ngày, định dạng ô là Văn bản.',
    );
    return undefined;
  }
  return periodId(text);
}

function readProgramme(row: DataRow): Programme | undefined {
  const text = row.text('programme');
  if (text === '') {
    row.report('value_missing', 'error', 'programme', 'Chưa nhập chương trình.', `Chọn một trong: ${PROGRAMME_CHOICES}.`);
    return undefined;
  }
  const p = PROGRAMME_KEYS.get(plainKey(text));
  if (p === undefined) {
    row.report('programme_invalid', 'error', 'programme', `Chương trình "${text}" không hợp lệ.`, `Chọn một trong: ${PROGRAMME_CHOICES}.`);
  }
  return p;
}

/** Reads an optional unit-scope column that must name an existing unit. */
function readScopeUnit(row: DataRow, tab: string, lookup: CodeLookup, issues: SheetIssue[]): UnitCode | undefined {
  const code = readCode(row, 'scope', tab, lookup, issues);
  if (code === undefined || lookup.has(code)) return code;
  row.report('scope_unknown', 'error', 'scope', `Đơn vị "${code}" không có trong trang "Đơn vị".`, unknownCodeHint(code, lookup, 'đơn vị'));
  return undefined;
}

function splitList(text: string, separators: RegExp): string[] {
  return text
    .split(separators)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
}

// ---- Đơn vị ----

interface UnitDraft {
  unit: Unit;
  row: number;
  parentRaw: RawCell;
  parentCell?: A1Cell;
  parentTyped?: string;
  workbookCell?: A1Cell;
}

/** Top-down order of the levels: a unit's parent must stand higher (province > district > commune; province > commune since 2025). */
const LEVEL_RANK: Record<UnitLevel, number> = { tinh: 0, huyen: 1, xa: 2 };

function parseUnits(tab: OpenedTab, issues: SheetIssue[]): Unit[] {
  const name = tab.sheet.name;
  const drafts: UnitDraft[] = [];
  const rowOf = new Map<UnitCode, number>();
  // Codes of every row that has one, accepted or not: tells "no such unit" from "unit with errors".
  const typedCodes: UnitCode[] = [];
  const tagSpelling = new Map<string, string>();

  tab.rows((row) => {
    const raw = row.raw('code');
    if (raw === null) {
      row.report(
        'unit_code_missing',
        'error',
        'code',
        `Dòng ${row.row} có nội dung nhưng chưa có mã đơn vị.`,
        'Nhập mã đơn vị (văn bản, giữ nguyên các số 0 ở đầu) hoặc xoá dòng nếu không dùng.',
      );
      return;
    }
    const code = unitCode(row.text('code'));
    typedCodes.push(code);
    if (typeof raw === 'number') {
      row.report(
        'code_not_text',
        'warning',
        'code',
        `Mã đơn vị ${code} được nhập dạng số: nếu mã thật có số 0 ở đầu (ví dụ 0${code}) thì số 0 đã bị mất.`,
        `Định dạng ô là Văn bản (Text) rồi nhập lại mã, hoặc gõ dấu nháy đơn trước mã (ví dụ '0${code}).`,
      );
    }
    const first = rowOf.get(code);
    if (first !== undefined) {
      row.report(
        'unit_duplicate',
        'error',
        'code',
        `Mã đơn vị "${code}" trùng với dòng ${first}; dòng ${row.row} bị bỏ qua.`,
        'Mỗi mã đơn vị chỉ một dòng: xoá dòng trùng hoặc sửa mã.',
      );
      return;
    }
    rowOf.set(code, row.row);

    const unitName = row.text('name');
    if (unitName === '')
      row.report('value_missing', 'error', 'name', `Chưa nhập tên đơn vị cho mã ${code}.`, 'Nhập tên đơn vị, ví dụ "Huyện Tràng Định" hoặc "Xã Tân Thanh".');
    const levelText = row.text('level');
    const level = LEVELS.get(plainKey(levelText));
    if (level === undefined) {
      row.report(
        levelText === '' ? 'value_missing' : 'level_invalid',
        'error',
        'level',
        levelText === '' ? `Chưa nhập cấp của đơn vị ${code}.` : `Cấp "${levelText}" không hợp lệ.`,
        'Chọn một trong: "tỉnh", "huyện", "xã".',
      );
    }

    const emails: string[] = [];
    for (const e of splitList(row.text('emails'), /[;,]/)) {
      if (EMAIL.test(e)) emails.push(e);
      else
        row.report(
          'email_invalid',
          'warning',
          'emails',
          `Địa chỉ email "${e}" không hợp lệ nên bị bỏ qua.`,
          'Viết mỗi địa chỉ dạng ten@donvi.gov.vn, các địa chỉ cách nhau bằng dấu chấm phẩy (;).',
        );
    }
    if (row.hasError() || level === undefined) return;

    // One spelling per tag (the first seen), so `Xã biên giới` and `xã biên giới` are one group.
    const groups: string[] = [];
    for (const tag of splitList(row.text('groups'), /;/)) {
      const key = headerKey(tag);
      const canonical = tagSpelling.get(key) ?? tag;
      tagSpelling.set(key, canonical);
      if (!groups.includes(canonical)) groups.push(canonical);
    }
    const unit: Unit = { code, name: unitName, level, groups, emails };
    const workbook = row.text('workbook');
    if (workbook !== '') unit.workbook = workbook;
    const draft: UnitDraft = { unit, row: row.row, parentRaw: row.raw('parent') };
    const parentCell = row.cell('parent');
    if (parentCell !== undefined) draft.parentCell = parentCell;
    const workbookCell = row.cell('workbook');
    if (workbookCell !== undefined) draft.workbookCell = workbookCell;
    drafts.push(draft);
  });

  // Parents are resolved once every code is known, so a parent may sit below its children.
  const typedLookup = buildCodeLookup(typedCodes);
  const accepted = new Map<UnitCode, UnitDraft>();
  for (const d of drafts) accepted.set(d.unit.code, d);
  const reject = (d: UnitDraft, code: IssueCode, message: string, hint: string): void => {
    accepted.delete(d.unit.code);
    const issue: SheetIssue = { code, severity: 'error', tab: name, value: d.parentTyped ?? '', message, hint };
    if (d.parentCell !== undefined) issue.cell = d.parentCell;
    issues.push(issue);
  };

  for (const d of drafts) {
    const read = readCodeCell(d.parentRaw, typedLookup);
    if (read.blank) {
      if (d.unit.level !== 'tinh') {
        const issue: SheetIssue = {
          code: 'parent_missing',
          severity: 'warning',
          tab: name,
          value: '',
          message: `${d.unit.name} (mã ${d.unit.code}) không có đơn vị cha nên không được cộng vào số liệu của tỉnh.`,
          hint: 'Nhập mã đơn vị cha (huyện hoặc tỉnh) vào cột "Đơn vị cha"; chỉ dòng của tỉnh được để trống.',
        };
        if (d.parentCell !== undefined) issue.cell = d.parentCell;
        issues.push(issue);
      }
      continue;
    }
    d.parentTyped = read.typed;
    if (read.restored && d.parentCell !== undefined) issues.push(codeNotTextIssue(name, d.parentCell, read.typed, read.code));
    if (read.code === d.unit.code) {
      reject(d, 'parent_cycle', `${d.unit.name} (mã ${d.unit.code}) ghi đơn vị cha là chính nó.`, 'Nhập mã của đơn vị cấp trên vào cột "Đơn vị cha".');
      continue;
    }
    if (!rowOf.has(read.code)) {
      reject(
        d,
        'parent_unknown',
        `Đơn vị cha "${read.typed}" của ${d.unit.name} không có trong trang "${name}"; dòng ${d.row} bị bỏ qua.`,
        unknownCodeHint(read.typed, typedLookup, 'đơn vị cha'),
      );
      continue;
    }
    d.unit.parent = read.code;
  }

  // A unit whose parent row was rejected cannot be placed in the tree either; repeat until stable.
  const cascade = (): void => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const d of [...accepted.values()]) {
        const parent = d.unit.parent;
        if (parent === undefined || accepted.has(parent)) continue;
        reject(
          d,
          'parent_unknown',
          `Đơn vị cha "${parent}" của ${d.unit.name} có lỗi (dòng ${rowOf.get(parent) ?? '?'}) nên dòng ${d.row} cũng bị bỏ qua.`,
          `Sửa lỗi ở dòng ${rowOf.get(parent) ?? '?'} của trang "${name}".`,
        );
        changed = true;
      }
    }
  };
  cascade();

  // Parent chains that loop back (A under B, B under A) have no root: reject every unit on the loop.
  for (const d of [...accepted.values()]) {
    if (!accepted.has(d.unit.code)) continue;
    const path: UnitCode[] = [];
    const seen = new Set<UnitCode>();
    let cur: UnitCode | undefined = d.unit.code;
    while (cur !== undefined && !seen.has(cur) && accepted.has(cur)) {
      seen.add(cur);
      path.push(cur);
      cur = accepted.get(cur)?.unit.parent;
    }
    if (cur === undefined || !seen.has(cur)) continue;
    const loop = path.slice(path.indexOf(cur));
    for (const code of loop) {
      const member = accepted.get(code);
      if (member === undefined) continue;
      reject(
        member,
        'parent_cycle',
        `Vòng lặp đơn vị cha: ${loop.join(' → ')} → ${cur}; các dòng này bị bỏ qua.`,
        'Mỗi đơn vị phải dẫn lên đến tỉnh qua cột "Đơn vị cha"; sửa lại đơn vị cha của một trong các dòng.',
      );
    }
  }

  // A district under a commune (or a commune under a commune) would count its communes twice up
  // the tree and raise false alerts: the row is an error on its parent cell, its subtree waits.
  for (const d of [...accepted.values()]) {
    const parent = d.unit.parent === undefined ? undefined : accepted.get(d.unit.parent)?.unit;
    if (parent === undefined || LEVEL_RANK[parent.level] < LEVEL_RANK[d.unit.level]) continue;
    reject(
      d,
      'level_mismatch',
      `${d.unit.name} (cấp ${LEVEL_LABEL[d.unit.level]}) không thể trực thuộc ${parent.name} (cấp ${LEVEL_LABEL[parent.level]}); dòng ${d.row} và các đơn vị trực thuộc bị bỏ qua.`,
      `Đơn vị cha phải ở cấp cao hơn (tỉnh > huyện > xã): sửa cột "Đơn vị cha" hoặc cột "Cấp" của dòng ${d.row}.`,
    );
  }

  cascade();

  const kept = drafts.filter((d) => accepted.get(d.unit.code) === d);
  refuseUnusableWorkbooks(kept, name, issues);
  return kept.map((d) => d.unit);
}

/** How two `Bảng tính` values naming one workbook compare: a Google address by its ID, a file name without case or spacing. */
function workbookKey(ref: string): string {
  const id = /\/d\/([A-Za-z0-9_-]{20,})/.exec(ref)?.[1];
  return id ?? ref.normalize('NFC').replace(/\\/g, '/').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Why a `Bảng tính` value can name nothing inside the workspace folder, or undefined when it can. */
function workbookRefProblem(ref: string): string | undefined {
  if (/^(?:[A-Za-z]:|[\\/])/.test(ref)) return 'là đường dẫn tuyệt đối';
  if (ref.split(/[\\/]+/).includes('..')) return 'chứa ".." (trỏ ra ngoài thư mục làm việc)';
  return undefined;
}

/**
 * A workbook that leaves the workspace, or that an earlier row already names, is refused: an
 * error on its cell for the office, and the unit is reported unreadable (its report is still owed).
 * Two units on one workbook would otherwise take turns writing its feedback tab and one unit's
 * communes would be dropped.
 */
function refuseUnusableWorkbooks(drafts: readonly UnitDraft[], tab: string, issues: SheetIssue[]): void {
  const owner = new Map<string, UnitDraft>();
  for (const d of drafts) {
    const ref = d.unit.workbook;
    if (ref === undefined) continue;
    const problem = workbookRefProblem(ref);
    const first = problem === undefined ? owner.get(workbookKey(ref)) : undefined;
    if (problem === undefined && first === undefined) {
      owner.set(workbookKey(ref), d);
      continue;
    }
    const reason =
      problem !== undefined
        ? `tên bảng tính "${ref}" ${problem}`
        : `bảng tính "${ref}" đã được khai báo cho ${first?.unit.name ?? ''} (dòng ${first?.row ?? '?'})`;
    d.unit.workbookRefused = reason;
    const issue: SheetIssue = {
      code: problem !== undefined ? 'workbook_ref_invalid' : 'workbook_shared',
      severity: 'error',
      tab,
      value: ref,
      message: `${d.unit.name}: ${reason}, nên bảng tính này không được đọc cho đơn vị.`,
      hint:
        problem !== undefined
          ? 'Ghi tên tệp nằm trong thư mục units của thư mục làm việc (ví dụ huyen-trang-dinh.xlsx), hoặc ID bảng tính Google.'
          : 'Mỗi đơn vị báo cáo một bảng tính riêng: sửa cột "Bảng tính" của một trong hai dòng.',
    };
    if (d.workbookCell !== undefined) issue.cell = d.workbookCell;
    issues.push(issue);
  }
}

// ---- Chỉ tiêu ----

function catalogueFor(period: PeriodId, dtts: DttsCatalogue): { set?: CriteriaSet; ids: IndicatorInfo[] } {
  const set = criteriaSetForPeriod(period);
  if (set !== undefined) return { set, ids: indicatorCatalogue(set, PROGRAMME_MODULES, dtts) };
  // No NTM criteria set covers the period: only indicators that need none can be targeted.
  return {
    ids: indicatorCatalogue(
      EMPTY_SET,
      PROGRAMME_MODULES.filter((m) => !m.needsCriteriaSet),
      dtts,
    ),
  };
}

function parseTargets(tab: OpenedTab, lookup: CodeLookup, hierarchy: Hierarchy, dtts: DttsCatalogue, issues: SheetIssue[]): Target[] {
  const name = tab.sheet.name;
  const tagsByKey = new Map<string, string>();
  for (const t of hierarchy.groupTags()) if (!tagsByKey.has(headerKey(t))) tagsByKey.set(headerKey(t), t);
  const out: Target[] = [];

  tab.rows((row) => {
    const programme = readProgramme(row);
    const period = readPeriod(row);

    let scope: string | undefined;
    const scopeText = row.text('scope');
    const group = /^([^:]+):(.*)$/.exec(scopeText);
    if (scopeText === '') {
      row.report(
        'value_missing',
        'error',
        'scope',
        'Chưa nhập đơn vị áp dụng chỉ tiêu.',
        'Nhập mã đơn vị, hoặc "nhóm:<tên nhóm>" cho một nhóm (ví dụ nhóm:xã biên giới).',
      );
    } else if (group !== null && plainKey(group[1] ?? '') === 'nhom') {
      const typedTag = (group[2] ?? '').replace(/\s+/g, ' ').trim();
      const known = tagsByKey.get(headerKey(typedTag));
      if (known === undefined) {
        const tags = hierarchy.groupTags();
        row.report(
          'group_unknown',
          'warning',
          'scope',
          `Không đơn vị nào thuộc nhóm "${typedTag}", nên chỉ tiêu này chưa có số liệu để so sánh.`,
          tags.length === 0
            ? 'Ghi nhóm vào cột "Nhóm" của trang "Đơn vị" (các nhóm cách nhau bằng dấu ;).'
            : `Các nhóm đang có: ${tags.map((t) => `"${t}"`).join(', ')}. Sửa tên nhóm cho khớp với cột "Nhóm" của trang "Đơn vị".`,
        );
      }
      scope = groupScope(known ?? typedTag);
    } else {
      const code = readCode(row, 'scope', name, lookup, issues);
      if (code !== undefined && !lookup.has(code)) {
        row.report('scope_unknown', 'error', 'scope', `Đơn vị "${code}" không có trong trang "Đơn vị".`, unknownCodeHint(code, lookup, 'đơn vị'));
      } else {
        scope = code;
      }
    }

    // The template's dropdown entries read `ntm.standard - Số xã đạt chuẩn`: the id is the first word.
    const indicatorText = (row.text('indicator').toLowerCase().split(/\s+/)[0] ?? '').trim();
    let info: IndicatorInfo | undefined;
    if (indicatorText === '') {
      row.report('value_missing', 'error', 'indicator', 'Chưa nhập chỉ số.', 'Nhập mã chỉ số, ví dụ ntm.standard, ntm.criterion.2, poverty.rate_reduction_pp.');
    } else if (period !== undefined) {
      const { set, ids } = catalogueFor(period, dtts);
      info = ids.find((i) => i.id === indicatorText);
      if (info === undefined) {
        const near = closest(
          indicatorText,
          ids.map((i) => i.id),
          3,
        );
        const noSet = set === undefined && PROGRAMME_MODULES.some((m) => m.needsCriteriaSet && indicatorText.startsWith(m.indicatorPrefix));
        row.report(
          'indicator_unknown',
          'error',
          'indicator',
          noSet
            ? `Chưa có bộ tiêu chí nông thôn mới cho kỳ ${period}, nên chưa dùng được chỉ số "${indicatorText}".`
            : `Chỉ số "${indicatorText}" không có trong danh mục chỉ số.`,
          near.length > 0
            ? `Có phải: ${near.join(', ')}? Mã chỉ số viết thường, không dấu, ví dụ ntm.criterion.2.`
            : 'Mã chỉ số viết thường, không dấu, ví dụ ntm.criterion.2.',
        );
      } else if (programme !== undefined && info.programme !== REPORTING && info.programme !== programme) {
        // Reporting rates belong to no programme: any row may target them, its programme's deadline applies.
        row.report(
          'indicator_programme_mismatch',
          'error',
          'indicator',
          `Chỉ số "${info.id}" thuộc chương trình "${info.programme}", không thuộc "${programme}".`,
          `Sửa cột "Chương trình" thành "${info.programme}" hoặc chọn chỉ số của chương trình "${programme}".`,
        );
      }
    }

    const targetRaw = row.raw('target');
    const target = readNumberCell(targetRaw, 'percent');
    let value: number | undefined;
    if (!target.ok) row.report(target.code, 'error', 'target', `Mục tiêu: ${target.message}`, target.hint);
    else if (target.value === undefined)
      row.report('value_missing', 'error', 'target', 'Chưa nhập mục tiêu.', 'Nhập con số mục tiêu, ví dụ 48, 23,2 hoặc 23,2% (tỷ lệ tính theo phần trăm).');
    else value = target.value;

    const opText = row.text('op').replace(/\s+/g, '');
    const op = opText === '' ? '>=' : OPS.get(opText);
    if (op === undefined)
      row.report(
        'op_invalid',
        'error',
        'op',
        `Phép so sánh "${row.text('op')}" không hợp lệ.`,
        'Chọn ">=" (đạt khi không thấp hơn, mặc định), "<=" (đạt khi không cao hơn) hoặc "=".',
      );

    const targetCell = row.cell('target');
    if (
      row.hasError() ||
      programme === undefined ||
      period === undefined ||
      scope === undefined ||
      info === undefined ||
      value === undefined ||
      op === undefined ||
      targetCell === undefined
    )
      return;
    const t: Target = {
      programme,
      period,
      scope,
      indicator: indicatorId(info.id),
      target: value,
      decimals: target.ok ? target.decimals : 0,
      op,
      source: `${name}!${targetCell}`,
    };
    const note = row.text('note');
    if (note !== '') t.note = note;
    out.push(t);
  });
  return out;
}

// ---- Số liệu đầu kỳ ----

function parseBaselines(tab: OpenedTab, lookup: CodeLookup, issues: SheetIssue[]): Baseline[] {
  const name = tab.sheet.name;
  const out: Baseline[] = [];
  const rowOf = new Map<string, number>();
  tab.rows((row) => {
    const unit = readCode(row, 'unit', name, lookup, issues);
    if (unit === undefined) row.report('value_missing', 'error', 'unit', 'Chưa nhập mã đơn vị.', 'Nhập mã đơn vị như trong trang "Đơn vị".');
    else if (!lookup.has(unit))
      row.report('unit_unknown', 'error', 'unit', `Đơn vị "${unit}" không có trong trang "Đơn vị".`, unknownCodeHint(unit, lookup, 'đơn vị'));
    const period = readPeriod(row);

    const count = (field: string, label: string, required: boolean): number | undefined => {
      const r = readNumberCell(row.raw(field), 'count');
      if (!r.ok) row.report(r.code, 'error', field, `${label}: ${r.message}`, r.hint);
      else if (r.value === undefined && required)
        row.report('value_missing', 'error', field, `Chưa nhập ${label.toLowerCase()}.`, `Nhập ${label.toLowerCase()} đầu kỳ (số nguyên).`);
      return r.ok ? r.value : undefined;
    };
    const households = count('households', 'Tổng số hộ', true);
    const poor = count('poor', 'Số hộ nghèo', true);
    const nearPoor = count('nearPoor', 'Số hộ cận nghèo', false);
    if (households !== undefined && poor !== undefined && poor + (nearPoor ?? 0) > households) {
      row.report(
        'poverty_exceeds_households',
        'error',
        'households',
        `Số hộ nghèo${nearPoor === undefined ? '' : ' cộng cận nghèo'} (${poor + (nearPoor ?? 0)}) nhiều hơn tổng số hộ (${households}).`,
        'Kiểm tra lại các ô số hộ của dòng này.',
      );
    }
    if (unit !== undefined && period !== undefined && !row.hasError()) {
      const key = `${unit}\u0000${period}`;
      const first = rowOf.get(key);
      if (first !== undefined) {
        row.report(
          'baseline_duplicate',
          'error',
          'unit',
          `Đơn vị ${unit} đã có số liệu đầu kỳ ${period} ở dòng ${first}; dòng ${row.row} bị bỏ qua.`,
          'Mỗi đơn vị chỉ một dòng cho mỗi kỳ: xoá dòng trùng.',
        );
      } else {
        rowOf.set(key, row.row);
      }
    }
    if (row.hasError() || unit === undefined || period === undefined || households === undefined || poor === undefined) return;
    const b: Baseline = { unit, period, households, poor };
    if (nearPoor !== undefined) b.nearPoor = nearPoor;
    out.push(b);
  });
  return out;
}

// ---- Lịch báo cáo ----

/** Kept under its old name: `Hạn nộp` was the first date column. */
export const readDueDate = readDateCell;

function parseSchedule(tab: OpenedTab, lookup: CodeLookup, issues: SheetIssue[]): ScheduleEntry[] {
  const name = tab.sheet.name;
  const out: ScheduleEntry[] = [];
  tab.rows((row) => {
    const programme = readProgramme(row);
    const period = readPeriod(row);
    const scope = readScopeUnit(row, name, lookup, issues);
    const rowUsable = !row.hasError() && programme !== undefined && period !== undefined;
    // A date that cannot be read is an error on its cell, but the programme stays scheduled: its
    // units still report and only what depends on the deadline (late, missing, missed) waits.
    const dueRaw = row.raw('due');
    const due = readDueDate(dueRaw);
    const waits = rowUsable ? ' Chương trình vẫn được theo dõi, nhưng chưa xét nộp muộn hay chỉ tiêu không đạt cho đến khi sửa hạn nộp.' : '';
    if (dueRaw === null) row.report('value_missing', 'error', 'due', `Chưa nhập hạn nộp.${waits}`, 'Nhập hạn nộp dạng ngày/tháng/năm, ví dụ 31/12/2018.');
    else if (due === undefined)
      row.report(
        'date_invalid',
        'error',
        'due',
        `Hạn nộp "${row.text('due')}" không phải là ngày hợp lệ.${waits}`,
        'Nhập hạn nộp dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/12/2018.',
      );
    if (!rowUsable) return;
    const entry: ScheduleEntry = { programme, period };
    if (due !== undefined) entry.due = due;
    if (scope !== undefined) entry.scope = scope;
    out.push(entry);
  });
  return out;
}

// ---- Người nhận ----

function parseRecipients(tab: OpenedTab, lookup: CodeLookup, issues: SheetIssue[]): Recipient[] {
  const name = tab.sheet.name;
  const out: Recipient[] = [];
  tab.rows((row) => {
    const email = row.text('email');
    if (email === '')
      row.report('value_missing', 'error', 'email', 'Chưa nhập địa chỉ email.', 'Nhập một địa chỉ email mỗi dòng, ví dụ vanphong@donvi.gov.vn.');
    else if (!EMAIL.test(email))
      row.report('email_invalid', 'error', 'email', `Địa chỉ email "${email}" không hợp lệ.`, 'Nhập một địa chỉ email mỗi dòng, dạng ten@donvi.gov.vn.');
    const roleText = row.text('role').replace(/\s+/g, ' ');
    const role = roleText === '' || headerKey(roleText) === headerKey(DEFAULT_ROLE) ? DEFAULT_ROLE : roleText;
    const scope = readScopeUnit(row, name, lookup, issues);
    if (row.hasError()) return;
    const r: Recipient = { email, role };
    if (scope !== undefined) r.scope = scope;
    out.push(r);
  });
  return out;
}

export function parseControlWorkbook(raw: RawWorkbook): ControlConfig {
  const issues: SheetIssue[] = [];
  const unitsTab = openTab(raw, UNITS_TAB, true, issues);
  const units = unitsTab === undefined ? [] : parseUnits(unitsTab, issues);
  const hierarchy = new Hierarchy(units);
  const lookup = buildCodeLookup(units.map((u) => u.code));

  // Optional and read before `Chỉ tiêu`, whose DTTS ids it adds to: a workbook without it has the
  // default catalogue and no finding.
  const dttsSheet = findSheet(raw, DTTS_CATALOGUE_TAB.name).sheet;
  const dtts = dttsSheet === undefined ? undefined : parseDttsCatalogueTab(dttsSheet, defaultDttsCatalogue());
  if (dtts !== undefined) issues.push(...dtts.issues);
  const dttsCatalogue = dtts?.catalogue ?? defaultDttsCatalogue();

  const targetsTab = openTab(raw, TARGETS_TAB, false, issues);
  const targets = targetsTab === undefined ? [] : parseTargets(targetsTab, lookup, hierarchy, dttsCatalogue, issues);
  const baselinesTab = openTab(raw, BASELINES_TAB, false, issues);
  // Old codes of `Sáp nhập` are no longer units, but their start-of-period rows count for their successors.
  const mergers = parseMergers(raw, units, issues);
  const baselineLookup = mergers.length === 0 ? lookup : buildCodeLookup([...units.map((u) => u.code), ...mergers.map((m) => m.from)]);
  const baselines = baselinesTab === undefined ? [] : parseBaselines(baselinesTab, baselineLookup, issues);
  const scheduleTab = openTab(raw, SCHEDULE_TAB, false, issues);
  const schedule = scheduleTab === undefined ? [] : parseSchedule(scheduleTab, lookup, issues);
  const recipientsTab = openTab(raw, RECIPIENTS_TAB, false, issues);
  const recipients = recipientsTab === undefined ? [] : parseRecipients(recipientsTab, lookup, issues);

  const config: ControlConfig = { units, targets, baselines, schedule, recipients, mergers, issues };
  // Carried only when the office extends the default: a config without the tab stays as it was.
  if (dtts !== undefined && dtts.entries.length > 0) config.dttsCatalogue = plainCatalogue(dtts.catalogue);
  return config;
}

/** The catalogue as plain JSON data (no undefined fields): it travels in the run plan between stages. */
function plainCatalogue(c: DttsCatalogue): DttsCatalogue {
  return JSON.parse(JSON.stringify(c)) as DttsCatalogue;
}
