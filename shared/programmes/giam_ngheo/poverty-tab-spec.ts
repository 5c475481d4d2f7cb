import { col, type TabSpec } from '../../forms/tab-specs.js';

export const POVERTY_TAB: TabSpec = {
  name: 'Giảm nghèo',
  keyHeaders: ['Mã xã'],
  columns: [
    col('commune', 'Mã xã', true, 10),
    col('name', 'Tên xã', true, 22),
    col('households', 'Tổng số hộ', true, 12),
    col('poor', 'Số hộ nghèo', true, 12),
    col('nearPoor', 'Số hộ cận nghèo', true, 15),
    col('poorEthnic', 'Hộ nghèo DTTS', false, 14),
    col('escaped', 'Số hộ thoát nghèo', false, 16),
    col('relapsed', 'Số hộ tái nghèo', false, 15),
    col('newPoor', 'Số hộ nghèo phát sinh', false, 19),
  ],
};
