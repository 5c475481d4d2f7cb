import { describe, expect, it } from 'vitest';
import type { A1Cell } from '../../shared/domain/ids.js';
import type { SheetIssue } from '../../shared/domain/issue.js';
import { compareA1, renderFeedbackTab } from '../../shared/publish/feedback-tab.js';
import { fixtureReports, fixtureUnits, PERIOD } from './fixture.js';

const issue = (severity: SheetIssue['severity'], tab: string, cell: string | undefined, extra: Partial<SheetIssue> = {}): SheetIssue => ({
  code: 'number_invalid',
  severity,
  tab,
  cell: cell as A1Cell | undefined,
  message: `${tab}!${cell ?? ''}`,
  ...extra,
});

function unitAndReport(status: 'ok' | 'invalid') {
  const unit = fixtureUnits().find((u) => u.code === '082');
  const report = fixtureReports().find((r) => r.code === '082');
  if (!unit || !report) throw new Error('fixture');
  return { unit, report: { ...report, status } };
}

describe('compareA1', () => {
  it('orders cells by row, then column: B1 < AA1 < A2 < B2 < A10', () => {
    expect(['B2', 'A10', 'AA1', 'A2', 'B1'].sort(compareA1)).toEqual(['B1', 'AA1', 'A2', 'B2', 'A10']);
  });
});

describe('renderFeedbackTab', () => {
  it('writes the header block, the note and one row per issue, errors first then tab and cell', () => {
    const { unit, report } = unitAndReport('invalid');
    const issues = [
      issue('warning', 'NTM', 'A2', { message: 'cảnh báo' }),
      issue('error', 'NTM', 'B1'),
      issue('error', 'Giảm nghèo', 'A1'),
      issue('error', 'NTM', 'A10'),
      issue('error', 'NTM', 'A2', { value: '=SUM(A1:A3)', hint: 'Nhập số, không nhập công thức.' }),
      issue('error', 'NTM', undefined, { message: 'Thiếu cột TC19' }),
      issue('error', '', undefined, { message: 'Thiếu tab Giảm nghèo' }),
    ];
    const tab = renderFeedbackTab({ unit, report, issues, checkedAt: '2018-12-31T05:00:00.000Z', period: PERIOD });
    expect(tab.name).toBe('Kết quả kiểm tra');
    expect(tab.rows.slice(0, 5)).toEqual([
      [{ value: 'KẾT QUẢ KIỂM TRA SỐ LIỆU BÁO CÁO - Huyện Mường Khương', style: 'title' }],
      ['Kiểm tra lúc: 31/12/2018 12:00'],
      ['Kỳ báo cáo: 2018'],
      [{ value: 'Trạng thái: Có lỗi', style: 'error' }],
      ['Số lỗi: 6'],
    ]);
    expect(tab.rows[5]).toEqual(['Số cảnh báo: 1']);
    const note = tab.rows[6]?.[0];
    expect(typeof note).toBe('string');
    expect(note).toContain('"Lỗi" chưa được tính');
    expect(note).toContain('giữ số liệu hợp lệ gần nhất');
    expect(tab.rows[7]).toEqual(['Xã đang dùng số liệu hợp lệ gần nhất (chưa nhận số liệu mới): 02701']);
    expect(tab.rows[8]).toEqual([]);
    expect(tab.headerRow).toBe(10);
    expect(tab.rows[9]).toEqual(['Trang tính', 'Ô', 'Giá trị đã đọc', 'Mức độ', 'Nội dung', 'Cách sửa'].map((value) => ({ value, style: 'header' })));
    const rows = tab.rows.slice(10);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      [null, null],
      ['NTM', null],
      ['NTM', 'B1'],
      ['NTM', 'A2'],
      ['NTM', 'A10'],
      ['Giảm nghèo', 'A1'],
      ['NTM', 'A2'],
    ]);
    // The value as read goes back as a string (written as text, never as a formula).
    // Message and fix wrap within their columns (the row gets the height of its lines).
    expect(rows[3]).toEqual([
      'NTM',
      'A2',
      '=SUM(A1:A3)',
      { value: 'Lỗi', style: 'error' },
      { value: 'NTM!A2', wrap: true },
      { value: 'Nhập số, không nhập công thức.', wrap: true },
    ]);
    expect(rows[6]).toEqual(['NTM', 'A2', null, { value: 'Cảnh báo', style: 'warning' }, { value: 'cảnh báo', wrap: true }, null]);
    expect(tab.widths).toHaveLength(6);
    expect(tab.widths?.[4]).toBeLessThanOrEqual(60);
    expect(tab.widths?.[5]).toBeLessThanOrEqual(50);
  });

  it('thanks the unit when there is no issue', () => {
    const { unit, report } = unitAndReport('ok');
    const tab = renderFeedbackTab({ unit, report: { ...report, staleCommunes: [] }, issues: [], checkedAt: '2018-12-31T05:00:00.000Z', period: PERIOD });
    expect(tab.rows[3]).toEqual([{ value: 'Trạng thái: Hợp lệ', style: 'ok' }]);
    expect(tab.rows[4]).toEqual(['Số lỗi: 0']);
    expect(tab.headerRow).toBe(9);
    expect(tab.rows.slice(9)).toEqual([[{ value: 'Không phát hiện lỗi. Cảm ơn đơn vị đã báo cáo đúng mẫu.', style: 'ok' }]]);
    // The sentence does not widen the `Trang tính` column.
    expect(tab.widths?.[0]).toBe('Trang tính'.length + 2);
  });

  it('is deterministic', () => {
    const { unit, report } = unitAndReport('invalid');
    const input = { unit, report, issues: [issue('error', 'NTM', 'C3')], checkedAt: '2018-12-31T05:00:00.000Z', period: PERIOD };
    expect(renderFeedbackTab(input)).toEqual(renderFeedbackTab(input));
  });
});
