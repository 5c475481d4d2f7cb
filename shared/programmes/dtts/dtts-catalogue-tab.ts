import { forEachDataRow, type DataRow } from '../../forms/data-rows.js';
import { plainKey } from '../../forms/header-key.js';
import { mapHeader } from '../../forms/header-map.js';
import type { SheetIssue } from '../../domain/issue.js';
import type { RawSheet } from '../../forms/raw-sheet.js';
import { DTTS_CATALOGUE_TAB } from '../../forms/tab-specs.js';
import { dttsCodeKey, extendDttsCatalogue, findDttsProject, type DttsCatalogue, type DttsCatalogueEntry, type DttsProject } from './dtts-catalogue.js';

export { DTTS_CATALOGUE_TAB } from '../../forms/tab-specs.js';

/**
 * A code is a project id, one dot and a short unaccented name (`DA1.nha_o`). One dot only, so
 * `dtts.<code>.pct` can never be read as another code; no tone marks, since the code becomes an
 * indicator id people type into `Chỉ tiêu`.
 */
export const DTTS_CODE_SHAPE = /^[A-Za-z0-9]+\.[A-Za-z0-9_]+$/;

export interface DttsCatalogueTabResult {
  /** `base` extended with the accepted rows. */
  catalogue: DttsCatalogue;
  /** The accepted rows, in sheet order. */
  entries: DttsCatalogueEntry[];
  issues: SheetIssue[];
}

const projectChoices = (catalogue: DttsCatalogue): string => catalogue.projects.map((p) => p.id).join(', ');

/** `DA1`, `da 1`, `Dự án 1` and a bare `1` all name project DA1. */
function readProject(row: DataRow, catalogue: DttsCatalogue): DttsProject | undefined {
  const typed = row.text('project');
  if (typed === '') {
    row.report('value_missing', 'error', 'project', 'Chưa nhập dự án của chỉ tiêu.', `Nhập mã dự án, một trong: ${projectChoices(catalogue)}.`);
    return undefined;
  }
  const compact = plainKey(typed).replace(/\s+/g, '').replace(/^duan/, 'da');
  const project = findDttsProject(catalogue, /^\d+$/.test(compact) ? `da${compact}` : compact);
  if (project === undefined) {
    row.report(
      'dtts_project_unknown',
      'error',
      'project',
      `Dự án "${typed}" không có trong Chương trình 1719.`,
      `Chọn một trong: ${projectChoices(catalogue)} (DA1 là Dự án 1, ...; CT là mục tiêu chung của Chương trình).`,
    );
  }
  return project;
}

/**
 * Reads `Danh mục DTTS` and extends `base` with its rows. A row with an error is left out; the rest
 * is kept. A code already in `base` rewords that entry (the office's own plan wording wins); a code
 * twice in the tab keeps the first row.
 */
export function parseDttsCatalogueTab(sheet: RawSheet, base: DttsCatalogue): DttsCatalogueTabResult {
  const header = mapHeader(sheet, DTTS_CATALOGUE_TAB);
  const issues: SheetIssue[] = [...header.issues];
  if (!header.ok) return { catalogue: base, entries: [], issues };

  const entries: DttsCatalogueEntry[] = [];
  const firstRow = new Map<string, number>();
  forEachDataRow(sheet, header, issues, (row) => {
    const code = row.text('code');
    const project = readProject(row, base);
    if (code === '') {
      row.report(
        'value_missing',
        'error',
        'code',
        `Dòng ${row.row} có nội dung nhưng chưa có mã chỉ tiêu.`,
        'Nhập mã chỉ tiêu dạng <mã dự án>.<tên ngắn không dấu>, ví dụ DA1.nha_o, hoặc xoá dòng nếu không dùng.',
      );
    } else if (!DTTS_CODE_SHAPE.test(code)) {
      row.report(
        'dtts_code_invalid',
        'error',
        'code',
        `Mã chỉ tiêu "${code}" không đúng dạng.`,
        'Mã gồm mã dự án, một dấu chấm và tên ngắn chỉ có chữ không dấu, chữ số và dấu gạch dưới, ví dụ DA1.nha_o hoặc DA4.duong_xa.',
      );
    } else if (project !== undefined && dttsCodeKey(code.split('.')[0] ?? '') !== dttsCodeKey(project.id)) {
      row.report(
        'dtts_code_project_mismatch',
        'error',
        'code',
        `Mã chỉ tiêu "${code}" bắt đầu bằng "${code.split('.')[0] ?? ''}" nhưng cột Dự án ghi ${project.id}.`,
        `Phần trước dấu chấm của mã là mã dự án: sửa mã thành ${project.id}.${code.split('.')[1] ?? ''} hoặc sửa cột Dự án.`,
      );
    } else {
      const first = firstRow.get(dttsCodeKey(code));
      if (first !== undefined) {
        row.report(
          'dtts_code_duplicate',
          'error',
          'code',
          `Mã chỉ tiêu "${code}" đã có ở dòng ${first}; dòng ${row.row} bị bỏ qua.`,
          `Mỗi mã chỉ tiêu chỉ một dòng (mã không phân biệt chữ hoa, chữ thường): xoá dòng ${row.row} hoặc đặt mã khác.`,
        );
      } else {
        firstRow.set(dttsCodeKey(code), row.row);
      }
    }
    const content = row.text('content');
    if (content === '')
      row.report(
        'value_missing',
        'error',
        'content',
        `Chưa nhập nội dung của chỉ tiêu ${code}.`,
        'Nhập nội dung chỉ tiêu như trong kế hoạch, ví dụ "Hỗ trợ nhà ở".',
      );
    const cell = row.cell('code');
    if (row.hasError() || project === undefined || cell === undefined) return;
    const entry: DttsCatalogueEntry = { code, project: project.id, content, origin: `${sheet.name}!${cell}` };
    const unit = row.text('unit');
    if (unit !== '') entry.unit = unit;
    entries.push(entry);
  });
  return { catalogue: extendDttsCatalogue(base, entries), entries, issues };
}
