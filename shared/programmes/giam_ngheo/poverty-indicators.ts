import type { Baseline } from '../../domain/config.js';
import type { Hierarchy } from '../../domain/hierarchy.js';
import { indicatorId, type IndicatorId, type UnitCode } from '../../domain/ids.js';
import type { PovertyRow } from '../../domain/rows.js';
import { groupScope, type Scope } from '../../domain/unit.js';
import type { IndicatorValue } from '../../indicators/indicator.js';
import { groupBaseline, resolveUnitBaselines, type BaselineTotals } from '../../indicators/scope-baselines.js';
import { groupMembers, orderedUnits } from '../../indicators/scope-walk.js';

interface PovertyTotals {
  /** Communes with a row: a scope without any has no poverty indicators. */
  rows: number;
  households: number;
  poor: number;
  nearPoor: number;
}

const ID = {
  households: indicatorId('poverty.households'),
  poor: indicatorId('poverty.poor'),
  nearPoor: indicatorId('poverty.near_poor'),
  rate: indicatorId('poverty.rate'),
  nearPoorRate: indicatorId('poverty.near_poor_rate'),
  multidimRate: indicatorId('poverty.multidim_rate'),
  poorReduction: indicatorId('poverty.poor_reduction'),
  rateReductionPp: indicatorId('poverty.rate_reduction_pp'),
} as const;

const emptyTotals = (): PovertyTotals => ({ rows: 0, households: 0, poor: 0, nearPoor: 0 });

function addRow(into: PovertyTotals, row: PovertyRow): void {
  into.rows++;
  into.households += row.households;
  into.poor += row.poor;
  into.nearPoor += row.nearPoor;
}

function emit(out: IndicatorValue[], scope: Scope, t: PovertyTotals, baseline: BaselineTotals | undefined): void {
  const push = (indicator: IndicatorId, value: number, numerator?: number, denominator?: number): void => {
    out.push(
      numerator === undefined
        ? { programme: 'giam_ngheo', unit: scope, indicator, value }
        : { programme: 'giam_ngheo', unit: scope, indicator, value, numerator, denominator },
    );
  };
  push(ID.households, t.households);
  push(ID.poor, t.poor);
  push(ID.nearPoor, t.nearPoor);
  // A scope whose communes report zero households has no meaningful rate: leave the rates out
  // rather than publish NaN or Infinity.
  const hh = t.households;
  if (hh > 0) {
    push(ID.rate, (t.poor / hh) * 100, t.poor, hh);
    push(ID.nearPoorRate, (t.nearPoor / hh) * 100, t.nearPoor, hh);
    push(ID.multidimRate, ((t.poor + t.nearPoor) / hh) * 100, t.poor + t.nearPoor, hh);
  }
  if (baseline) {
    push(ID.poorReduction, baseline.poor - t.poor);
    if (hh > 0 && baseline.households > 0) {
      push(ID.rateReductionPp, (baseline.poor / baseline.households) * 100 - (t.poor / hh) * 100);
    }
  }
}

/**
 * Poverty indicators for every unit (communes included) and every `nhóm:<tag>` group with at least
 * one commune row. `baselines` must already be the period's rows. Reductions are emitted only where
 * a baseline covers the same communes as the current figures (see resolveUnitBaselines).
 */
export function computePovertyIndicators(h: Hierarchy, rows: ReadonlyMap<UnitCode, PovertyRow>, baselines: readonly Baseline[]): IndicatorValue[] {
  const totals = new Map<UnitCode, PovertyTotals>();
  for (const u of orderedUnits(h)) {
    const t = emptyTotals();
    if (u.level === 'xa') {
      const row = rows.get(u.code);
      if (row) addRow(t, row);
    }
    for (const ch of h.children(u.code)) {
      const ct = totals.get(ch.code);
      if (ct) {
        t.rows += ct.rows;
        t.households += ct.households;
        t.poor += ct.poor;
        t.nearPoor += ct.nearPoor;
      }
    }
    totals.set(u.code, t);
  }
  const hasData = (code: UnitCode): boolean => (totals.get(code)?.rows ?? 0) > 0;
  const unitBaselines = resolveUnitBaselines(h, baselines, hasData);

  const out: IndicatorValue[] = [];
  for (const u of h.byCode.values()) {
    const t = totals.get(u.code);
    if (t && t.rows > 0) emit(out, u.code, t, unitBaselines.get(u.code));
  }
  for (const [tag, members] of groupMembers(h)) {
    const t = emptyTotals();
    const seen = new Set<UnitCode>();
    for (const m of members) {
      for (const c of h.communesUnder(m.code)) {
        if (seen.has(c.code)) continue;
        seen.add(c.code);
        const row = rows.get(c.code);
        if (row) addRow(t, row);
      }
    }
    if (t.rows > 0) emit(out, groupScope(tag), t, groupBaseline(h, members, unitBaselines, hasData));
  }
  return out;
}
