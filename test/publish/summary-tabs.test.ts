import { describe, expect, it } from 'vitest';
import type { TabCell, TabWrite } from '../../shared/ports/workbook-gateway.js';
import { renderSummaryTabs } from '../../shared/publish/summary-tabs.js';
import { BASELINES, fixtureHierarchy, fixtureResult, GENERATED_AT, GROUP, SET } from './fixture.js';

const render = (over: Partial<Parameters<typeof renderSummaryTabs>[0]> = {}): TabWrite[] =>
  renderSummaryTabs({ result: fixtureResult(), hierarchy: fixtureHierarchy(), set: SET, baselines: BASELINES, generatedAt: GENERATED_AT, ...over });

function tab(tabs: TabWrite[], name: string): TabWrite {
  const t = tabs.find((x) => x.name === name);
  if (!t) throw new Error(`no tab ${name}`);
  return t;
}

const text = (cell: TabCell | undefined): string | undefined =>
  typeof cell === 'string' ? cell : cell !== null && typeof cell === 'object' && typeof cell.value === 'string' ? cell.value : undefined;

/** Data rows (after the header row) of a tab. */
const body = (t: TabWrite): TabCell[][] => t.rows.slice(t.headerRow ?? 0);
const headerTexts = (t: TabWrite): (string | undefined)[] => (t.rows[(t.headerRow ?? 0) - 1] ?? []).map(text);

describe('renderSummaryTabs', () => {
  it('writes the five tabs in order, each with title, update line, blank row and a frozen header row', () => {
    const tabs = render();
    expect(tabs.map((t) => t.name)).toEqual(['Tổng hợp NTM', 'Tổng hợp giảm nghèo', 'Tiến độ chỉ tiêu', 'Tình hình nộp báo cáo', 'Cảnh báo']);
    for (const t of tabs) {
      expect(t.headerRow).toBe(4);
      expect(t.rows[1]).toEqual(['Cập nhật: 05/01/2019 14:30 (ngày tính: 31/12/2018)']);
      expect(t.rows[2]).toEqual([]);
      for (const cell of t.rows[3] ?? []) expect(cell).toMatchObject({ style: 'header' });
      expect(t.widths).toHaveLength(t.rows[3]?.length ?? -1);
      // Widths fit every header (capped at 60 for the longest).
      (t.rows[3] ?? []).forEach((cell, i) => expect(t.widths?.[i]).toBeGreaterThanOrEqual(Math.min(60, (text(cell) ?? '').length)));
    }
    expect(tabs[0]?.rows[0]).toEqual([{ value: 'TỔNG HỢP KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI - Kỳ 2018', style: 'title' }]);
  });

  it('NTM tab: headers, tree order with indentation, groups last, only scopes with NTM data', () => {
    const t = tab(render(), 'Tổng hợp NTM');
    const headers = headerTexts(t);
    expect(headers.slice(0, 10)).toEqual([
      'Mã',
      'Đơn vị',
      'Cấp',
      'Số xã',
      'Số xã có số liệu',
      'Bình quân tiêu chí/xã',
      'Số xã đạt chuẩn',
      'Tỷ lệ đạt chuẩn (%)',
      'Đạt 19 tiêu chí (số xã)',
      'Đạt 19 tiêu chí (%)',
    ]);
    expect(headers).toHaveLength(8 + 2 * 5 + 2 * 19);
    expect(headers[18]).toBe('TC1 - Quy hoạch (số xã)');
    expect(headers[20]).toBe('TC2 - Giao thông (số xã)');
    expect(headers[21]).toBe('TC2 (%)');

    const rows = body(t);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['10', 'Tỉnh Lào Cai', 'tỉnh', { value: 4, format: 'int' }],
      ['080', '  Huyện Bát Xát', 'huyện', { value: 2, format: 'int' }],
      ['02647', '    Xã A Mú Sung', 'xã', { value: 1, format: 'int' }],
      ['02650', '    Xã Y Tý', 'xã', { value: 1, format: 'int' }],
      ['082', '  Huyện Mường Khương', 'huyện', { value: 2, format: 'int' }],
      ['02701', '    Xã Pha Long', 'xã', { value: 1, format: 'int' }],
      [`nhóm:${GROUP}`, `Nhóm ${GROUP}`, 'nhóm', { value: 2, format: 'int' }],
    ]);
    const province = rows[0] ?? [];
    expect(province[4]).toEqual({ value: 3, format: 'int' });
    expect(province[5]).toEqual({ value: 12.33, format: 'decimal' });
    expect(province[6]).toEqual({ value: 1, format: 'int' });
    expect(province[7]).toEqual({ value: 26.61, format: 'percent' });
    // TC2 count and percent for the province: 1 of 3 communes.
    expect(province[20]).toEqual({ value: 1, format: 'int' });
    expect(province[21]).toEqual({ value: 33.33, format: 'percent' });
  });

  it('poverty tab: figures, explicit baseline, baseline derived from the reduction indicators', () => {
    const t = tab(render(), 'Tổng hợp giảm nghèo');
    expect(headerTexts(t)).toEqual([
      'Mã',
      'Đơn vị',
      'Cấp',
      'Tổng số hộ',
      'Số hộ nghèo',
      'Tỷ lệ hộ nghèo (%)',
      'Số hộ cận nghèo',
      'Tỷ lệ cận nghèo (%)',
      'Tỷ lệ nghèo đa chiều (%)',
      'Hộ đầu kỳ',
      'Hộ nghèo đầu kỳ',
      'Tỷ lệ nghèo đầu kỳ (%)',
      'Số hộ nghèo giảm',
      'Mức giảm tỷ lệ (điểm %)',
    ]);
    const rows = body(t);
    expect(rows.map((r) => r[0])).toEqual(['10', '080', '02704']);
    // Province: no explicit baseline for 2018 (the 2017 row is ignored); baseline poor = 1064.5161 + 100.
    expect(rows[0]).toEqual([
      '10',
      'Tỉnh Lào Cai',
      'tỉnh',
      { value: 4000, format: 'int' },
      { value: 1064.52, format: 'int' },
      { value: 26.61, format: 'percent' },
      { value: 300, format: 'int' },
      { value: 7.5, format: 'percent' },
      { value: 34.11, format: 'percent' },
      null,
      { value: 1164.52, format: 'int' },
      { value: 29.11, format: 'percent' },
      { value: 100, format: 'int' },
      { value: 2.5, format: 'decimal' },
    ]);
    // District: explicit baseline row (2000 households, 650 poor -> 32.5%); reduction indicators win.
    expect(rows[1]?.slice(9)).toEqual([
      { value: 2000, format: 'int' },
      { value: 650, format: 'int' },
      { value: 32.5, format: 'percent' },
      { value: 50, format: 'int' },
      { value: 2.5, format: 'decimal' },
    ]);
    // Commune without baseline or reduction: blanks, not zeros.
    expect(rows[2]?.slice(9)).toEqual([null, null, null, null, null]);
    expect(rows[2]?.[1]).toBe('    Xã Bản Lầu');
  });

  it('target progress: Vietnamese labels, statuses styled, grouped by programme then tree order', () => {
    const t = tab(render(), 'Tiến độ chỉ tiêu');
    expect(headerTexts(t)).toEqual([
      'Chương trình',
      'Đơn vị',
      'Chỉ số',
      'Mã chỉ số',
      'So sánh',
      'Mục tiêu',
      'Giá trị hiện tại',
      'Dự báo đến hạn',
      'Hạn',
      'Trạng thái',
      'Nguồn',
    ]);
    const rows = body(t);
    expect(rows.map((r) => [r[1], r[3], r[9]])).toEqual([
      ['Tỉnh Lào Cai', 'ntm.standard.pct', { value: 'Đạt', style: 'ok' }],
      ['Huyện Bát Xát', 'ntm.standard', 'Đang theo dõi'],
      ['Huyện Mường Khương', 'ntm.standard', { value: 'Không đạt', style: 'error' }],
      [`Nhóm ${GROUP}`, 'ntm.avg_criteria', { value: 'Có nguy cơ không đạt', style: 'warning' }],
      ['Tỉnh Lào Cai', 'poverty.rate_reduction_pp', { value: 'Có nguy cơ không đạt', style: 'warning' }],
    ]);
    expect(rows[0]).toEqual([
      'Xây dựng nông thôn mới',
      'Tỉnh Lào Cai',
      'Tỷ lệ xã đạt chuẩn',
      'ntm.standard.pct',
      '≥',
      { value: 25, format: 'percent' },
      { value: 26.61, format: 'percent' },
      null,
      '31/12/2018',
      { value: 'Đạt', style: 'ok' },
      'Chỉ tiêu!E2',
    ]);
    expect(rows[1]?.slice(5, 9)).toEqual([{ value: 2, format: 'int' }, null, null, null]);
    expect(rows[3]?.slice(2, 8)).toEqual([
      'Bình quân số tiêu chí/xã',
      'ntm.avg_criteria',
      '≥',
      { value: 15, format: 'decimal' },
      { value: 14.5, format: 'decimal' },
      { value: 14.5, format: 'decimal' },
    ]);
    expect(rows[4]?.[0]).toBe('Giảm nghèo bền vững');
  });

  it('submissions: statuses in Vietnamese, a missing report before its due date is a warning, totals', () => {
    const t = tab(render(), 'Tình hình nộp báo cáo');
    expect(headerTexts(t)).toEqual([
      'Mã',
      'Đơn vị',
      'Trạng thái',
      'Hạn nộp',
      'Thay đổi lần cuối',
      'Kiểm tra lúc',
      'Số lỗi',
      'Số cảnh báo',
      'Số xã dùng số liệu cũ',
    ]);
    const rows = body(t);
    expect(rows).toEqual([
      [
        '080',
        'Huyện Bát Xát',
        { value: 'Hợp lệ', style: 'ok' },
        '31/12/2018',
        '29/12/2018 08:00',
        '31/12/2018 12:00',
        { value: 0, format: 'int' },
        { value: 0, format: 'int' },
        { value: 0, format: 'int' },
      ],
      [
        '082',
        'Huyện Mường Khương',
        { value: 'Có lỗi', style: 'error' },
        '31/12/2018',
        '30/12/2018 09:15',
        '31/12/2018 12:00',
        { value: 2, format: 'int' },
        { value: 1, format: 'int' },
        { value: 1, format: 'int' },
      ],
      ['02704', 'Xã Bản Lầu', { value: 'Chưa nộp', style: 'warning' }, '15/01/2019', null, null, { value: 0, format: 'int' }, { value: 0, format: 'int' }, { value: 0, format: 'int' }],
      [
        { value: 'Tổng cộng', style: 'header' },
        '3 đơn vị',
        'Hợp lệ: 1; Có lỗi: 1; Chưa nộp: 1; Không đọc được: 0; Không thay đổi: 0',
        null,
        null,
        null,
        { value: 2, format: 'int' },
        { value: 1, format: 'int' },
        { value: 1, format: 'int' },
      ],
    ]);
  });

  it('a missing report past its due date is an error', () => {
    const result = fixtureResult();
    const tabs = render({ result: { ...result, asOf: '2019-01-16' } });
    const row = body(tab(tabs, 'Tình hình nộp báo cáo')).find((r) => r[0] === '02704');
    expect(row?.[2]).toEqual({ value: 'Chưa nộp', style: 'error' });
  });

  it('alerts: most severe first, kind labels, indicator labels and recipients', () => {
    const t = tab(render(), 'Cảnh báo');
    expect(headerTexts(t)).toEqual(['Loại', 'Mức độ', 'Đơn vị', 'Chỉ số', 'Nội dung', 'Người nhận']);
    expect(body(t)).toEqual([
      [
        'Chỉ tiêu không đạt',
        { value: 'Nghiêm trọng', style: 'error' },
        'Huyện Mường Khương',
        'Số xã đạt chuẩn (19 tiêu chí)',
        'Huyện Mường Khương: 0 xã đạt chuẩn, mục tiêu 1.',
        'VP@laocai.gov.vn; mk@laocai.gov.vn',
      ],
      ['Báo cáo có lỗi số liệu', { value: 'Nghiêm trọng', style: 'error' }, 'Huyện Mường Khương', null, 'Bảng tính của Huyện Mường Khương có 2 lỗi.', 'mk@laocai.gov.vn; vp@laocai.gov.vn'],
      [
        'Chỉ tiêu có nguy cơ không đạt',
        { value: 'Cảnh báo', style: 'warning' },
        'Tỉnh Lào Cai',
        'Mức giảm tỷ lệ hộ nghèo (điểm %)',
        'Tỉnh Lào Cai: tỷ lệ hộ nghèo giảm 2,5 điểm %, mục tiêu 3.',
        'vp@laocai.gov.vn',
      ],
      [
        'Chỉ tiêu có nguy cơ không đạt',
        { value: 'Cảnh báo', style: 'warning' },
        `Nhóm ${GROUP}`,
        'Bình quân số tiêu chí/xã',
        'Nhóm xã biên giới: bình quân 14,5 tiêu chí/xã, mục tiêu 15.',
        'vp@laocai.gov.vn',
      ],
    ]);
  });

  it('says so when there is nothing to list', () => {
    const result = { ...fixtureResult(), indicators: [], targets: [], alerts: [] };
    const tabs = render({ result });
    expect(body(tab(tabs, 'Tổng hợp NTM'))).toEqual([['Chưa có số liệu NTM cho kỳ này.']]);
    expect(body(tab(tabs, 'Cảnh báo'))).toEqual([['Không có cảnh báo trong lần kiểm tra này.']]);
  });
});

describe('renderSummaryTabs determinism', () => {
  it('gives deeply equal tabs for the same input', () => {
    expect(render()).toEqual(render());
  });

  it('puts the write time only in the update row', () => {
    const a = render();
    const b = render({ generatedAt: '2019-02-10T01:00:00.000Z' });
    expect(a).not.toEqual(b);
    a.forEach((t, i) => {
      const other = b[i];
      expect(other?.rows[1]).toEqual(['Cập nhật: 10/02/2019 08:00 (ngày tính: 31/12/2018)']);
      expect({ ...t, rows: t.rows.filter((_, r) => r !== 1) }).toEqual({ ...other, rows: other?.rows.filter((_, r) => r !== 1) });
    });
  });
});
