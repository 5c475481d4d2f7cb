import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { RawCell } from '../forms/raw-sheet.js';
import { MET, NOT_MET } from '../forms/tab-specs.js';
import { formatViNumber } from '../format/vi-number.js';
import type { UnitTabFill } from '../templates/unit-workbook-template.js';
import { buildLangSonDtts } from './demo-dtts.js';
import { buildLangSonNtm, type DemoNtmCommune } from './demo-ntm.js';
import { buildBacKanPoverty, FLOW_DISTRICTS, type DemoPovertyCommune } from './demo-poverty.js';
import { buildDemoUnits } from './demo-units.js';
import { KON_TUM } from './demo-kon-tum.js';
import { konTumFill } from './demo-kon-tum-fill.js';

/** What the demo puts in each reporting unit's workbook, by programme. */
export type DemoUnitFill = Partial<Record<Programme, UnitTabFill>>;

type Rec = Record<string, RawCell>;

/**
 * Deliberate problems, each in one workbook, chosen so that the rows they spoil are rejected and
 * the accepted totals still reproduce the plans exactly.
 */
export const DEMO_PROBLEMS = {
  /** Cao Lộc lists a commune of Văn Lãng (commune_outside_unit). */
  outsideUnit: { unit: '183', communeOf: '182' },
  /** Hữu Lũng has a second row for its 5th commune, with other values and a `#REF!` (duplicate + formula error). */
  duplicateWithRef: { unit: '186', communeIndex: 4 },
  /** Lộc Bình has a row with data but no Mã xã. */
  blankCode: { unit: '188' },
  /** Chi Lăng has a second title line above the header. */
  extraTitle: { unit: '187' },
  /** Văn Quan marks criteria with `x` / `không` instead of the dropdown values (accepted). */
  altCriterionValues: { unit: '184' },
  /** Bắc Sơn typed recognition years as text (accepted). */
  yearAsText: { unit: '185' },
  /** Na Rì moved the columns around (accepted). */
  reorderedColumns: { unit: '066' },
  /** Chợ Đồn typed households as Vietnamese text, `1.604` (accepted). */
  householdsAsText: { unit: '064' },
  /** Pác Nặm has a second row for its 2nd commune with an ambiguous `1,120` (duplicate + number_ambiguous). */
  duplicateAmbiguous: { unit: '060', communeIndex: 1 },
  /** Chợ Mới has a second title line above the header. */
  extraTitlePoverty: { unit: '065' },
} as const;

function ntmRecord(c: DemoNtmCommune, met: RawCell = MET, notMet: RawCell = NOT_MET, yearAsText = false): Rec {
  const rec: Rec = { commune: c.commune.code, name: c.commune.name };
  c.criteria.forEach((ok, i) => {
    rec[`tc${i + 1}`] = ok ? met : notMet;
  });
  if (c.recognisedYear !== undefined) rec.recognisedYear = yearAsText ? String(c.recognisedYear) : c.recognisedYear;
  if (c.recognisedYear === undefined && c.criteria.every(Boolean)) rec.note = 'Đạt đủ 19 tiêu chí, đang hoàn thiện hồ sơ công nhận';
  return rec;
}

function povertyRecord(c: DemoPovertyCommune, householdsAsText: boolean): Rec {
  const rec: Rec = {
    commune: c.commune.code,
    name: c.commune.name,
    households: householdsAsText ? formatViNumber(c.households, 0) : c.households,
    poor: c.poor,
    nearPoor: c.nearPoor,
    poorEthnic: c.poorEthnic,
  };
  if (c.escaped !== undefined) rec.escaped = c.escaped;
  if (c.relapsed !== undefined) rec.relapsed = c.relapsed;
  if (c.newPoor !== undefined) rec.newPoor = c.newPoor;
  return rec;
}

const BASIC_POVERTY_COLUMNS = ['commune', 'name', 'households', 'poor', 'nearPoor', 'poorEthnic'];

/**
 * The demo's unit workbooks' contents, by reporting unit: Lạng Sơn districts fill `NTM` (2018) and
 * `DTTS` (2023), Bắc Kạn districts fill `Giảm nghèo`.
 */
export function buildDemoUnitData(): Map<UnitCode, DemoUnitFill> {
  const demo = buildDemoUnits();
  const ntm = buildLangSonNtm(demo);
  const poverty = buildBacKanPoverty(demo);
  const dtts = buildLangSonDtts(demo);
  const out = new Map<UnitCode, DemoUnitFill>();
  const P = DEMO_PROBLEMS;

  for (const d of demo.langSonDistricts) {
    const mine = ntm.filter((c) => c.commune.parent === d.code).sort((a, b) => a.commune.code.localeCompare(b.commune.code));
    const alt = d.code === P.altCriterionValues.unit;
    const rows: Rec[] = mine.map((c) => (alt ? ntmRecord(c, 'x', 'không') : ntmRecord(c, MET, NOT_MET, d.code === P.yearAsText.unit)));
    const fill: UnitTabFill = { rows };

    if (d.code === P.outsideUnit.unit) {
      const stranger = ntm.find((c) => c.commune.parent === P.outsideUnit.communeOf);
      if (stranger) rows.push({ ...ntmRecord(stranger), note: 'Xã giáp ranh, nhập nhầm' });
    }
    if (d.code === P.duplicateWithRef.unit) {
      const k = P.duplicateWithRef.communeIndex;
      const original = mine[k];
      if (original) {
        const dup = ntmRecord({ ...original, criteria: original.criteria.map((x) => !x) });
        dup.tc7 = { error: '#REF!' };
        dup.note = 'Nhập lại';
        rows.splice(k + 1, 0, dup);
      }
    }
    if (d.code === P.blankCode.unit) {
      const rec: Rec = { commune: null, name: 'Xã Tân Lập (mới)' };
      for (let n = 1; n <= 19; n++) rec[`tc${n}`] = n % 3 === 0 ? MET : NOT_MET;
      rows.push(rec);
    }
    if (d.code === P.extraTitle.unit) fill.extraTitleRows = ['(Kèm theo Báo cáo số 125/BC-UBND ngày 10/10/2018 của UBND huyện Chi Lăng)'];
    out.set(d.code, { ntm: fill, dtts: { rows: dtts.rows.get(d.code) ?? [] } });
  }

  for (const d of demo.bacKanDistricts) {
    const mine = poverty.communes.filter((c) => c.commune.parent === d.code).sort((a, b) => a.commune.code.localeCompare(b.commune.code));
    const rows: Rec[] = mine.map((c) => povertyRecord(c, d.code === P.householdsAsText.unit));
    const fill: UnitTabFill = { rows, columnOrder: FLOW_DISTRICTS.includes(d.code) ? undefined : BASIC_POVERTY_COLUMNS };
    if (d.code === P.reorderedColumns.unit) fill.columnOrder = ['name', 'commune', 'poor', 'nearPoor', 'households', 'poorEthnic'];
    if (d.code === P.duplicateAmbiguous.unit) {
      const k = P.duplicateAmbiguous.communeIndex;
      const original = mine[k];
      if (original) rows.splice(k + 1, 0, { ...povertyRecord(original, false), households: '1,120', poor: original.poor + 15 });
    }
    if (d.code === P.extraTitlePoverty.unit) fill.extraTitleRows = ['(Kèm theo Báo cáo số 45/BC-UBND ngày 05/12/2017 của UBND huyện Chợ Mới)'];
    out.set(d.code, { giam_ngheo: fill });
  }
  out.set(KON_TUM, { ntm: konTumFill(demo.units) });
  return out;
}
