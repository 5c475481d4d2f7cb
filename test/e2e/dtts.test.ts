import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicator, runJson, type RunJsonDoc } from '../support/cli.js';
import { readTab, tabNames, writeFixtureWorkbook, type FixtureCell } from '../support/xlsx-fixture.js';

/**
 * The DTTS programme end to end through the real command line and the embedded pipeline: a
 * control workbook (written with plain exceljs) that extends the catalogue in `Danh mục DTTS` and
 * sets the province's and the districts' plans in `Chỉ tiêu`, two district workbooks with a
 * `DTTS` tab (one with a bad cell), and the JSON, the feedback and the summary read back from disk.
 */

const DTTS_HEADER: FixtureCell[] = ['Mã chỉ tiêu', 'Nội dung', 'Đơn vị tính', 'Kế hoạch', 'Thực hiện', 'Tổng số', 'Ghi chú'];

async function writeWorkspace(ws: string): Promise<void> {
  await writeFixtureWorkbook(join(ws, 'config.xlsx'), [
    {
      name: 'Đơn vị',
      rows: [
        ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
        ['20', 'Tỉnh Lạng Sơn', 'tỉnh', null, null, null, null],
        ['178', 'Thành phố Lạng Sơn', 'huyện', '20', null, 'tp.xlsx', 'tp@langson.example'],
        ['180', 'Huyện Tràng Định', 'huyện', '20', null, 'td.xlsx', null],
        ['17801', 'Xã Một', 'xã', '178', null, null, null],
        ['18001', 'Xã Hai', 'xã', '180', null, null, null],
      ],
    },
    {
      name: 'Danh mục DTTS',
      rows: [
        ['Mã chỉ tiêu', 'Dự án', 'Nội dung', 'Đơn vị tính'],
        ['DA5.dao_tao_nghe', 'DA5', 'Đào tạo nghề cho lao động vùng DTTS', 'người'],
      ],
    },
    {
      name: 'Chỉ tiêu',
      rows: [
        ['Chương trình', 'Kỳ', 'Đơn vị', 'Chỉ số', 'Mục tiêu', 'So sánh', 'Ghi chú'],
        ['dtts', '2023', '20', 'dtts.da1.nha_o', 100, '>=', 'KH 59/KH-UBND'],
        ['dtts', '2023', '178', 'dtts.da1.nha_o', 60, null, null],
        ['dtts', '2023', '180', 'dtts.da1.nha_o', 40, null, null],
        ['dtts', '2023', '20', 'dtts.da1.nha_o.plan_pct', 100, null, null],
        ['dtts', '2023', '178', 'dtts.da4.duong_xa', 6, null, null],
        ['dtts', '2023', '180', 'dtts.da4.duong_xa', 3, null, null],
        ['dtts', '2023', '178', 'dtts.da5.dao_tao_nghe', 20, null, 'chỉ tiêu bổ sung'],
        // The province's road plan is 10, but its districts' add up to 9: a plan inconsistency.
        ['dtts', '2023', '20', 'dtts.da4.duong_xa', 10, null, null],
      ],
    },
    { name: 'Số liệu đầu kỳ', rows: [['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo']] },
    {
      name: 'Lịch báo cáo',
      rows: [
        ['Chương trình', 'Kỳ', 'Hạn nộp'],
        ['dtts', '2023', '20/12/2023'],
      ],
    },
    {
      name: 'Người nhận',
      rows: [
        ['Email', 'Vai trò', 'Đơn vị'],
        ['vanphong@langson.example', 'văn phòng', null],
      ],
    },
  ]);
  await writeFixtureWorkbook(join(ws, 'units', 'tp.xlsx'), [
    {
      name: 'DTTS',
      rows: [
        ['BIỂU BÁO CÁO DTTS NĂM 2023'],
        DTTS_HEADER,
        ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 60, 30, null, null],
        ['da4.DUONG_XA', 'Xã có đường ô tô đến trung tâm được rải nhựa/bê tông', 'xã', 6, '5', 8, null],
        ['DA5.dao_tao_nghe', 'Đào tạo nghề cho lao động vùng DTTS', 'người', 20, 12, null, null],
        // Row 6: `1,955` is ambiguous (1955 or 1,955?): an error on E6, the row is not counted.
        ['DA3.khoanh_nuoi', 'Khoanh nuôi có trồng rừng bổ sung', 'ha', null, '1,955', null, null],
      ],
    },
  ]);
  await writeFixtureWorkbook(join(ws, 'units', 'td.xlsx'), [
    {
      name: 'DTTS',
      rows: [
        DTTS_HEADER,
        ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 40, 50, null, 'vượt kế hoạch'],
        ['DA4.duong_xa', 'Xã có đường ô tô đến trung tâm được rải nhựa/bê tông', 'xã', 3, 3, 4, null],
      ],
    },
  ]);
}

describe('DTTS end to end (embedded pipeline, .xlsx on disk)', () => {
  let ws: string;
  let doc: RunJsonDoc;

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'dtts-e2e-'));
    await mkdir(join(ws, 'units'));
    await writeWorkspace(ws);
    doc = await runJson(ws, ['--period', '2023', '--as-of', '2023-10-15']);
  }, 120_000);

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('reads the control workbook without findings, the extended catalogue included', () => {
    expect(doc.issues.filter((i) => i.unit === 'config')).toEqual([]);
  });

  it('sums each unit’s own rows up the hierarchy, with completion of the plan and shares of the whole', () => {
    expect(indicator(doc, '178', 'dtts.da1.nha_o')).toBe(30);
    expect(indicator(doc, '180', 'dtts.da1.nha_o')).toBe(50);
    expect(indicator(doc, '20', 'dtts.da1.nha_o')).toBe(80);
    expect(indicator(doc, '178', 'dtts.da1.nha_o.plan_pct')).toBe(50);
    expect(indicator(doc, '180', 'dtts.da1.nha_o.plan_pct')).toBe(125);
    expect(indicator(doc, '20', 'dtts.da1.nha_o.plan_pct')).toBe(80);
    // Tổng số given on every row: the share is the sums divided (8 of 12 communes), not a mean.
    expect(indicator(doc, '20', 'dtts.da4.duong_xa')).toBe(8);
    expect(indicator(doc, '20', 'dtts.da4.duong_xa.total')).toBe(12);
    expect(indicator(doc, '20', 'dtts.da4.duong_xa.pct')).toBeCloseTo((8 / 12) * 100, 10);
    expect(doc.indicators.find((i) => i.unit === '20' && i.indicator === 'dtts.da4.duong_xa.pct')).toMatchObject({
      programme: 'dtts',
      numerator: 8,
      denominator: 12,
    });
    // The code typed in another case is the catalogue's; the office's own indicator is reported too.
    expect(indicator(doc, '178', 'dtts.da4.duong_xa')).toBe(5);
    expect(indicator(doc, '178', 'dtts.da5.dao_tao_nghe.plan_pct')).toBe(60);
    // The rejected row counts nowhere.
    expect(indicator(doc, '178', 'dtts.da3.khoanh_nuoi')).toBeUndefined();
  });

  it('reports the bad cell with its address, and marks the unit invalid', () => {
    const bad = doc.issues.find((i) => i.unit === '178' && i.tab === 'DTTS' && i.cell === 'E6');
    expect(bad).toMatchObject({ code: 'number_ambiguous', severity: 'error' });
    expect(doc.units.find((u) => u.code === '178')).toMatchObject({ status: 'invalid', errors: 1 });
    expect(doc.units.find((u) => u.code === '180')).toMatchObject({ status: 'ok', errors: 0 });
  });

  it('evaluates and paces the DTTS targets from 0 (achieved to date), and checks the plan itself', () => {
    const target = (unit: string, id: string) => doc.targets.find((t) => t.unit === unit && t.indicator === id);
    // 80 of 100 on 15/10 of a plan due 20/12: paced from 0 it reaches about 98, short of 100.
    expect(target('20', 'dtts.da1.nha_o')).toMatchObject({ value: 80, target: 100, status: 'at_risk' });
    expect(target('180', 'dtts.da1.nha_o')).toMatchObject({ value: 50, status: 'met' });
    expect(target('20', 'dtts.da1.nha_o.plan_pct')).toMatchObject({ value: 80, status: 'at_risk' });
    expect(doc.alerts.some((a) => a.kind === 'target_at_risk' && a.unit === '20' && a.indicator === 'dtts.da1.nha_o')).toBe(true);
    const inconsistent = doc.alerts.find((a) => a.kind === 'target_inconsistent' && a.indicator === 'dtts.da4.duong_xa');
    expect(inconsistent?.message).toContain('tổng kế hoạch của 2 đơn vị trực thuộc là 9');
  });

  it('writes the finding into the unit’s feedback tab', async () => {
    const rows = await readTab(join(ws, 'units', 'tp.xlsx'), 'Kết quả kiểm tra');
    expect(rows.some((r) => r.includes('DTTS') && r.includes('E6'))).toBe(true);
  });

  it('publishes Tổng hợp DTTS with plan, achieved and completion per project and unit', async () => {
    const summary = join(ws, 'summary.xlsx');
    expect(await tabNames(summary)).toContain('Tổng hợp DTTS');
    const rows = await readTab(summary, 'Tổng hợp DTTS');
    const header = rows.findIndex((r) => r[0] === 'Mã' && r[2] === 'Mã chỉ tiêu');
    expect(header).toBeGreaterThanOrEqual(0);
    const body = rows.slice(header + 1);
    const nhaO = body.find((r) => r[0] === '20' && r[2] === 'DA1.nha_o');
    expect(nhaO?.slice(5, 8)).toEqual([100, 80, 80]);
    expect(body.find((r) => r[0] === '178' && r[2] === 'DA5.dao_tao_nghe')?.slice(5, 8)).toEqual([20, 12, 60]);
    expect(body.some((r) => r[0] === 'Dự án 5: Phát triển giáo dục đào tạo nâng cao chất lượng nguồn nhân lực')).toBe(true);
  });

  it('puts a DTTS section on Tổng quan with a native chart of plan completion per project', async () => {
    const summary = join(ws, 'summary.xlsx');
    const overview = await readTab(summary, 'Tổng quan');
    expect(overview.some((r) => r[0] === 'PHÁT TRIỂN KT-XH VÙNG ĐỒNG BÀO DTTS&MN')).toBe(true);
    const block = overview.findIndex((r) => r[0] === 'Dự án' && r[1] === 'Hoàn thành kế hoạch (%)');
    expect(block).toBeGreaterThan(0);
    // DA1: nhà ở 80 %; DA4: roads 8 of 10 = 80 %. DA5 is planned for one district only, so the
    // province has no DA5 plan (a split that leaves a district out is no plan) and no bar.
    const bars: unknown[][] = [];
    for (const r of overview.slice(block + 1)) {
      if (typeof r[0] !== 'string' || !r[0].startsWith('Dự án')) break;
      bars.push([r[0], r[1]]);
    }
    expect(bars).toEqual([
      ['Dự án 1', 80],
      ['Dự án 4', 80],
    ]);
    const zip = await JSZip.loadAsync(await readFile(summary));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts.length).toBeGreaterThan(0);
    const xml = await Promise.all(charts.map((f) => zip.file(f)?.async('string') ?? Promise.resolve('')));
    expect(xml.some((x) => x.includes('Tỷ lệ hoàn thành kế hoạch theo dự án (%)'))).toBe(true);
  });

  // Last: it edits a workbook and runs again.
  it('keeps the last accepted figure of a row that turns bad, and takes the new figures of the others', async () => {
    await writeFixtureWorkbook(join(ws, 'units', 'td.xlsx'), [
      {
        name: 'DTTS',
        rows: [
          DTTS_HEADER,
          // Row 2 of the new version: an error on E2, the 50 accepted last time stays.
          ['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 40, 'năm mươi', null, null],
          ['DA4.duong_xa', 'Xã có đường ô tô đến trung tâm được rải nhựa/bê tông', 'xã', 3, 4, 4, null],
        ],
      },
    ]);
    const again = await runJson(ws, ['--period', '2023', '--as-of', '2023-10-20']);
    expect(again.issues.find((i) => i.unit === '180' && i.tab === 'DTTS' && i.cell === 'E2')).toMatchObject({ severity: 'error' });
    expect(indicator(again, '180', 'dtts.da1.nha_o')).toBe(50);
    expect(indicator(again, '180', 'dtts.da4.duong_xa')).toBe(4);
    expect(indicator(again, '20', 'dtts.da4.duong_xa')).toBe(9);
    expect(again.units.find((u) => u.code === '178')?.status).toBe('unchanged');
  }, 120_000);
});
