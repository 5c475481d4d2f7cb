import { describe, expect, it } from 'vitest';
import { renderWorkbookLayout } from '../../../shared/adapters/xlsx/xlsx-layout-renderer.js';
import { criteriaSetOrNone } from '../../../shared/domain/no-criteria-set.js';
import type { RunResult } from '../../../shared/publish/run-result.js';
import type { TabCell } from '../../../shared/ports/workbook-gateway.js';
import { summaryContext } from '../../../shared/publish/summary-context.js';
import { defaultDttsCatalogue } from '../../../shared/programmes/dtts/dtts-catalogue.js';
import { computeDttsIndicators } from '../../../shared/programmes/dtts/dtts-indicators.js';
import { resolveDttsPlans, unitDttsPlans } from '../../../shared/programmes/dtts/dtts-plans.js';
import { DTTS_SUMMARY_TAB, renderDttsSummaryTab } from '../../../shared/programmes/dtts/dtts-summary-tab.js';
import { dttsTemplateSheet } from '../../../shared/programmes/dtts/dtts-template.js';
import { headerRowOf } from '../../../shared/templates/sheet-layout.js';
import { districtCode, langSonHierarchy, langSonRows, langSonTargets, PERIOD, PROVINCE } from './fixtures.js';

const h = langSonHierarchy();
const cat = defaultDttsCatalogue();

const text = (c: TabCell | undefined): string => (c === null || c === undefined ? '' : typeof c === 'object' ? String(c.value) : String(c));
const num = (c: TabCell | undefined): number | undefined =>
  c !== null && typeof c === 'object' && typeof c.value === 'number' ? c.value : typeof c === 'number' ? c : undefined;

describe('renderDttsSummaryTab (Tổng hợp DTTS)', () => {
  const withoutProvince = langSonTargets().filter((t) => t.scope !== PROVINCE);
  const plans = resolveDttsPlans(h, withoutProvince, PERIOD);
  const rows = langSonRows().map((r) => (r.code === 'DA1.nha_o' ? { ...r, achieved: r.achieved / 2 } : r));
  const result: RunResult = {
    runId: 'r1',
    period: PERIOD,
    asOf: '2023-12-31',
    startedAt: '2023-12-31T01:00:00.000Z',
    units: [],
    issues: [],
    indicators: computeDttsIndicators(h, rows, plans),
    targets: [],
    alerts: [],
  };
  const ctx = summaryContext({ result, hierarchy: h, set: criteriaSetOrNone(PERIOD), baselines: [], generatedAt: '2024-01-02T03:00:00.000Z' }, []);
  const tab = renderDttsSummaryTab(ctx, cat, plans);
  const header = tab.headerRow ?? 0;
  const body = tab.rows.slice(header);

  it('is one table per project and unit: plan, achieved, % of plan', () => {
    expect(tab.name).toBe(DTTS_SUMMARY_TAB);
    expect(tab.rows[header - 1]?.map(text)).toEqual([
      'Mã',
      'Đơn vị',
      'Mã chỉ tiêu',
      'Nội dung',
      'Đơn vị tính',
      'Kế hoạch',
      'Thực hiện',
      'Hoàn thành kế hoạch (%)',
      'Tổng số',
      'Tỷ lệ trên tổng số (%)',
    ]);
    const headings = body.filter((r) => r.length === 1).map((r) => text(r[0]));
    expect(headings).toEqual([
      'Dự án 1: Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt',
      'Dự án 3: Phát triển sản xuất nông, lâm nghiệp, phát huy tiềm năng, thế mạnh theo chuỗi giá trị',
      'Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu phục vụ sản xuất, đời sống',
      'Mục tiêu chung của Chương trình',
    ]);
    // 16 indicators x (province + 11 districts) + 4 headings.
    expect(body).toHaveLength(16 * 12 + 4);
  });

  it('shows the province’s plan summed from its districts, with a note, and the completion', () => {
    const nhaO = body.find((r) => text(r[0]) === PROVINCE && text(r[2]) === 'DA1.nha_o');
    expect(num(nhaO?.[5])).toBe(640);
    expect(nhaO?.[5]).toMatchObject({ note: expect.stringContaining('Tổng kế hoạch của các đơn vị trực thuộc') as unknown });
    expect(num(nhaO?.[6])).toBe(320);
    expect(num(nhaO?.[7])).toBe(50);
    const road = body.find((r) => text(r[0]) === districtCode('Tràng Định') && text(r[2]) === 'DA4.duong_xa');
    expect([num(road?.[5]), num(road?.[6]), num(road?.[8]), num(road?.[9])]).toEqual([16, 16, 17, 94.12]);
    expect(tab.rowLevels?.slice(header, header + 3)).toEqual([0, 1, 2]);
    expect(tab.freezeColumns).toBe(2);
  });
});

describe('dttsTemplateSheet (the unit workbook’s DTTS tab)', () => {
  const unit = h.get(districtCode('Bắc Sơn'));
  if (!unit) throw new Error('fixture: Bắc Sơn');
  const plans = unitDttsPlans(resolveDttsPlans(h, langSonTargets(), PERIOD), unit.code);
  const layout = dttsTemplateSheet({ unit, catalogue: cat, plans, period: PERIOD });

  it('pre-fills one row per planned indicator with the plan from Chỉ tiêu, and locks the Kế hoạch column', () => {
    expect(layout.name).toBe('DTTS');
    expect(layout.columns.map((c) => c.header)).toEqual(['Mã chỉ tiêu', 'Nội dung', 'Đơn vị tính', 'Kế hoạch', 'Thực hiện', 'Tổng số', 'Ghi chú']);
    expect(layout.columns.filter((c) => c.locked === true).map((c) => c.field)).toEqual(['plan']);
    expect(layout.rows).toHaveLength(16);
    expect(layout.rows[1]).toEqual(['DA1.nha_o', 'Hỗ trợ nhà ở', 'hộ', 58, null, null, null]);
    expect(layout.rows.find((r) => r[0] === 'CT.thon_thoat_dbkk')?.[3]).toBe(4);
    expect(layout.titleRows[0]).toContain('năm 2023 - Huyện Bắc Sơn');
  });

  it('renders the plan cells locked and the Thực hiện cells editable in the .xlsx', () => {
    const ws = renderWorkbookLayout({ sheets: [layout] }).getWorksheet('DTTS');
    const first = headerRowOf(layout) + 1;
    expect(ws?.getCell(first, 4).value).toBe(plans.get('da1.dat_o'));
    expect(ws?.getCell(first, 4).protection?.locked).toBe(true);
    expect(ws?.getCell(first, 5).protection?.locked).toBe(false);
    expect(ws?.getCell(first + 20, 4).protection?.locked).toBe(true);
  });

  it('gives a unit without any plan the whole catalogue to report on', () => {
    const none = dttsTemplateSheet({ unit, catalogue: cat, plans: new Map() });
    expect(none.rows.map((r) => r[0])).toEqual(cat.entries.map((e) => e.code));
    expect(none.rows.every((r) => r[3] === null)).toBe(true);
  });
});
