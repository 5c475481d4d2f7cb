/**
 * The forms contract (product.md, "The forms"): tab names and header texts. Templates write these
 * headers; parsers find columns by comparing header keys (see header-key.ts), so staff may move
 * columns and add title rows.
 */

export interface ColumnSpec {
  /** Field name in code. */
  field: string;
  /** Header text written by templates and matched (after normalisation) when reading. */
  header: string;
  required: boolean;
  /** Width in characters for templates. */
  width: number;
  /** Header key prefix match instead of equality (for `TC2 - Giao thông`). */
  prefix?: boolean;
  /** Other accepted header texts. */
  aliases?: string[];
}

export interface TabSpec {
  name: string;
  /** Header texts that identify the header row (the first row within the first 10 containing one). */
  keyHeaders: string[];
  columns: ColumnSpec[];
}

/** A column of a tab spec. */
export const col = (field: string, header: string, required: boolean, width: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  field,
  header,
  required,
  width,
  ...extra,
});

// ---- Control workbook (config.xlsx) ----

export const UNITS_TAB: TabSpec = {
  name: 'Đơn vị',
  keyHeaders: ['Mã đơn vị'],
  columns: [
    col('code', 'Mã đơn vị', true, 12),
    col('name', 'Tên đơn vị', true, 28),
    col('level', 'Cấp', true, 8),
    col('parent', 'Đơn vị cha', true, 12),
    col('groups', 'Nhóm', false, 26),
    col('workbook', 'Bảng tính', false, 30),
    col('emails', 'Email', false, 34),
  ],
};

export const TARGETS_TAB: TabSpec = {
  name: 'Chỉ tiêu',
  keyHeaders: ['Chương trình'],
  columns: [
    col('programme', 'Chương trình', true, 13),
    col('period', 'Kỳ', true, 8),
    col('scope', 'Đơn vị', true, 22),
    col('indicator', 'Chỉ số', true, 26),
    col('target', 'Mục tiêu', true, 10),
    col('op', 'So sánh', false, 9),
    col('note', 'Ghi chú', false, 40),
  ],
};

export const BASELINES_TAB: TabSpec = {
  name: 'Số liệu đầu kỳ',
  keyHeaders: ['Đơn vị'],
  columns: [
    col('unit', 'Đơn vị', true, 12),
    col('period', 'Kỳ', true, 8),
    col('households', 'Tổng số hộ', true, 12),
    col('poor', 'Số hộ nghèo', true, 12),
    col('nearPoor', 'Số hộ cận nghèo', false, 15),
  ],
};

export const SCHEDULE_TAB: TabSpec = {
  name: 'Lịch báo cáo',
  keyHeaders: ['Chương trình'],
  columns: [
    col('programme', 'Chương trình', true, 13),
    col('period', 'Kỳ', true, 8),
    col('due', 'Hạn nộp', true, 12),
    // Extension of the contract: limits the row to a unit's subtree (blank: every unit).
    col('scope', 'Đơn vị', false, 12),
  ],
};

export const RECIPIENTS_TAB: TabSpec = {
  name: 'Người nhận',
  keyHeaders: ['Email'],
  columns: [col('email', 'Email', true, 34), col('role', 'Vai trò', false, 14), col('scope', 'Đơn vị', false, 12)],
};

/** Optional: administrative mergers (the 2025 reform). `Tên đơn vị cũ` extends the contract: names for the summary. */
export const MERGERS_TAB: TabSpec = {
  name: 'Sáp nhập',
  keyHeaders: ['Mã cũ'],
  columns: [col('from', 'Mã cũ', true, 12), col('to', 'Mã mới', true, 12), col('effective', 'Từ ngày', true, 12), col('fromName', 'Tên đơn vị cũ', false, 28)],
};

/** Optional: indicators added to the DTTS catalogue (read by shared/programmes/dtts/dtts-catalogue-tab.ts). */
export const DTTS_CATALOGUE_TAB: TabSpec = {
  name: 'Danh mục DTTS',
  keyHeaders: ['Mã chỉ tiêu'],
  columns: [
    { field: 'code', header: 'Mã chỉ tiêu', required: true, width: 24 },
    { field: 'project', header: 'Dự án', required: true, width: 8 },
    { field: 'content', header: 'Nội dung', required: true, width: 50 },
    { field: 'unit', header: 'Đơn vị tính', required: false, width: 12 },
  ],
};

export const CONTROL_TABS: readonly TabSpec[] = [UNITS_TAB, TARGETS_TAB, BASELINES_TAB, SCHEDULE_TAB, RECIPIENTS_TAB, MERGERS_TAB, DTTS_CATALOGUE_TAB];

// ---- Unit workbook (each programme's tab is in its module, shared/programmes/<id>/) ----

/** Written by the pipeline into each unit workbook. */
export const FEEDBACK_TAB_NAME = 'Kết quả kiểm tra';

/** Criterion cell dropdown values. */
export const MET = 'Đạt';
export const NOT_MET = 'Chưa đạt';

/** How many rows from the top may hold titles before the header row. */
export const HEADER_SEARCH_ROWS = 10;
