import { describe, expect, it } from 'vitest';
import { indicatorId } from '../../shared/domain/ids.js';
import { computeReportingIndicators } from '../../shared/indicators/reporting-indicators.js';
import type { RunResult } from '../../shared/publish/run-result.js';
import type { TabCell, TabWrite } from '../../shared/ports/workbook-gateway.js';
import { dateCell, dateTimeCell } from '../../shared/publish/sheet-layout.js';
import { renderSummaryTabs } from '../../shared/publish/summary-tabs.js';
import { BASELINES, fixtureHierarchy, fixtureResult, GENERATED_AT, GROUP, SET } from './fixture.js';

/** The fixture's run with its reporting indicators, as the consolidate stage computes them. */
function withReporting(result: RunResult = fixtureResult()): RunResult {
  const states = result.units.map((u) => ({
    unit: u.code,
    status: u.status === 'unchanged' ? 'ok' : u.status,
    ...(u.due === undefined ? {} : { due: u.due }),
    ...(u.receivedAt === undefined ? {} : { receivedAt: u.receivedAt }),
  }));
  return { ...result, indicators: [...result.indicators, ...computeReportingIndicators(fixtureHierarchy(), states)] };
}

const render = (over: Partial<Parameters<typeof renderSummaryTabs>[0]> = {}): TabWrite[] =>
  renderSummaryTabs({ result: withReporting(), hierarchy: fixtureHierarchy(), set: SET, baselines: BASELINES, generatedAt: GENERATED_AT, ...over });

const TABLES = ['Tổng hợp NTM', 'Tổng hợp giảm nghèo', 'Tổng hợp DTTS', 'Tiến độ chỉ tiêu', 'Tình hình nộp báo cáo', 'Cảnh báo'];

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
  it('writes the overview first, then the six tables, each with title, update line, blank row and a frozen header row', () => {
    const tabs = render();
    expect(tabs.map((t) => t.name)).toEqual(['Tổng quan', ...TABLES]);
    for (const t of tabs.slice(1)) {
      expect(t.headerRow).toBe(4);
      expect(t.rows[1]).toEqual(['Cập nhật: 05/01/2019 14:30 (ngày tính: 31/12/2018)']);
      expect(t.rows[2]).toEqual([]);
      for (const cell of t.rows[3] ?? []) expect(cell).toMatchObject({ style: 'header' });
      expect(t.widths).toHaveLength(t.rows[3]?.length ?? -1);
      // Headers wrap: every column is at least as wide as its header's longest word, and the
      // header row is tall enough for the lines the longest header needs.
      (t.rows[3] ?? []).forEach((cell, i) => {
        const words = (text(cell) ?? '').split(' ');
        expect(t.widths?.[i]).toBeGreaterThanOrEqual(Math.max(...words.map((w) => w.length)));
      });
      // The 14 pt title is not clipped; the tab prints A4 landscape fitted to width, header rows repeated.
      expect(t.rowHeights?.[0]).toBeGreaterThanOrEqual(22);
      expect(t.print).toEqual({ orientation: 'landscape', fitToWidth: true, repeatRows: 4 });
    }
    expect(tabs[1]?.rows[0]).toEqual([{ value: 'TỔNG HỢP KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI - Kỳ 2018', style: 'title' }]);
    // A header that needs three lines at its width gets a row for three lines.
    const ntm = tab(tabs, 'Tổng hợp NTM');
    expect(ntm.rowHeights?.[3]).toBeGreaterThan(30);
  });

  it('NTM tab: headers, tree order as outline and indentation (names untouched), groups last, only scopes with NTM data', () => {
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
      ['080', { value: 'Huyện Bát Xát', indent: 1 }, 'huyện', { value: 2, format: 'int' }],
      ['02647', { value: 'Xã A Mú Sung', indent: 2 }, 'xã', { value: 1, format: 'int' }],
      ['02650', { value: 'Xã Y Tý', indent: 2 }, 'xã', { value: 1, format: 'int' }],
      ['082', { value: 'Huyện Mường Khương', indent: 1 }, 'huyện', { value: 2, format: 'int' }],
      ['02701', { value: 'Xã Pha Long', indent: 2 }, 'xã', { value: 1, format: 'int' }],
      [`nhóm:${GROUP}`, `Nhóm ${GROUP}`, 'nhóm', { value: 2, format: 'int' }],
    ]);
    // Outline levels follow the depth (titles, header and groups ungrouped); code and name frozen.
    expect(t.rowLevels?.slice(t.headerRow)).toEqual([0, 1, 2, 2, 1, 2, 0]);
    expect(t.rowLevels?.slice(0, t.headerRow)).toEqual([0, 0, 0, 0]);
    expect(t.freezeColumns).toBe(2);
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
    expect(rows[2]?.[1]).toEqual({ value: 'Xã Bản Lầu', indent: 2 });
    expect(t.rowLevels?.slice(t.headerRow)).toEqual([0, 1, 2]);
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
      dateCell('2018-12-31'),
      { value: 'Đạt', style: 'ok' },
      'Chỉ tiêu!E2',
    ]);
    expect(rows[0]?.[8]).toEqual({ value: 43465, format: 'date' });
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

  it('submissions: the reporting-rate table and the units in tree order, dates as date cells, a totals line counting what it shows', () => {
    const t = tab(render(), 'Tình hình nộp báo cáo');
    expect(headerTexts(t)).toEqual([
      'Mã',
      'Đơn vị',
      'Trạng thái (lần đọc gần nhất)',
      'Hạn nộp',
      'Nhận số liệu lúc',
      'Nộp đúng hạn',
      'Thay đổi lần cuối',
      'Kiểm tra lúc',
      'Phải nộp (đơn vị)',
      'Đã nộp (đơn vị)',
      'Tỷ lệ nộp (%)',
      'Nộp đúng hạn (đơn vị)',
      'Tỷ lệ nộp đúng hạn (%)',
      'Số lỗi',
      'Số cảnh báo',
      'Số xã dùng số liệu cũ',
    ]);
    const rows = body(t);
    const int = (value: number): TabCell => ({ value, format: 'int' });
    expect(rows.slice(0, 4)).toEqual([
      // The province: 3 reporting units expected, 2 readable, none with usable data on record (no receivedAt in the fixture).
      [
        '10',
        { value: 'Tỉnh Lào Cai', style: 'total' },
        null,
        null,
        null,
        null,
        null,
        null,
        int(3),
        int(2),
        { value: 66.67, format: 'percent' },
        int(0),
        { value: 0, format: 'percent' },
        null,
        null,
        null,
      ],
      [
        '080',
        { value: 'Huyện Bát Xát', indent: 1 },
        { value: 'Hợp lệ', style: 'ok' },
        dateCell('2018-12-31'),
        null,
        null,
        dateTimeCell('2018-12-29T01:00:00.000Z'),
        dateTimeCell('2018-12-31T05:00:00.000Z'),
        null,
        null,
        null,
        null,
        null,
        int(0),
        int(0),
        int(0),
      ],
      [
        '082',
        { value: 'Huyện Mường Khương', indent: 1 },
        { value: 'Có lỗi', style: 'error' },
        dateCell('2018-12-31'),
        null,
        null,
        dateTimeCell('2018-12-30T02:15:00.000Z'),
        dateTimeCell('2018-12-31T05:00:00.000Z'),
        // A district over a reporting commune gets the rates of both.
        int(2),
        int(1),
        { value: 50, format: 'percent' },
        int(0),
        { value: 0, format: 'percent' },
        int(2),
        int(1),
        int(1),
      ],
      [
        '02704',
        { value: 'Xã Bản Lầu', indent: 2 },
        { value: 'Chưa nộp', style: 'warning' },
        dateCell('2019-01-15'),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        int(0),
        int(0),
        int(0),
      ],
    ]);
    // 09:15 in Vietnam on 30/12/2018 as a serial date-time.
    const changed = rows[2]?.[6];
    expect(changed).toMatchObject({ format: 'datetime' });
    expect(changed !== null && typeof changed === 'object' && 'format' in changed ? changed.value : 0).toBeCloseTo(43464 + (9 * 60 + 15) / 1440, 6);
    expect(t.rowLevels?.slice(t.headerRow)).toEqual([0, 1, 1, 2]);
    // The totals count the statuses the table shows (stored ones): never `Không thay đổi`, which is a per-run status.
    expect(rows[4]).toEqual([
      null,
      { value: 'Tổng cộng: 3 đơn vị báo cáo (Hợp lệ: 1; Có lỗi: 1; Chưa nộp: 1; Không đọc được: 0)', style: 'total' },
      ...Array.from({ length: 11 }, () => null),
      int(2),
      int(1),
      int(1),
    ]);
    expect(text(rows[6]?.[0])).toContain('lần đọc gần nhất');
  });

  it('submissions: a report received after its due day in Vietnam is late', () => {
    const result = withReporting({
      ...fixtureResult(),
      units: fixtureResult().units.map((u) =>
        u.code === '080' ? { ...u, receivedAt: '2018-12-31T18:00:00.000Z' } : u.code === '082' ? { ...u, receivedAt: '2018-12-31T16:00:00.000Z' } : u,
      ),
    });
    const rows = body(tab(render({ result }), 'Tình hình nộp báo cáo'));
    expect(rows[1]?.[5]).toEqual({ value: 'Muộn', style: 'warning' });
    expect(rows[2]?.[5]).toEqual({ value: 'Đúng hạn', style: 'ok' });
    expect(rows[0]?.slice(11, 13)).toEqual([
      { value: 1, format: 'int' },
      { value: 33.33, format: 'percent' },
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
    expect(headerTexts(t)).toEqual(['Loại', 'Mức độ', 'Đơn vị', 'Chỉ số', 'Mã chỉ số', 'Nội dung', 'Người nhận']);
    const w = (value: string): TabCell => ({ value, wrap: true });
    expect(body(t)).toEqual([
      [
        'Chỉ tiêu không đạt',
        { value: 'Nghiêm trọng', style: 'error' },
        'Huyện Mường Khương',
        'Số xã đạt chuẩn (19 tiêu chí)',
        'ntm.standard',
        w('Huyện Mường Khương: 0 xã đạt chuẩn, mục tiêu 1.'),
        w('VP@laocai.gov.vn; mk@laocai.gov.vn'),
      ],
      [
        'Báo cáo có lỗi số liệu',
        { value: 'Nghiêm trọng', style: 'error' },
        'Huyện Mường Khương',
        null,
        null,
        w('Bảng tính của Huyện Mường Khương có 2 lỗi.'),
        w('mk@laocai.gov.vn; vp@laocai.gov.vn'),
      ],
      [
        'Chỉ tiêu có nguy cơ không đạt',
        { value: 'Cảnh báo', style: 'warning' },
        'Tỉnh Lào Cai',
        'Mức giảm tỷ lệ hộ nghèo (điểm %)',
        'poverty.rate_reduction_pp',
        w('Tỉnh Lào Cai: tỷ lệ hộ nghèo giảm 2,5 điểm %, mục tiêu 3.'),
        w('vp@laocai.gov.vn'),
      ],
      [
        'Chỉ tiêu có nguy cơ không đạt',
        { value: 'Cảnh báo', style: 'warning' },
        `Nhóm ${GROUP}`,
        'Bình quân số tiêu chí/xã',
        'ntm.avg_criteria',
        w('Nhóm xã biên giới: bình quân 14,5 tiêu chí/xã, mục tiêu 15.'),
        w('vp@laocai.gov.vn'),
      ],
    ]);
    // The message wraps within 60 characters; a row of a long message is as tall as its lines.
    expect(t.widths?.[5]).toBeLessThanOrEqual(60);
    const long = render({
      result: withReporting({
        ...fixtureResult(),
        alerts: [{ ...(fixtureResult().alerts[0] as RunResult['alerts'][number]), message: 'Rất dài '.repeat(40) }],
      }),
    });
    const alerts = tab(long, 'Cảnh báo');
    expect(alerts.rowHeights?.[alerts.headerRow ?? 0]).toBeGreaterThanOrEqual(4 * 15);
  });

  it('says so when there is nothing to list', () => {
    const result = { ...fixtureResult(), indicators: [], targets: [], alerts: [] };
    const tabs = render({ result });
    expect(body(tab(tabs, 'Tổng hợp NTM'))).toEqual([['Chưa có số liệu NTM cho kỳ này.']]);
    expect(body(tab(tabs, 'Cảnh báo'))).toEqual([['Không có cảnh báo trong lần kiểm tra này.']]);
    expect(tab(tabs, 'Tổng quan').rows.slice(3)).toEqual([['Chưa có số liệu cho kỳ này.']]);
    expect(tab(tabs, 'Tổng quan').charts).toEqual([]);
  });

  it('target progress: a target met only at the printed rounding says so, with the exact value in a note', () => {
    const result = withReporting({
      ...fixtureResult(),
      targets: fixtureResult().targets.map((t) => (t.indicator === 'ntm.standard.pct' ? { ...t, target: 1, value: 0.97, metByRounding: true as const } : t)),
    });
    const row = body(tab(render({ result }), 'Tiến độ chỉ tiêu')).find((r) => r[3] === 'ntm.standard.pct');
    expect(row?.[9]).toMatchObject({ value: 'Đạt (làm tròn)', style: 'ok' });
    const note = row?.[9] !== null && typeof row?.[9] === 'object' ? row[9].note : undefined;
    expect(note).toContain('0,97%');
    expect(note).toContain('≥ 1%');
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

describe('Tổng quan', () => {
  const overview = (): TabWrite => tab(render(), 'Tổng quan');
  const rowOf = (t: TabWrite, label: string): TabCell[] | undefined => t.rows.find((r) => text(r[0]) === label);

  it('has a section per programme with the headline figures of each province, its reporting rate and targets by status', () => {
    const t = overview();
    expect(t.rows[0]).toEqual([{ value: 'TỔNG QUAN - Kỳ 2018', style: 'title' }]);
    const headings = t.rows.filter((r) => r[0] !== null && typeof r[0] === 'object' && 'style' in r[0] && r[0].style === 'heading').map((r) => text(r[0]));
    expect(headings).toEqual(['XÂY DỰNG NÔNG THÔN MỚI', 'GIẢM NGHÈO BỀN VỮNG']);
    expect(rowOf(t, 'Số xã đạt chuẩn (19 tiêu chí)')?.[1]).toEqual({ value: 1, format: 'int' });
    expect(rowOf(t, 'Tỷ lệ xã đạt chuẩn (%)')?.[1]).toEqual({ value: 26.61, format: 'percent' });
    expect(rowOf(t, 'Tỷ lệ đơn vị đã nộp báo cáo (%)')?.[1]).toEqual({ value: 66.67, format: 'percent', note: '2/3 đơn vị' });
    // Targets of the province's programme, a group's counted under its members' province.
    expect(t.rows.filter((r) => text(r[0])?.startsWith('Chỉ tiêu:')).map((r) => [text(r[0]), r[1]])).toEqual([
      ['Chỉ tiêu: đạt', { value: 1, format: 'int' }],
      ['Chỉ tiêu: có nguy cơ không đạt', { value: 1, format: 'int' }],
      ['Chỉ tiêu: không đạt', { value: 1, format: 'int' }],
      ['Chỉ tiêu: đang theo dõi', { value: 1, format: 'int' }],
      ['Chỉ tiêu: đạt', { value: 0, format: 'int' }],
      ['Chỉ tiêu: có nguy cơ không đạt', { value: 1, format: 'int' }],
      ['Chỉ tiêu: không đạt', { value: 0, format: 'int' }],
      ['Chỉ tiêu: đang theo dõi', { value: 0, format: 'int' }],
    ]);
    expect(t.print).toEqual({ orientation: 'landscape', fitToWidth: true, repeatRows: 2 });
  });

  it('draws native charts over data blocks on the sheet: criteria per district, communes per bucket, poverty rate against its target', () => {
    const t = overview();
    expect(t.charts?.map((c) => c.title)).toEqual([
      'Bình quân số tiêu chí đạt/xã (trên 19 tiêu chí)',
      'Số xã theo số tiêu chí đạt',
      'Tỷ lệ hộ nghèo so với mục tiêu',
    ]);
    const [criteria, buckets, poverty] = t.charts ?? [];
    if (!criteria || !buckets || !poverty) throw new Error('charts missing');
    // Each chart's data block: its header row names the series, its rows the categories.
    const block = (c: NonNullable<TabWrite['charts']>[number]) =>
      t.rows.slice(c.headerRow, c.lastRow).map((r) => [text(r[0]), ...c.series.map((s) => r[s.column - 1])]);
    expect(t.rows[criteria.headerRow - 1]?.map(text)).toEqual(['Đơn vị', 'Bình quân tiêu chí/xã', 'Số xã đạt chuẩn']);
    expect(block(criteria)).toEqual([
      ['Huyện Bát Xát', { value: 13.5, format: 'decimal' }, { value: 1, format: 'int' }],
      ['Huyện Mường Khương', { value: 10, format: 'decimal' }, { value: 0, format: 'int' }],
    ]);
    expect(criteria.series.map((s) => s.type)).toEqual(['column', 'line']);
    expect(block(buckets).map((r) => r[0])).toEqual(SET.buckets.map((b) => b.label));
    expect(block(buckets)[0]?.[1]).toEqual({ value: 1, format: 'int' });
    // Poverty: the district's rate (600 of 2000); the fixture gives it no poverty target, so no target line.
    expect(block(poverty)).toEqual([['Huyện Bát Xát', { value: 30, format: 'percent' }]]);
    // Charts sit to the right of the figures and data blocks, one under the other from the section's heading down.
    const sectionTop = (heading: string): number => t.rows.findIndex((r) => text(r[0]) === heading) + 1;
    expect([criteria.anchor.row, buckets.anchor.row]).toEqual([
      sectionTop('XÂY DỰNG NÔNG THÔN MỚI') + 1,
      sectionTop('XÂY DỰNG NÔNG THÔN MỚI') + 1 + criteria.anchor.rows + 1,
    ]);
    expect(poverty.anchor.row).toBe(sectionTop('GIẢM NGHÈO BỀN VỮNG') + 1);
    expect(sectionTop('GIẢM NGHÈO BỀN VỮNG')).toBeGreaterThan(buckets.anchor.row + buckets.anchor.rows);
    for (const c of t.charts ?? []) {
      expect(c.anchor.column).toBeGreaterThan(c.series.length + 1);
      expect(c.categoryColumn).toBe(1);
    }
  });

  it('draws the target line where a target is known, from a rate, a reduction in points or households', () => {
    const targets = [
      ...fixtureResult().targets,
      {
        programme: 'giam_ngheo' as const,
        unit: '080',
        indicator: indicatorId('poverty.rate_reduction_pp'),
        target: 3,
        op: '>=' as const,
        status: 'pending' as const,
        source: 'Chỉ tiêu!E20',
      },
    ];
    const t = tab(render({ result: withReporting({ ...fixtureResult(), targets }) }), 'Tổng quan');
    const poverty = t.charts?.[2];
    if (!poverty) throw new Error('no poverty chart');
    expect(poverty.series.map((s) => s.type)).toEqual(['column', 'line']);
    // Baseline 650 of 2000 households = 32.5 %, less the 3-point target.
    expect(t.rows[poverty.headerRow]?.[2]).toEqual({ value: 29.5, format: 'percent' });
  });
});

describe('Tổng quan at national scale', () => {
  it('charts the 40 weakest of many districts as horizontal bars, and says so', async () => {
    const { Hierarchy } = await import('../../shared/domain/hierarchy.js');
    const { unitCode } = await import('../../shared/domain/ids.js');
    const units = [
      { code: unitCode('01'), name: 'Tỉnh', level: 'tinh' as const, groups: [], emails: [] },
      ...Array.from({ length: 60 }, (_, i) => ({
        code: unitCode(`D${i}`),
        name: `Huyện ${i}`,
        level: 'huyen' as const,
        parent: unitCode('01'),
        groups: [],
        emails: [],
      })),
    ];
    const value = (unit: string, id: string, v: number) => ({ programme: 'ntm' as const, unit, indicator: indicatorId(id), value: v });
    const indicators = [
      value('01', 'ntm.avg_criteria', 10),
      ...units.slice(1).flatMap((u, i) => [value(u.code, 'ntm.avg_criteria', 60 - i), value(u.code, 'ntm.standard', i)]),
    ];
    const tabs = renderSummaryTabs({
      result: { ...fixtureResult(), units: [], indicators, targets: [], alerts: [] },
      hierarchy: new Hierarchy(units),
      set: SET,
      baselines: [],
      generatedAt: GENERATED_AT,
    });
    const t = tab(tabs, 'Tổng quan');
    const chart = t.charts?.[0];
    if (!chart) throw new Error('no chart');
    expect(chart.orientation).toBe('bar');
    expect(chart.series.map((s) => s.type)).toEqual(['column', 'column']);
    expect(chart.lastRow - chart.headerRow).toBe(40);
    // Weakest first: Huyện 59 has the lowest average.
    expect(text(t.rows[chart.headerRow]?.[0])).toBe('Huyện 59');
    expect(t.rows.some((r) => text(r[0])?.startsWith('Biểu đồ theo đơn vị chỉ vẽ 40/60 đơn vị'))).toBe(true);
  });
});
