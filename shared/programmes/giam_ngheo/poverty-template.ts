import type { TemplateColumn, TemplateTab } from '../programme-module.js';
import { POVERTY_TAB } from './poverty-tab-spec.js';

/** The `Giảm nghèo` tab of a new unit workbook: household counts as whole numbers. */
export function povertyTemplateTab(): TemplateTab {
  const columns = POVERTY_TAB.columns.map((col): TemplateColumn => ({
    ...col,
    kind: col.field === 'commune' ? 'code' : col.field === 'name' ? 'text' : 'count',
  }));
  return {
    spec: POVERTY_TAB,
    columns,
    title: 'Biểu báo cáo kết quả giảm nghèo',
    guide: [
      'Trang Giảm nghèo: nhập số hộ là số nguyên; nếu nhập dạng chữ thì viết kiểu Việt Nam (1.234 là một nghìn hai trăm ba mươi tư).',
      'Số hộ nghèo cộng số hộ cận nghèo không được lớn hơn tổng số hộ; hộ nghèo DTTS không lớn hơn số hộ nghèo.',
      'Các cột thoát nghèo, tái nghèo, phát sinh (nếu điền) phải khớp: hộ nghèo = hộ nghèo đầu kỳ - thoát nghèo + tái nghèo + phát sinh.',
    ],
  };
}
