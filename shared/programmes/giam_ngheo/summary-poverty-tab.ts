import type { UnitCode } from '../../domain/ids.js';
import type { Baseline } from '../../domain/config.js';
import type { TabCell, TabWrite } from '../../ports/workbook-gateway.js';
import { numberCell, tableSheet } from '../../publish/sheet-layout.js';
import { scopeNameCell, scopesWith, updatedMeta, valueOf, type SummaryContext } from '../../publish/summary-context.js';

export const POVERTY_SUMMARY_TAB = 'Tổng hợp giảm nghèo';

interface BaselineFigures {
  households?: number;
  poor?: number;
  rate?: number;
}

const diff = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);

/**
 * The start-of-period figures of a scope: its own `Số liệu đầu kỳ` row when there is one; otherwise
 * what the reduction indicators imply (baseline poor = poor + reduction, baseline rate = rate +
 * reduction in points). Households cannot be recovered that way and stay blank.
 */
function baselineFor(explicit: Baseline | undefined, poor?: number, rate?: number, poorReduction?: number, ratePp?: number): BaselineFigures {
  if (explicit) {
    return {
      households: explicit.households,
      poor: explicit.poor,
      rate: explicit.households > 0 ? (explicit.poor / explicit.households) * 100 : undefined,
    };
  }
  return {
    poor: poor !== undefined && poorReduction !== undefined ? poor + poorReduction : undefined,
    rate: rate !== undefined && ratePp !== undefined ? rate + ratePp : undefined,
  };
}

/** `Tổng hợp giảm nghèo`: one row per unit (tree order, grouped by the hierarchy) and group with poverty indicators. */
export function renderPovertyTab(ctx: SummaryContext): TabWrite {
  const explicit = new Map<UnitCode, Baseline>();
  for (const b of ctx.baselines) if (b.period === ctx.result.period) explicit.set(b.unit, b);
  const headers = [
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
  ];
  const scopes = scopesWith(ctx, 'giam_ngheo');
  const body = scopes.map((s): TabCell[] => {
    const v = (id: string): number | undefined => valueOf(ctx, s.scope, id);
    const poor = v('poverty.poor');
    const rate = v('poverty.rate');
    const base = baselineFor(explicit.get(s.scope as UnitCode), poor, rate, v('poverty.poor_reduction'), v('poverty.rate_reduction_pp'));
    return [
      s.scope,
      scopeNameCell(s),
      s.level,
      numberCell(v('poverty.households'), 'int'),
      numberCell(poor, 'int'),
      numberCell(rate, 'percent'),
      numberCell(v('poverty.near_poor'), 'int'),
      numberCell(v('poverty.near_poor_rate'), 'percent'),
      numberCell(v('poverty.multidim_rate'), 'percent'),
      numberCell(base.households, 'int'),
      numberCell(base.poor, 'int'),
      numberCell(base.rate, 'percent'),
      numberCell(v('poverty.poor_reduction') ?? diff(base.poor, poor), 'int'),
      numberCell(v('poverty.rate_reduction_pp') ?? diff(base.rate, rate), 'decimal'),
    ];
  });
  return tableSheet({
    name: POVERTY_SUMMARY_TAB,
    title: `TỔNG HỢP KẾT QUẢ GIẢM NGHÈO - ${ctx.periodLabel}`,
    meta: updatedMeta(ctx),
    wrapHeaders: true,
    headers,
    body,
    footer: body.length === 0 ? [['Chưa có số liệu giảm nghèo cho kỳ này.']] : [],
    freezeColumns: 2,
    bodyLevels: scopes.map((s) => s.depth),
  });
}
