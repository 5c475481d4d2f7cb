import type { TabSpec } from '../../forms/tab-specs.js';

/** Unit workbook tab `DTTS` (product.md, "Unit workbook: tab DTTS"). */
export const DTTS_TAB: TabSpec = {
  name: 'DTTS',
  keyHeaders: ['Mã chỉ tiêu'],
  columns: [
    { field: 'code', header: 'Mã chỉ tiêu', required: true, width: 22 },
    { field: 'content', header: 'Nội dung', required: true, width: 48 },
    { field: 'unit', header: 'Đơn vị tính', required: false, width: 12 },
    { field: 'plan', header: 'Kế hoạch', required: true, width: 12 },
    { field: 'achieved', header: 'Thực hiện', required: true, width: 12 },
    { field: 'total', header: 'Tổng số', required: false, width: 10 },
    { field: 'note', header: 'Ghi chú', required: false, width: 30 },
  ],
};

/** Fields the template pre-fills from the catalogue and `Chỉ tiêu`: a row with nothing else typed is not entered yet. */
export const DTTS_PREFILLED_FIELDS: readonly string[] = ['code', 'content', 'unit', 'plan'];
