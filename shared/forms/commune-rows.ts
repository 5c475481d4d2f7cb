import type { A1Cell, UnitCode } from '../domain/ids.js';
import type { Unit } from '../domain/unit.js';
import { headerKey } from './header-key.js';
import { mapHeader } from './header-map.js';
import type { SheetIssue } from '../domain/issue.js';
import { forEachDataRow, type DataRow } from './data-rows.js';
import { readNumberCell, type NumberKind } from './parse-number.js';
import { isBlank, type RawSheet } from './raw-sheet.js';
import type { TabParseResult } from './tab-parse-result.js';
import type { TabSpec } from './tab-specs.js';
import { codeNotTextIssue, hierarchyCodeLookup, readCodeCell, unknownCodeHint, type UnitContext } from './unit-context.js';

/**
 * The rules every commune tab of a unit workbook shares (NTM, Giảm nghèo): header mapping, blank
 * rows, the commune code checks, duplicates, the name check and the communes without a row. The
 * tab-specific reading of a row is a callback.
 */

/** One data row with a known commune of the reporting unit, as handed to a tab's row reader. */
export interface CommuneRowCells extends DataRow {
  commune: Unit;
  /** Name as written, or the hierarchy's name when the cell is blank. */
  name: string;
  /**
   * Reads a number field; problems are reported on the cell. Returns undefined when blank
   * (reported as `value_missing` when `required`) or invalid.
   */
  number(field: string, kind: NumberKind, label: string, required: boolean): number | undefined;
}

// Names may be written with or without the level word: `Xã Tân Thanh` and `Tân Thanh` are one.
const LEVEL_WORDS = ['xã', 'phường', 'thị trấn'].map((w) => `${headerKey(w)} `);

function nameKey(name: string): string {
  const key = headerKey(name);
  const word = LEVEL_WORDS.find((w) => key.startsWith(w));
  return word === undefined ? key : key.slice(word.length);
}

export function parseCommuneRows<Row>(
  sheet: RawSheet,
  spec: TabSpec,
  ctx: UnitContext,
  readRow: (cells: CommuneRowCells) => Row | undefined,
): TabParseResult<Row> {
  const tab = sheet.name;
  const header = mapHeader(sheet, spec);
  const issues: SheetIssue[] = [...header.issues];
  if (!header.ok) return { rows: [], issues, erroredCommunes: [], tabOk: false, untouched: false };

  const { hierarchy, unit } = ctx;
  const lookup = hierarchyCodeLookup(hierarchy);
  const rows: Row[] = [];
  const accepted = new Set<UnitCode>();
  const errored = new Set<UnitCode>();
  const firstRowOf = new Map<UnitCode, number>();
  // The fields staff fill in: everything but the commune's code and name, which templates pre-fill.
  const valueFields = spec.columns.map((c) => c.field).filter((f) => f !== 'commune' && f !== 'name' && header.columns.has(f));
  /** Rows of known communes with nothing typed but the code and name, with the cell to point at. */
  const notEntered: { row: number; commune: Unit; cell: A1Cell | undefined }[] = [];
  let entered = 0;

  forEachDataRow(sheet, header, issues, (row) => {
    const r = row.row;
    const read = readCodeCell(row.raw('commune'), lookup);
    if (read.blank) {
      row.report(
        'commune_code_missing',
        'error',
        'commune',
        `Dòng ${r} có số liệu nhưng chưa có mã xã.`,
        'Nhập mã xã (cột "Mã xã", như trong mẫu bảng tính) hoặc xoá dòng nếu không dùng. Dòng này chưa được tính.',
      );
      return;
    }
    const codeCell = row.cell('commune');
    if (read.restored && codeCell !== undefined) issues.push(codeNotTextIssue(tab, codeCell, read.typed, read.code));
    const commune = hierarchy.get(read.code);
    if (commune === undefined) {
      row.report(
        'commune_unknown',
        'error',
        'commune',
        `Mã xã "${read.typed}" không có trong danh mục đơn vị.`,
        unknownCodeHint(read.typed, lookup, 'xã', 'unit'),
      );
      return;
    }
    if (commune.level !== 'xa') {
      row.report(
        'not_a_commune',
        'error',
        'commune',
        `Mã "${commune.code}" là của ${commune.name}, không phải một xã.`,
        'Trang này chỉ nhập từng xã; số liệu của huyện, tỉnh được tự động cộng từ các xã. Xoá dòng này hoặc sửa thành mã xã.',
      );
      return;
    }
    if (!hierarchy.isWithin(commune.code, unit.code)) {
      const ancestors = hierarchy.ancestors(commune.code);
      // Name the unit that should report it: the ancestor at the reporting unit's level.
      const owner = ancestors.find((a) => a.level === unit.level) ?? ancestors[0];
      const where = owner === undefined ? '' : ` thuộc ${owner.name}`;
      row.report(
        'commune_outside_unit',
        'error',
        'commune',
        `${commune.name} (mã ${commune.code})${where}, không thuộc ${unit.name}.`,
        `Chỉ nhập các xã thuộc ${unit.name}. Kiểm tra lại mã xã, hoặc xoá dòng này${owner === undefined ? '' : ` (số liệu của xã này do ${owner.name} báo cáo)`}.`,
      );
      return;
    }
    const firstRow = firstRowOf.get(commune.code);
    if (firstRow !== undefined) {
      row.report(
        'commune_duplicate',
        'error',
        'commune',
        `${commune.name} (mã ${commune.code}) đã có ở dòng ${firstRow}; dòng ${r} bị trùng và không được tính.`,
        `Mỗi xã chỉ một dòng. Gộp số liệu vào dòng ${firstRow} rồi xoá dòng ${r}.`,
      );
      errored.add(commune.code);
      return;
    }
    firstRowOf.set(commune.code, r);

    const written = row.text('name');
    if (written !== '' && nameKey(written) !== nameKey(commune.name)) {
      row.report(
        'commune_name_mismatch',
        'warning',
        'name',
        `Tên "${written}" khác với tên của mã ${commune.code} trong danh mục: "${commune.name}".`,
        `Số liệu được ghi cho xã theo mã (${commune.name}). Nếu mã đúng, sửa tên thành "${commune.name}"; nếu tên đúng, sửa lại mã xã.`,
      );
    }

    if (valueFields.every((f) => isBlank(row.raw(f)))) {
      // A row the template pre-filled and staff have not reached yet: one finding for the row
      // (or one for the tab, see below), not one per empty cell.
      errored.add(commune.code);
      const first = valueFields[0];
      notEntered.push({ row: r, commune, cell: first === undefined ? undefined : row.cell(first) });
      return;
    }
    entered++;

    const number = (field: string, kind: NumberKind, label: string, required: boolean): number | undefined => {
      const result = readNumberCell(row.raw(field), kind);
      if (!result.ok) {
        row.report(result.code, 'error', field, `${label}: ${result.message}`, result.hint);
        return undefined;
      }
      if (result.value === undefined && required) {
        const what = label.charAt(0).toLowerCase() + label.slice(1);
        row.report(
          'value_missing',
          'error',
          field,
          `Chưa nhập ${what} của ${commune.name}.`,
          `Nhập ${what} (số nguyên, có thể là 0). Dòng này chưa được tính cho đến khi nhập đủ.`,
        );
      }
      return result.value;
    };

    const parsed = readRow({ ...row, commune, name: written === '' ? commune.name : written, number });
    if (row.hasError() || parsed === undefined) {
      errored.add(commune.code);
    } else {
      rows.push(parsed);
      accepted.add(commune.code);
    }
  });

  const untouched = notEntered.length > 0 && entered === 0 && !issues.some((i) => i.severity === 'error');
  if (!untouched) {
    for (const n of notEntered) {
      const issue: SheetIssue = {
        code: 'row_not_entered',
        severity: 'error',
        tab,
        value: '',
        message: `Chưa nhập số liệu của ${n.commune.name} (dòng ${n.row}): mới có mã và tên xã.`,
        hint: 'Nhập đủ số liệu của xã trên dòng này. Xã chưa nhập chưa được tính vào số liệu tổng hợp.',
      };
      if (n.cell !== undefined) issue.cell = n.cell;
      issues.push(issue);
    }
  }

  for (const c of hierarchy.communesUnder(unit.code)) {
    if (firstRowOf.has(c.code)) continue;
    issues.push({
      code: 'commune_row_missing',
      severity: 'warning',
      tab,
      message: `Chưa có dòng nào cho ${c.name} (mã ${c.code}).`,
      hint: `Thêm một dòng với mã xã "${c.code}" và nhập đủ số liệu của xã; xã chưa có dòng thì chưa được tính vào tổng hợp.`,
    });
  }

  return { rows, issues, erroredCommunes: [...errored].filter((c) => !accepted.has(c)), tabOk: true, untouched };
}
