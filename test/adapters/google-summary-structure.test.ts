import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferredSheetId } from '../../shared/adapters/google/sheet-ids.js';
import { indicatorId } from '../../shared/domain/ids.js';
import { computeReportingIndicators } from '../../shared/indicators/reporting-indicators.js';
import type { RunResult } from '../../shared/publish/run-result.js';
import type { TabWrite } from '../../shared/ports/workbook-gateway.js';
import { SUMMARY_TAB } from '../../shared/publish/labels.js';
import { summaryTabNames } from '../../shared/publish/summary-tab-names.js';
import { NTM_SUMMARY_TAB } from '../../shared/programmes/ntm/summary-ntm-tab.js';
import { renderSummaryTabs } from '../../shared/publish/summary-tabs.js';
import { FakeGoogleServer } from '../support/fake-google/fake-google-server.js';
import { fakeGateway } from '../support/fake-google/fake-google-gateway.js';
import { BASELINES, fixtureHierarchy, fixtureResult, GENERATED_AT, SET } from '../publish/fixture.js';

/**
 * The summary through the real Sheets client against the local server: one batchUpdate that
 * builds the overview's charts (addChart over its data blocks), the hierarchy's row groups,
 * frozen code and name columns, date formats and notes; a second write replaces the charts and
 * groups instead of stacking them.
 */
let fake: FakeGoogleServer;

beforeAll(async () => {
  fake = await FakeGoogleServer.start();
});
afterAll(async () => {
  await fake.close();
});

function summaryResult(): RunResult {
  const base = fixtureResult();
  const states = base.units.map((u) => ({ unit: u.code, status: u.status === 'unchanged' ? 'ok' : u.status, ...(u.due === undefined ? {} : { due: u.due }) }));
  return {
    ...base,
    indicators: [...base.indicators, ...computeReportingIndicators(fixtureHierarchy(), states)],
    targets: base.targets.map((t) => (t.indicator === indicatorId('ntm.standard.pct') ? { ...t, target: 1, value: 0.97, metByRounding: true as const } : t)),
  };
}

/** A summary spreadsheet as init --google makes it: every summary tab under its preferred id. */
function summarySpreadsheet(): string {
  return fake.createSpreadsheet({
    title: 'Tổng hợp',
    folderId: fake.createFolder('Thư mục tổng hợp'),
    tabs: summaryTabNames().map((title) => ({ title, sheetId: preferredSheetId(title), rows: [[title]] })),
  });
}

describe('the summary on Google Sheets', () => {
  let id: string;
  let tabs: TabWrite[];

  beforeAll(async () => {
    id = summarySpreadsheet();
    tabs = renderSummaryTabs({ result: summaryResult(), hierarchy: fixtureHierarchy(), set: SET, baselines: BASELINES, generatedAt: GENERATED_AT });
    fake.clearLog();
    await fakeGateway(fake).writeTabs(id, tabs);
  });

  it('is one batchUpdate, accepted as sent', () => {
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.batchUpdate 200']);
    expect(fake.tabs(id).map((t) => t.title)).toEqual(summaryTabNames());
  });

  it('adds the overview charts with their domain and series ranges on the overview tab', () => {
    const sheet = fake.sheet(id, SUMMARY_TAB.overview);
    const overview = tabs[0];
    const first = overview?.charts?.[0];
    if (!first) throw new Error('no chart');
    expect(sheet.charts).toHaveLength(3);
    const chart = sheet.charts[0];
    const spec = chart?.spec as {
      title: string;
      basicChart: { chartType: string; headerCount: number; domains: unknown[]; series: { series: unknown; type?: string }[] };
    };
    expect(spec.title).toBe('Bình quân số tiêu chí đạt/xã (trên 19 tiêu chí)');
    expect(spec.basicChart.chartType).toBe('COMBO');
    expect(spec.basicChart.headerCount).toBe(1);
    const range = (column: number) => ({
      sourceRange: {
        sources: [
          { sheetId: sheet.sheetId, startRowIndex: first.headerRow - 1, endRowIndex: first.lastRow, startColumnIndex: column - 1, endColumnIndex: column },
        ],
      },
    });
    expect(spec.basicChart.domains).toEqual([{ domain: range(1) }]);
    expect(spec.basicChart.series.map((s) => [s.series, s.type])).toEqual([
      [range(2), 'COLUMN'],
      [range(3), 'LINE'],
    ]);
    expect(chart?.position).toMatchObject({
      overlayPosition: { anchorCell: { sheetId: sheet.sheetId, rowIndex: first.anchor.row - 1, columnIndex: first.anchor.column - 1 } },
    });
    expect((sheet.charts[1]?.spec as { basicChart: { chartType: string } }).basicChart.chartType).toBe('COLUMN');
    // The data behind the bars is on the sheet.
    expect(fake.values(id, SUMMARY_TAB.overview)[first.headerRow]?.slice(0, 2)).toEqual(['Huyện Bát Xát', 13.5]);
  });

  it('groups the NTM rows by the hierarchy, toggles above, and freezes code and name', () => {
    const sheet = fake.sheet(id, NTM_SUMMARY_TAB);
    // Body rows 5-11 (indexes 4-10): province, district, 2 communes, district, commune, group.
    expect(sheet.rowGroups.map((g) => [g.startIndex, g.endIndex, g.depth])).toEqual([
      [5, 10, 1],
      [6, 8, 2],
      [9, 10, 2],
    ]);
    expect(sheet.rowGroupControlAfter).toBe(false);
    expect([sheet.frozenRowCount, sheet.frozenColumnCount]).toEqual([4, 2]);
    // Indentation is formatting: the name is the unit's name.
    expect(fake.cell(id, NTM_SUMMARY_TAB, 'B6')).toMatchObject({
      userEnteredValue: { stringValue: 'Huyện Bát Xát' },
      userEnteredFormat: { padding: { left: 15 } },
    });
  });

  it('writes dates as date cells and the met-by-rounding note', () => {
    expect(fake.cell(id, SUMMARY_TAB.submissions, 'D6')).toMatchObject({
      userEnteredValue: { numberValue: 43465 },
      userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'dd/mm/yyyy' } },
    });
    const rows = fake.values(id, SUMMARY_TAB.targets);
    const r = rows.findIndex((row) => row[3] === 'ntm.standard.pct');
    const status = fake.cell(id, SUMMARY_TAB.targets, `J${r + 1}`);
    expect(status?.userEnteredValue).toEqual({ stringValue: 'Đạt (làm tròn)' });
    expect(status?.note).toContain('Đạt khi làm tròn');
  });

  it('replaces the charts and groups on the next write instead of adding more, still in one call, under the same tab ids', async () => {
    const ids = fake.tabs(id).map((t) => t.sheetId);
    fake.clearLog();
    await fakeGateway(fake).writeTabs(id, tabs);
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual(['sheets.spreadsheets.batchUpdate 200']);
    expect(fake.tabs(id).map((t) => t.sheetId)).toEqual(ids);
    expect(fake.sheet(id, SUMMARY_TAB.overview).charts).toHaveLength(3);
    expect(fake.sheet(id, NTM_SUMMARY_TAB).rowGroups).toHaveLength(3);
  });

  it('adds the overview first to a summary made before it existed (one refused guess, then the exact plan)', async () => {
    const older = fake.createSpreadsheet({
      title: 'Tổng hợp cũ',
      folderId: fake.createFolder('Thư mục cũ'),
      tabs: summaryTabNames()
        .filter((t) => t !== SUMMARY_TAB.overview)
        .map((title) => ({ title, sheetId: preferredSheetId(title), rows: [[title]] })),
    });
    fake.clearLog();
    await fakeGateway(fake).writeTabs(older, tabs);
    expect(fake.log.map((e) => `${e.operation} ${e.status}`)).toEqual([
      'sheets.spreadsheets.batchUpdate 400',
      'sheets.spreadsheets.get 200',
      'sheets.spreadsheets.batchUpdate 200',
    ]);
    expect(fake.tabs(older).map((t) => t.title)).toEqual(summaryTabNames());
    expect(fake.sheet(older, SUMMARY_TAB.overview).charts).toHaveLength(3);
  });
});
