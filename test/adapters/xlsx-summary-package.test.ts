import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { indicatorId } from '../../shared/domain/ids.js';
import { computeReportingIndicators } from '../../shared/indicators/reporting-indicators.js';
import type { RunResult } from '../../shared/publish/run-result.js';
import type { TabWrite } from '../../shared/ports/workbook-gateway.js';
import { renderSummaryTabs } from '../../shared/publish/summary-tabs.js';
import { BASELINES, fixtureHierarchy, fixtureResult, GENERATED_AT, SET } from '../publish/fixture.js';

/**
 * The summary written by the embedded gateway and read back from disk as a package: the chart
 * parts and their series ranges, outline levels, frozen panes, row heights, date cells, notes and
 * print setup are in the XML Excel and LibreOffice read, and exceljs still opens the file.
 */
function summaryResult(): RunResult {
  const base = fixtureResult();
  const states = base.units.map((u) => ({ unit: u.code, status: u.status === 'unchanged' ? 'ok' : u.status, ...(u.due === undefined ? {} : { due: u.due }) }));
  return {
    ...base,
    indicators: [...base.indicators, ...computeReportingIndicators(fixtureHierarchy(), states)],
    // One target met only at its printed rounding: its status cell carries a note.
    targets: base.targets.map((t) => (t.indicator === indicatorId('ntm.standard.pct') ? { ...t, target: 1, value: 0.97, metByRounding: true as const } : t)),
  };
}

describe('the summary package', () => {
  let dir: string;
  let zip: JSZip;
  let tabs: TabWrite[];
  const part = async (name: string): Promise<string> => {
    const file = zip.file(name);
    if (!file) throw new Error(`no part ${name}`);
    return file.async('string');
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ntp-summary-pkg-'));
    tabs = renderSummaryTabs({ result: summaryResult(), hierarchy: fixtureHierarchy(), set: SET, baselines: BASELINES, generatedAt: GENERATED_AT });
    await new XlsxWorkbookGateway({ dir }).writeTabs('summary.xlsx', tabs);
    zip = await JSZip.loadAsync(await readFile(join(dir, 'summary.xlsx')));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts Tổng quan first with a drawing of three DrawingML charts, each series referring to its block on the sheet', async () => {
    const workbook = await part('xl/workbook.xml');
    expect(workbook.indexOf('name="Tổng quan"')).toBeLessThan(workbook.indexOf('name="Tổng hợp NTM"'));
    const sheet = await part('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<drawing r:id="rId1"/>');
    expect(await part('xl/worksheets/_rels/sheet1.xml.rels')).toContain('Target="../drawings/drawing1.xml"');
    const drawingRels = await part('xl/drawings/_rels/drawing1.xml.rels');
    expect(drawingRels.match(/relationships\/chart"/g)).toHaveLength(3);
    const drawing = await part('xl/drawings/drawing1.xml');
    expect(drawing.match(/<xdr:twoCellAnchor/g)).toHaveLength(3);
    expect(drawing).toContain('<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId1"/>');
    const types = await part('[Content_Types].xml');
    expect(types).toContain('<Override PartName="/xl/charts/chart3.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');

    const overview = tabs[0];
    const criteria = overview?.charts?.[0];
    if (!criteria) throw new Error('no chart');
    const chart = await part('xl/charts/chart1.xml');
    expect(chart).toContain('<c:barChart><c:barDir val="col"/>');
    expect(chart).toContain('<c:lineChart>');
    const first = criteria.headerRow + 1;
    expect(chart).toContain(`<c:cat><c:strRef><c:f>'Tổng quan'!$A$${first}:$A$${criteria.lastRow}</c:f>`);
    expect(chart).toContain(`<c:val><c:numRef><c:f>'Tổng quan'!$B$${first}:$B$${criteria.lastRow}</c:f>`);
    expect(chart).toContain(`<c:tx><c:strRef><c:f>'Tổng quan'!$B$${criteria.headerRow}</c:f>`);
    expect(chart).toContain(`<c:val><c:numRef><c:f>'Tổng quan'!$C$${first}:$C$${criteria.lastRow}</c:f>`);
    // The caches hold what the sheet holds: the districts and their averages.
    expect(chart).toContain('<c:pt idx="0"><c:v>Huyện Bát Xát</c:v></c:pt><c:pt idx="1"><c:v>Huyện Mường Khương</c:v></c:pt>');
    expect(chart).toContain('<c:pt idx="0"><c:v>13.5</c:v></c:pt>');
    expect(chart).toContain('<a:t>Bình quân số tiêu chí đạt/xã (trên 19 tiêu chí)</a:t>');
    const buckets = await part('xl/charts/chart2.xml');
    expect(buckets).toContain('<c:ptCount val="5"/>');
    expect(buckets).not.toContain('<c:lineChart>');
  });

  it('groups the NTM rows by the hierarchy, freezes code and name columns under the header, and sizes the title row', async () => {
    const sheet = await part('xl/worksheets/sheet2.xml');
    expect(sheet).toContain('<sheetPr><outlinePr summaryBelow="0"/><pageSetUpPr fitToPage="1"/></sheetPr>');
    expect(sheet).toContain('<pane xSplit="2" ySplit="4" topLeftCell="C5" activePane="bottomRight" state="frozen"/>');
    expect(sheet).toContain('<sheetFormatPr defaultRowHeight="15" outlineLevelRow="2"/>');
    expect(sheet).toMatch(/<row r="1" ht="24" customHeight="1">/);
    expect(sheet).toMatch(/<row r="4" ht="\d+" customHeight="1">/);
    const levels = [...sheet.matchAll(/<row r="(\d+)"([^>]*)>/g)].map((m) => [Number(m[1]), /outlineLevel="(\d)"/.exec(m[2] ?? '')?.[1] ?? '0']);
    expect(levels.filter(([r]) => Number(r) >= 5)).toEqual([
      [5, '0'],
      [6, '1'],
      [7, '2'],
      [8, '2'],
      [9, '1'],
      [10, '2'],
      [11, '0'],
    ]);
    // The name is the unit's name; the indentation is the cell's style.
    expect(sheet).toMatch(/<c r="B6" s="\d+" t="inlineStr"><is><t>Huyện Bát Xát<\/t><\/is><\/c>/);
  });

  it('writes due dates and instants as date cells with date formats', async () => {
    const styles = await part('xl/styles.xml');
    // Sheet 6: Tình hình nộp báo cáo (after the overview and the three programme tables and the targets).
    const sheet = await part('xl/worksheets/sheet6.xml');
    const due = /<c r="D6" s="(\d+)"><v>([\d.]+)<\/v><\/c>/.exec(sheet);
    expect(due?.[2]).toBe('43465');
    const xfs = [...(/<cellXfs[^>]*>(.*)<\/cellXfs>/s.exec(styles)?.[1] ?? '').matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => m[1]);
    const fmtId = xfs[Number(due?.[1])];
    expect(styles).toContain(`<numFmt numFmtId="${fmtId}" formatCode="dd/mm/yyyy"/>`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'summary.xlsx'));
    const ws = wb.getWorksheet('Tình hình nộp báo cáo');
    expect(ws?.getCell('D6').value).toEqual(new Date(Date.UTC(2018, 11, 31)));
    expect(ws?.getCell('D6').numFmt).toBe('dd/mm/yyyy');
    expect(ws?.getCell('G6').numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(ws?.getRow(7).outlineLevel).toBe(1);
  });

  it('notes the met-by-rounding status in a comments part with the VML Excel shows it in', async () => {
    expect(await part('xl/worksheets/sheet5.xml')).toContain('<legacyDrawing r:id="rId2"/>');
    const rels = await part('xl/worksheets/_rels/sheet5.xml.rels');
    expect(rels).toContain('Target="../comments5.xml"');
    expect(rels).toContain('Target="../drawings/vmlDrawing5.vml"');
    const comments = await part('xl/comments5.xml');
    expect(comments).toMatch(/<comment ref="J\d+" authorId="0"><text><t xml:space="preserve">Đạt khi làm tròn/);
    expect(await part('xl/drawings/vmlDrawing5.vml')).toContain('<x:ClientData ObjectType="Note">');
    expect(await part('[Content_Types].xml')).toContain('<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>');
  });

  it('prints every tab on A4 landscape fitted to width, the rows down to the header repeated', async () => {
    for (let i = 1; i <= tabs.length; i++)
      expect(await part(`xl/worksheets/sheet${i}.xml`)).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    const workbook = await part('xl/workbook.xml');
    expect(workbook).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">'Tổng hợp NTM'!$1:$4</definedName>`);
    expect(workbook).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'Tổng quan'!$1:$2</definedName>`);
  });

  it('keeps Tổng quan first when an older summary without it is rewritten', async () => {
    const old = tabs.slice(1);
    const gw = new XlsxWorkbookGateway({ dir });
    await gw.writeTabs('old.xlsx', old);
    await gw.writeTabs('old.xlsx', tabs);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'old.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(tabs.map((t) => t.name));
  });
});

describe('the exceljs fallback writer', () => {
  it('keeps dates, notes, indentation, outline levels, heights and frozen columns', async () => {
    const { replaceTab } = await import('../../shared/adapters/xlsx/xlsx-tab-writer.js');
    const wb = new ExcelJS.Workbook();
    replaceTab(wb, {
      name: 'Bảng',
      rows: [
        [{ value: 'Tiêu đề', style: 'title' }],
        ['Mã', 'Đơn vị', 'Hạn'],
        ['20', 'Tỉnh', { value: 43454, format: 'date', note: 'Hạn của kế hoạch' }],
        ['180', { value: 'Huyện', indent: 1 }, { value: 'Một câu dài', wrap: true }],
      ],
      headerRow: 2,
      freezeColumns: 2,
      rowLevels: [0, 0, 0, 1],
      rowHeights: [24],
    });
    const dir = await mkdtemp(join(tmpdir(), 'ntp-fallback-'));
    try {
      await wb.xlsx.writeFile(join(dir, 'f.xlsx'));
      const back = new ExcelJS.Workbook();
      await back.xlsx.readFile(join(dir, 'f.xlsx'));
      const ws = back.getWorksheet('Bảng');
      expect(ws?.getCell('C3').numFmt).toBe('dd/mm/yyyy');
      expect(ws?.getCell('C3').note).toBe('Hạn của kế hoạch');
      expect(ws?.getCell('B4').alignment).toMatchObject({ indent: 1 });
      expect(ws?.getCell('C4').alignment).toMatchObject({ wrapText: true });
      expect(ws?.getRow(4).outlineLevel).toBe(1);
      expect(ws?.getRow(1).height).toBe(24);
      expect(ws?.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
