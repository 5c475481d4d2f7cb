import type { CriteriaSet } from '../../domain/criteria-set.js';
import type { Hierarchy } from '../../domain/hierarchy.js';
import { indicatorId, type UnitCode } from '../../domain/ids.js';
import type { NtmRow } from '../../domain/rows.js';
import { groupScope, type Scope } from '../../domain/unit.js';
import type { IndicatorValue } from '../../indicators/indicator.js';
import { ADVANCED_LEVELS, atLeastId, AVG_GAIN_ID, MODEL_LEVEL, offersProgressIndicators } from './ntm-level-catalogue.js';
import { groupCommunes, orderedUnits } from '../../indicators/scope-walk.js';

export interface NtmLevelInputs {
  /**
   * The n of the `ntm.at_least.<n>` to compute: those the period's targets name. Computing all 19
   * for every commune would double the NTM values stored per scope for ids nobody asked for.
   */
  atLeast: readonly number[];
  /**
   * The previous period's last accepted rows (by commune), or undefined when that period is not in
   * the store: `ntm.avg_gain` is then absent, not 0.
   */
  previous?: ReadonlyMap<UnitCode, NtmRow>;
}

interface Totals {
  communes: number;
  advanced: number;
  model: number;
  atLeast: number[];
  gain: number;
  compared: number;
}

/** Criteria met by a row with a value for every criterion of the set; undefined for an incomplete row. */
function metCount(row: NtmRow, set: CriteriaSet): number | undefined {
  let met = 0;
  for (const c of set.criteria) {
    const v = row.criteria[c.no - 1];
    if (typeof v !== 'boolean') return undefined;
    if (v) met++;
  }
  return met;
}

// The previous period may be under another set (2020 -> 2021): its row counts as it was scored then.
const previousMet = (row: NtmRow): number => row.criteria.filter((v) => v).length;

function addRow(t: Totals, row: NtmRow, set: CriteriaSet, inputs: NtmLevelInputs): void {
  const met = metCount(row, set);
  if (met === undefined) return;
  t.communes++;
  if (row.level !== undefined && ADVANCED_LEVELS.has(row.level)) t.advanced++;
  if (row.level === MODEL_LEVEL) t.model++;
  inputs.atLeast.forEach((n, i) => {
    if (met >= n) t.atLeast[i] = (t.atLeast[i] ?? 0) + 1;
  });
  const before = inputs.previous?.get(row.commune);
  if (before !== undefined) {
    t.gain += met - previousMet(before);
    t.compared++;
  }
}

function addTotals(into: Totals, from: Totals): void {
  into.communes += from.communes;
  into.advanced += from.advanced;
  into.model += from.model;
  from.atLeast.forEach((v, i) => (into.atLeast[i] = (into.atLeast[i] ?? 0) + v));
  into.gain += from.gain;
  into.compared += from.compared;
}

const ratio = (unit: Scope, id: string, numerator: number, denominator: number, scale: number): IndicatorValue => ({
  programme: 'ntm',
  unit,
  indicator: indicatorId(id),
  value: (numerator / denominator) * scale,
  numerator,
  denominator,
});

function emit(out: IndicatorValue[], scope: Scope, t: Totals, set: CriteriaSet, inputs: NtmLevelInputs): void {
  const countOf = (id: string, v: number): void => {
    out.push({ programme: 'ntm', unit: scope, indicator: indicatorId(id), value: v }, ratio(scope, `${id}.pct`, v, t.communes, 100));
  };
  if ((set.levels ?? []).length > 0) {
    countOf('ntm.advanced', t.advanced);
    countOf('ntm.model', t.model);
  }
  inputs.atLeast.forEach((n, i) => countOf(atLeastId(n), t.atLeast[i] ?? 0));
  // Average over the communes with a complete row in both periods: the same communes, as the plans mean it.
  if (t.compared > 0) out.push(ratio(scope, AVG_GAIN_ID, t.gain, t.compared, 1));
}

/**
 * The NTM indicators from 2021 (product.md, "Indicators") for every unit and group with a complete
 * commune row, built bottom-up like computeNtmIndicators. Empty for sets before 2021.
 */
export function computeNtmLevelIndicators(h: Hierarchy, rows: ReadonlyMap<UnitCode, NtmRow>, set: CriteriaSet, inputs: NtmLevelInputs): IndicatorValue[] {
  if (!offersProgressIndicators(set)) return [];
  const atLeast = [...new Set(inputs.atLeast)].filter((n) => Number.isInteger(n) && n >= 1 && n <= set.criteria.length).sort((a, b) => a - b);
  const norm: NtmLevelInputs = { ...inputs, atLeast };
  const empty = (): Totals => ({ communes: 0, advanced: 0, model: 0, atLeast: atLeast.map(() => 0), gain: 0, compared: 0 });
  const totals = new Map<UnitCode, Totals>();
  for (const u of orderedUnits(h)) {
    const t = empty();
    const row = u.level === 'xa' ? rows.get(u.code) : undefined;
    if (row) addRow(t, row, set, norm);
    for (const ch of h.children(u.code)) {
      const ct = totals.get(ch.code);
      if (ct) addTotals(t, ct);
    }
    totals.set(u.code, t);
  }
  const out: IndicatorValue[] = [];
  for (const u of h.byCode.values()) {
    const t = totals.get(u.code);
    if (t && t.communes > 0) emit(out, u.code, t, set, norm);
  }
  for (const [tag, communes] of groupCommunes(h)) {
    const t = empty();
    for (const c of communes) {
      const row = rows.get(c);
      if (row) addRow(t, row, set, norm);
    }
    if (t.communes > 0) emit(out, groupScope(tag), t, set, norm);
  }
  return out;
}

/** The n of every `ntm.at_least.<n>` (or `.pct`) a list of indicator ids names. */
export function atLeastNamed(ids: Iterable<string>): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    const m = /^ntm\.at_least\.(\d+)(?:\.pct)?$/.exec(id);
    if (m) out.add(Number(m[1]));
  }
  return [...out];
}
