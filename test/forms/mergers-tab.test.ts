import { describe, expect, it } from 'vitest';
import { parseControlWorkbook } from '../../shared/forms/control-workbook.js';
import type { RawCell, RawSheet, RawWorkbook } from '../../shared/forms/raw-sheet.js';
import { sheet } from './fixtures.js';

/** A province > commune hierarchy, as since the 2025 reform: no districts. */
const UNITS: RawCell[][] = [
  ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
  ['20', 'Tỉnh Lạng Sơn', 'tỉnh', null, null, 'tinh.xlsx', null],
  ['06052', 'Xã Hùng Sơn', 'xã', '20', null, null, null],
  ['06100', 'Xã Tân Mỹ', 'xã', '20', null, null, null],
  // Merged on 01/07/2025 but still listed with its workbook.
  ['06055', 'Xã Đại Đồng', 'xã', '20', null, 'dai-dong.xlsx', null],
];
const HEADER: RawCell[] = ['Mã cũ', 'Mã mới', 'Từ ngày', 'Tên đơn vị cũ'];

function parse(rows: RawCell[][], extra: RawSheet[] = []) {
  const raw: RawWorkbook = { sheets: [sheet('Đơn vị', UNITS), sheet('Sáp nhập', [['SÁP NHẬP ĐƠN VỊ HÀNH CHÍNH'], HEADER, ...rows]), ...extra] };
  const config = parseControlWorkbook(raw);
  const findings = config.issues.filter((i) => i.tab === 'Sáp nhập').map((i) => [i.code, i.severity, i.cell ?? null]);
  return { config, findings };
}

describe('parseControlWorkbook: Sáp nhập', () => {
  it('reads mergers whose old codes are not in Đơn vị, dates as dd/mm/yyyy or date cells, and chains', () => {
    const { config, findings } = parse([
      ['06060', '06052', '01/07/2025', 'Xã Hồng Thái'],
      ['06061', '06062', new Date(Date.UTC(2025, 6, 1)), null],
      ['06062', '06100', '1/7/2025', null],
    ]);
    expect(findings).toEqual([]);
    expect(config.mergers).toEqual([
      { from: '06060', to: '06052', effective: '2025-07-01', fromName: 'Xã Hồng Thái' },
      { from: '06061', to: '06062', effective: '2025-07-01' },
      { from: '06062', to: '06100', effective: '2025-07-01' },
    ]);
  });

  it('reports an unknown new code, a code merged into itself and a date that does not exist, on their cells', () => {
    const { config, findings } = parse([
      ['06060', '09999', '01/07/2025', null],
      ['06061', '06061', '01/07/2025', null],
      ['06063', '06052', '31/02/2025', null],
      ['06064', '06052', null, null],
    ]);
    expect(findings).toEqual([
      ['merger_self', 'error', 'B4'],
      ['date_invalid', 'error', 'C5'],
      ['value_missing', 'error', 'C6'],
      ['merger_successor_unknown', 'error', 'B3'],
    ]);
    expect(config.mergers).toEqual([]);
    const unknown = config.issues.find((i) => i.code === 'merger_successor_unknown');
    expect(unknown?.message).toBe('Mã mới "09999" không có trong trang "Đơn vị"; dòng 3 bị bỏ qua.');
    expect(config.issues.find((i) => i.code === 'date_invalid')?.message).toBe('"31/02/2025" không phải là ngày hợp lệ.');
  });

  it('refuses a loop and the chain that leads into it, and keeps an old code to its first successor', () => {
    const { config, findings } = parse([
      ['06070', '06071', '01/07/2025', null],
      ['06071', '06070', '01/07/2025', null],
      ['06072', '06070', '01/07/2025', null],
      ['06080', '06052', '01/07/2025', null],
      ['06080', '06100', '01/07/2025', null],
      ['06080', '06052', '01/07/2025', null],
    ]);
    expect(findings).toEqual([
      ['merger_conflict', 'error', 'B7'],
      ['merger_duplicate', 'warning', 'A8'],
      ['merger_cycle', 'error', 'B3'],
      ['merger_cycle', 'error', 'B4'],
      ['merger_successor_unknown', 'error', 'B5'],
    ]);
    expect(config.issues.find((i) => i.code === 'merger_cycle')?.message).toBe('Sáp nhập vòng tròn: 06070 → 06071 → 06070; dòng 3 bị bỏ qua.');
    expect(config.mergers).toEqual([{ from: '06080', to: '06052', effective: '2025-07-01' }]);
  });

  it('warns when a merged unit still has a Bảng tính', () => {
    const { config, findings } = parse([['06055', '06052', '01/07/2025', null]]);
    expect(findings).toEqual([['merger_old_unit_reports', 'warning', 'A3']]);
    expect(config.issues.find((i) => i.code === 'merger_old_unit_reports')?.message).toMatch(
      /^Xã Đại Đồng \(mã 06055\) đã sáp nhập vào mã 06052 từ ngày 01\/07\/2025/,
    );
  });

  it('accepts a baseline on an old code of Sáp nhập, and still refuses one on a code found nowhere', () => {
    const baselines = sheet('Số liệu đầu kỳ', [
      ['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
      ['06060', '2025', 1000, 100, 50],
      ['06052', '2025', 800, 40, 20],
      ['06099', '2025', 500, 10, 5],
    ]);
    const { config } = parse([['06060', '06052', '01/07/2025', null]], [baselines]);
    expect(config.issues.filter((i) => i.tab === 'Số liệu đầu kỳ').map((i) => [i.code, i.cell])).toEqual([['unit_unknown', 'A4']]);
    expect(config.baselines.map((b) => b.unit)).toEqual(['06060', '06052']);
  });

  it('is optional: a control workbook without it has no mergers and no finding about it', () => {
    const config = parseControlWorkbook({ sheets: [sheet('Đơn vị', UNITS)] });
    expect(config.mergers).toEqual([]);
    expect(config.issues.filter((i) => i.tab === 'Sáp nhập' || i.message.includes('Sáp nhập'))).toEqual([]);
  });
});
