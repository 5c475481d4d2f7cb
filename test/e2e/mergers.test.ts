import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../scripts/lib/embedded-deps.js';
import { inflatePart, readZipParts } from '../../shared/adapters/xlsx/zip-archive.js';
import { toRunJson, type RunJson } from '../../shared/pipeline/json-output.js';
import { runPipeline } from '../../shared/pipeline/run-pipeline.js';
import { indicator } from '../support/cli.js';
import { writeFixtureWorkbook, type FixtureCell } from '../support/xlsx-fixture.js';

/**
 * A province since the 2025 reform: no districts, the province reports for its communes, and Xã Mới
 * (00010) was formed on 01/07/2025 from Xã Một (00001) and Xã Hai (00002), whose codes are gone from
 * `Đơn vị`. Their start-of-period baselines stay on the old codes, as they were reviewed.
 */
function controlTabs(mergerDate: string): { name: string; rows: FixtureCell[][] }[] {
  return [
    {
      name: 'Đơn vị',
      rows: [
        ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cha', 'Nhóm', 'Bảng tính', 'Email'],
        ['01', 'Tỉnh Thử', 'tỉnh', null, null, 'tinh.xlsx', null],
        ['00010', 'Xã Mới', 'xã', '01', null, null, null],
        ['00004', 'Xã Bốn', 'xã', '01', null, null, null],
      ],
    },
    {
      name: 'Số liệu đầu kỳ',
      rows: [
        ['Đơn vị', 'Kỳ', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
        ['00001', '2025', 1000, 200, 50],
        ['00002', '2025', 500, 100, 30],
        ['00004', '2025', 700, 70, 20],
      ],
    },
    {
      name: 'Lịch báo cáo',
      rows: [
        ['Chương trình', 'Kỳ', 'Hạn nộp'],
        ['giam_ngheo', '2025', '20/12/2025'],
      ],
    },
    {
      name: 'Người nhận',
      rows: [
        ['Email', 'Vai trò', 'Đơn vị'],
        ['vanphong@tinh.example', 'văn phòng', null],
      ],
    },
    {
      name: 'Sáp nhập',
      rows: [
        ['Mã cũ', 'Mã mới', 'Từ ngày', 'Tên đơn vị cũ'],
        ['00001', '00010', mergerDate, 'Xã Một'],
        ['00002', '00010', mergerDate, 'Xã Hai'],
      ],
    },
  ];
}

const UNIT_TABS = [
  {
    name: 'Giảm nghèo',
    rows: [
      ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
      ['00010', 'Xã Mới', 1500, 240, 70],
      ['00004', 'Xã Bốn', 700, 63, 20],
    ] as FixtureCell[][],
  },
];

async function runWorkspace(mergerDate: string, asOf: string): Promise<{ ws: string; json: RunJson }> {
  const ws = await mkdtemp(join(tmpdir(), 'ntp-merge-'));
  await mkdir(join(ws, 'units'));
  await writeFixtureWorkbook(join(ws, 'config.xlsx'), controlTabs(mergerDate));
  await writeFixtureWorkbook(join(ws, 'units', 'tinh.xlsx'), UNIT_TABS);
  const opened = await openEmbedded({ workspace: ws, asOf });
  try {
    return { ws, json: toRunJson((await runPipeline(opened.deps)).result) };
  } finally {
    await opened.close();
  }
}

describe('a merged commune through the pipeline (province > commune, no districts)', () => {
  let after: { ws: string; json: RunJson };
  let before: { ws: string; json: RunJson };

  beforeAll(async () => {
    after = await runWorkspace('01/07/2025', '2025-12-15');
    // The same data, but the merger takes effect after the run's day.
    before = await runWorkspace('01/01/2026', '2025-12-15');
  });
  afterAll(async () => {
    await rm(after.ws, { recursive: true, force: true });
    await rm(before.ws, { recursive: true, force: true });
  });

  it("measures the merged commune's poverty reduction against its predecessors' summed baseline", () => {
    // Baseline 1000 + 500 households, 200 + 100 poor (20 %); now 240 of 1500 (16 %).
    expect(indicator(after.json, '00010', 'poverty.poor_reduction')).toBe(60);
    expect(indicator(after.json, '00010', 'poverty.rate_reduction_pp')).toBeCloseTo(4, 10);
    // The province, without districts, sums its communes' baselines: 370 poor of 2200, now 303.
    expect(indicator(after.json, '01', 'poverty.poor_reduction')).toBe(67);
    expect(indicator(after.json, '00004', 'poverty.poor_reduction')).toBe(7);
    expect(after.json.units.map((u) => [u.code, u.status])).toEqual([['01', 'ok']]);
  });

  it('takes no baseline on an old code for an error', () => {
    expect(after.json.issues.filter((i) => i.unit === 'config' && i.severity === 'error')).toEqual([]);
    expect(before.json.issues.filter((i) => i.unit === 'config' && i.severity === 'error')).toEqual([]);
  });

  it('applies the merger only from its date', () => {
    expect(indicator(before.json, '00010', 'poverty.poor_reduction')).toBeUndefined();
    expect(indicator(before.json, '00004', 'poverty.poor_reduction')).toBe(7);
  });

  it('names the predecessors on the merged commune in Tổng hợp giảm nghèo', async () => {
    const file = await readFile(join(after.ws, 'summary.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(after.ws, 'summary.xlsx'));
    const tab = wb.getWorksheet('Tổng hợp giảm nghèo');
    if (!tab) throw new Error('no Tổng hợp giảm nghèo');
    const rowOf = new Map<string, number>();
    tab.eachRow((row, r) => {
      const code = row.getCell(1).value;
      if (typeof code === 'string') rowOf.set(code, r);
    });
    const row = rowOf.get('00010');
    expect(row).toBeDefined();
    // The package writer's comments are plain <t> text, which exceljs does not read back: read the part.
    const comments = (readZipParts(file) ?? [])
      .filter((p) => /^xl\/comments\d+\.xml$/.test(p.entry.name.toString('utf8')))
      .map((p) => inflatePart(p)?.toString('utf8') ?? '')
      .join('');
    expect(comments).toContain(`<comment ref="B${row}" authorId="0"><text><t xml:space="preserve">Sáp nhập từ: Xã Một (00001), Xã Hai (00002)</t>`);
    expect(comments).not.toContain(`<comment ref="B${rowOf.get('00004')}"`);
  });
});
