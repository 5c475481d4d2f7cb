import type { PovertyRow } from '../../domain/rows.js';
import { formatViNumber } from '../../format/vi-number.js';
import { parseCommuneRows } from '../../forms/commune-rows.js';
import type { RawSheet } from '../../forms/raw-sheet.js';
import type { TabParseResult } from '../../forms/tab-parse-result.js';
import { POVERTY_TAB } from './poverty-tab-spec.js';
import type { UnitContext } from '../../forms/unit-context.js';

const n = (v: number): string => formatViNumber(v, 0);

/** Reads tab `Giảm nghèo` of a unit workbook (product.md, "Unit workbook: tab Giảm nghèo"). */
export function parsePovertyTab(sheet: RawSheet, ctx: UnitContext): TabParseResult<PovertyRow> {
  return parseCommuneRows<PovertyRow>(sheet, POVERTY_TAB, ctx, (cells) => {
    const households = cells.number('households', 'count', 'Tổng số hộ', true);
    const poor = cells.number('poor', 'count', 'Số hộ nghèo', true);
    const nearPoor = cells.number('nearPoor', 'count', 'Số hộ cận nghèo', true);
    const poorEthnic = cells.number('poorEthnic', 'count', 'Hộ nghèo DTTS', false);
    const escaped = cells.number('escaped', 'count', 'Số hộ thoát nghèo', false);
    const relapsed = cells.number('relapsed', 'count', 'Số hộ tái nghèo', false);
    const newPoor = cells.number('newPoor', 'count', 'Số hộ nghèo phát sinh', false);
    if (households === undefined || poor === undefined || nearPoor === undefined) return undefined;

    const name = cells.commune.name;
    if (poor + nearPoor > households) {
      cells.report(
        'poverty_exceeds_households',
        'error',
        'households',
        `${name}: số hộ nghèo (${n(poor)}) cộng số hộ cận nghèo (${n(nearPoor)}) bằng ${n(poor + nearPoor)}, nhiều hơn tổng số hộ (${n(households)}).`,
        'Kiểm tra lại ba ô Tổng số hộ, Số hộ nghèo, Số hộ cận nghèo: hộ nghèo và hộ cận nghèo là một phần của tổng số hộ.',
      );
    }
    if (poorEthnic !== undefined && poorEthnic > poor) {
      cells.report(
        'poor_ethnic_exceeds_poor',
        'error',
        'poorEthnic',
        `${name}: hộ nghèo DTTS (${n(poorEthnic)}) nhiều hơn số hộ nghèo (${n(poor)}).`,
        'Hộ nghèo dân tộc thiểu số là một phần của số hộ nghèo: kiểm tra lại hai ô này.',
      );
    }

    // The flow identity needs the start-of-period figure and at least one flow typed in (blank
    // flows count 0): a sheet without flows is not claiming anything about them.
    const baseline = ctx.baselines.get(cells.commune.code);
    const flowTyped = [escaped, relapsed, newPoor].some((v) => v !== undefined);
    if (baseline !== undefined && flowTyped) {
      const e = escaped ?? 0;
      const r = relapsed ?? 0;
      const p = newPoor ?? 0;
      const expected = baseline.poor - e + r + p;
      if (poor !== expected) {
        cells.report(
          'poverty_flow_mismatch',
          'warning',
          'poor',
          `${name}: số hộ nghèo ${n(poor)} không khớp với đầu kỳ ${n(baseline.poor)} − thoát nghèo ${n(e)} + tái nghèo ${n(r)} + phát sinh ${n(p)} = ${n(expected)} (lệch ${n(poor - expected)}).`,
          `Kiểm tra lại số hộ nghèo và các cột Số hộ thoát nghèo, Số hộ tái nghèo, Số hộ nghèo phát sinh. Số hộ nghèo đầu kỳ (${n(baseline.poor)}) là kết quả rà soát đầu kỳ do văn phòng điều phối nhập; nếu số này sai, liên hệ văn phòng điều phối để sửa.`,
        );
      }
    }

    const row: PovertyRow = { commune: cells.commune.code, name: cells.name, households, poor, nearPoor };
    if (poorEthnic !== undefined) row.poorEthnic = poorEthnic;
    if (escaped !== undefined) row.escaped = escaped;
    if (relapsed !== undefined) row.relapsed = relapsed;
    if (newPoor !== undefined) row.newPoor = newPoor;
    return row;
  });
}
