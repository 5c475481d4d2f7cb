import { describe, expect, it } from 'vitest';
import reference from '../../../shared/data/seed-plans.json' with { type: 'json' };
import { defaultDttsCatalogue, extendDttsCatalogue, findDttsEntry } from '../../../shared/programmes/dtts/dtts-catalogue.js';
import { parseDttsCatalogueTab } from '../../../shared/programmes/dtts/dtts-catalogue-tab.js';
import { dttsIndicatorId, parseDttsIndicatorId } from '../../../shared/programmes/dtts/dtts-ids.js';
import { dttsIndicatorInfos, dttsIndicatorLabel } from '../../../shared/programmes/dtts/dtts-labels.js';
import { sheet } from './fixtures.js';

const HEADER = ['Mã chỉ tiêu', 'Dự án', 'Nội dung', 'Đơn vị tính'];

describe('the default DTTS catalogue', () => {
  const cat = defaultDttsCatalogue();

  it('has the 10 projects of QĐ 1719 with their names, and the general targets', () => {
    const projects = cat.projects.filter((p) => p.general !== true);
    expect(projects.map((p) => p.id)).toEqual(['DA1', 'DA2', 'DA3', 'DA4', 'DA5', 'DA6', 'DA7', 'DA8', 'DA9', 'DA10']);
    expect(projects.map((p) => p.name)).toEqual(reference.langSon2023Dtts.projects.map((p) => p.vi));
    expect(cat.projects.find((p) => p.general === true)?.id).toBe('CT');
  });

  it('ships the 14 indicators of the Lạng Sơn 2023 plan with content and unit', () => {
    for (const i of reference.langSon2023Dtts.indicators) {
      const e = findDttsEntry(cat, `${i.project}.${i.id}`);
      expect(e?.content).toBe(i.vi);
      expect(e?.unit).toBe(i.unit);
      expect(e?.project).toBe(i.project);
    }
    expect(cat.entries).toHaveLength(16);
  });

  it('finds codes whatever their case and gives lower-case indicator ids', () => {
    expect(findDttsEntry(cat, ' da1.NHA_O ')?.code).toBe('DA1.nha_o');
    expect(dttsIndicatorId('DA1.nha_o')).toBe('dtts.da1.nha_o');
    expect(dttsIndicatorId('DA4.duong_xa', 'plan_pct')).toBe('dtts.da4.duong_xa.plan_pct');
    expect(parseDttsIndicatorId('dtts.da4.duong_xa.pct')).toEqual({ codeKey: 'da4.duong_xa', measure: 'pct' });
    expect(parseDttsIndicatorId('dtts.da4.duong_xa.rate')).toBeUndefined();
    expect(parseDttsIndicatorId('poverty.rate')).toBeUndefined();
  });

  it('labels every id in Vietnamese from the catalogue', () => {
    expect(dttsIndicatorLabel(cat, 'dtts.da1.nha_o')).toBe('Hỗ trợ nhà ở (hộ)');
    expect(dttsIndicatorLabel(cat, 'dtts.da1.nha_o.plan_pct')).toBe('Tỷ lệ hoàn thành kế hoạch: Hỗ trợ nhà ở');
    expect(dttsIndicatorLabel(cat, 'dtts.da9.khong_co')).toBeUndefined();
    const infos = dttsIndicatorInfos(cat);
    expect(infos).toHaveLength(64);
    expect(infos.every((i) => i.programme === 'dtts' && i.id === i.id.toLowerCase())).toBe(true);
  });
});

describe('parseDttsCatalogueTab (Danh mục DTTS)', () => {
  const base = defaultDttsCatalogue();

  it('adds the office’s indicators below a title row, codes case-insensitive, projects written several ways', () => {
    const r = parseDttsCatalogueTab(
      sheet('Danh mục DTTS', [
        ['DANH MỤC CHỈ TIÊU BỔ SUNG'],
        HEADER,
        ['DA5.dao_tao_nghe', 'Dự án 5', 'Đào tạo nghề cho lao động DTTS', 'người'],
        ['da10.truyen_thong', 10, 'Hội nghị tuyên truyền', 'cuộc'],
        [null, null, null, null],
        ['DA1.nha_o', 'DA1', 'Hỗ trợ làm nhà ở cho hộ nghèo DTTS', 'hộ'],
      ]),
      base,
    );
    expect(r.issues).toEqual([]);
    expect(r.entries.map((e) => [e.code, e.project, e.origin])).toEqual([
      ['DA5.dao_tao_nghe', 'DA5', 'Danh mục DTTS!A3'],
      ['da10.truyen_thong', 'DA10', 'Danh mục DTTS!A4'],
      ['DA1.nha_o', 'DA1', 'Danh mục DTTS!A6'],
    ]);
    expect(findDttsEntry(r.catalogue, 'DA10.TRUYEN_THONG')?.content).toBe('Hội nghị tuyên truyền');
    // A default code is reworded in place, not added twice.
    expect(r.catalogue.entries).toHaveLength(18);
    expect(findDttsEntry(r.catalogue, 'da1.nha_o')?.content).toBe('Hỗ trợ làm nhà ở cho hộ nghèo DTTS');
    expect(base.entries).toHaveLength(16);
  });

  it('reports an unknown project, a duplicate code, a malformed code and a mismatched project on their cells', () => {
    const r = parseDttsCatalogueTab(
      sheet('Danh mục DTTS', [
        HEADER,
        ['DA11.cau_treo', 'DA11', 'Cầu treo dân sinh', 'cầu'],
        ['DA4.cho', 'DA4', 'Chợ nông thôn', 'chợ'],
        ['da4.CHO', 'DA4', 'Chợ', 'chợ'],
        ['DA4.đường', 'DA4', 'Đường', 'km'],
        ['DA3.cho', 'DA4', 'Chợ', 'chợ'],
        ['DA6.nha_van_hoa', 'DA6', '', ''],
      ]),
      base,
    );
    const found = r.issues.map((i) => [i.code, i.cell, i.severity]);
    expect(found).toEqual([
      ['dtts_project_unknown', 'B2', 'error'],
      ['dtts_code_duplicate', 'A4', 'error'],
      ['dtts_code_invalid', 'A5', 'error'],
      ['dtts_code_project_mismatch', 'A6', 'error'],
      ['value_missing', 'C7', 'error'],
    ]);
    expect(r.issues[0]?.message).toBe('Dự án "DA11" không có trong Chương trình 1719.');
    expect(r.issues[0]?.hint).toContain('DA1, DA2');
    expect(r.issues[1]?.message).toBe('Mã chỉ tiêu "da4.CHO" đã có ở dòng 3; dòng 4 bị bỏ qua.');
    expect(r.entries.map((e) => e.code)).toEqual(['DA4.cho']);
  });

  it('rejects the tab without its key columns, and leaves the catalogue as it was', () => {
    const r = parseDttsCatalogueTab(
      sheet('Danh mục DTTS', [
        ['Mã chỉ tiêu', 'Nội dung'],
        ['DA4.cho', 'Chợ'],
      ]),
      base,
    );
    expect(r.issues.map((i) => [i.code, i.cell])).toEqual([['column_missing', 'C1']]);
    expect(r.catalogue).toBe(base);
  });

  it('extendDttsCatalogue keeps the base when nothing is added', () => {
    expect(extendDttsCatalogue(base, [])).toBe(base);
  });
});
