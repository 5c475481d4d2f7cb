import type { CriteriaSet } from '../../domain/criteria-set.js';
import type { Hierarchy } from '../../domain/hierarchy.js';
import { indicatorId, type IndicatorId, type UnitCode } from '../../domain/ids.js';
import type { NtmRow } from '../../domain/rows.js';
import { groupScope, type Scope } from '../../domain/unit.js';
import type { IndicatorValue } from '../../indicators/indicator.js';
import { groupCommunes, orderedUnits } from '../../indicators/scope-walk.js';

/**
 * Running totals for one scope. Flat number arrays so a parent adds its children's totals in
 * O(buckets + criteria), never rescanning communes.
 */
interface NtmTotals {
  communes: number;
  standard: number;
  criteriaMet: number;
  recognised: number;
  buckets: number[];
  criteria: number[];
}

/** Indicator ids of one criteria set, built once per call instead of once per scope. */
interface NtmIds {
  communes: IndicatorId;
  standard: IndicatorId;
  standardPct: IndicatorId;
  avg: IndicatorId;
  recognised: IndicatorId;
  buckets: { count: IndicatorId; pct: IndicatorId }[];
  criteria: { count: IndicatorId; pct: IndicatorId }[];
}

function idsFor(set: CriteriaSet): NtmIds {
  return {
    communes: indicatorId('ntm.communes'),
    standard: indicatorId('ntm.standard'),
    standardPct: indicatorId('ntm.standard.pct'),
    avg: indicatorId('ntm.avg_criteria'),
    recognised: indicatorId('ntm.recognised'),
    buckets: set.buckets.map((b) => ({
      count: indicatorId(`ntm.bucket.${b.id}`),
      pct: indicatorId(`ntm.bucket.${b.id}.pct`),
    })),
    criteria: set.criteria.map((c) => ({
      count: indicatorId(`ntm.criterion.${c.no}`),
      pct: indicatorId(`ntm.criterion.${c.no}.pct`),
    })),
  };
}

const emptyTotals = (set: CriteriaSet): NtmTotals => ({
  communes: 0,
  standard: 0,
  criteriaMet: 0,
  recognised: 0,
  buckets: new Array<number>(set.buckets.length).fill(0),
  criteria: new Array<number>(set.criteria.length).fill(0),
});

/**
 * Adds one commune's row to `into`. A row counts only when it has a value for every criterion of the
 * set (`criteria[n-1]` for criterion n): a shorter row belongs to another set or is incomplete.
 */
function addRow(into: NtmTotals, row: NtmRow, set: CriteriaSet): void {
  const crit = set.criteria;
  let met = 0;
  for (let i = 0; i < crit.length; i++) {
    const c = crit[i];
    if (c === undefined || typeof row.criteria[c.no - 1] !== 'boolean') return;
  }
  for (let i = 0; i < crit.length; i++) {
    const c = crit[i] as CriteriaSet['criteria'][number]; // bounds checked by the loop
    if (row.criteria[c.no - 1] === true) {
      met++;
      into.criteria[i] = (into.criteria[i] ?? 0) + 1;
    }
  }
  into.communes++;
  into.criteriaMet += met;
  if (met === crit.length) into.standard++;
  if (row.recognisedYear !== undefined) into.recognised++;
  for (let b = 0; b < set.buckets.length; b++) {
    const bucket = set.buckets[b];
    if (bucket && met >= bucket.min && met <= bucket.max) into.buckets[b] = (into.buckets[b] ?? 0) + 1;
  }
}

function addTotals(into: NtmTotals, from: NtmTotals): void {
  into.communes += from.communes;
  into.standard += from.standard;
  into.criteriaMet += from.criteriaMet;
  into.recognised += from.recognised;
  for (let i = 0; i < from.buckets.length; i++) into.buckets[i] = (into.buckets[i] ?? 0) + (from.buckets[i] ?? 0);
  for (let i = 0; i < from.criteria.length; i++) into.criteria[i] = (into.criteria[i] ?? 0) + (from.criteria[i] ?? 0);
}

/** Values emitted per scope: communes, standard, its pct, avg, recognised, then count+pct pairs. */
const perScope = (ids: NtmIds): number => 5 + 2 * (ids.buckets.length + ids.criteria.length);

/**
 * Writes one scope's values into `out` from position `at` and returns the next position. Plain
 * indexed writes into a pre-sized array: with every commune a scope, this runs ~10,000 times and
 * the output is half a million objects, so growth copies and closures are avoided here.
 */
function emit(out: IndicatorValue[], at: number, scope: Scope, t: NtmTotals, ids: NtmIds): number {
  const n = t.communes;
  let i = at;
  out[i++] = { programme: 'ntm', unit: scope, indicator: ids.communes, value: n };
  out[i++] = { programme: 'ntm', unit: scope, indicator: ids.standard, value: t.standard };
  out[i++] = ratio(scope, ids.standardPct, t.standard, n, 100);
  out[i++] = ratio(scope, ids.avg, t.criteriaMet, n, 1);
  out[i++] = { programme: 'ntm', unit: scope, indicator: ids.recognised, value: t.recognised };
  for (let b = 0; b < ids.buckets.length; b++) {
    const id = ids.buckets[b] as NtmIds['buckets'][number]; // b < length
    const v = t.buckets[b] ?? 0;
    out[i++] = { programme: 'ntm', unit: scope, indicator: id.count, value: v };
    out[i++] = ratio(scope, id.pct, v, n, 100);
  }
  for (let c = 0; c < ids.criteria.length; c++) {
    const id = ids.criteria[c] as NtmIds['criteria'][number]; // c < length
    const v = t.criteria[c] ?? 0;
    out[i++] = { programme: 'ntm', unit: scope, indicator: id.count, value: v };
    out[i++] = ratio(scope, id.pct, v, n, 100);
  }
  return i;
}

function ratio(scope: Scope, indicator: IndicatorId, numerator: number, denominator: number, scale: number): IndicatorValue {
  return { programme: 'ntm', unit: scope, indicator, value: (numerator / denominator) * scale, numerator, denominator };
}

/**
 * NTM indicators for every unit of the hierarchy (communes included) and every `nhóm:<tag>` group
 * that has at least one commune with a complete row. Units are aggregated bottom-up once; a group
 * re-reads the rows of its (de-duplicated) communes because its members may overlap.
 */
export function computeNtmIndicators(h: Hierarchy, rows: ReadonlyMap<UnitCode, NtmRow>, set: CriteriaSet): IndicatorValue[] {
  const ids = idsFor(set);
  const totals = new Map<UnitCode, NtmTotals>();
  // Children come before parents, so each parent only adds finished child totals.
  for (const u of orderedUnits(h)) {
    const t = emptyTotals(set);
    if (u.level === 'xa') {
      const row = rows.get(u.code);
      if (row) addRow(t, row, set);
    }
    for (const ch of h.children(u.code)) {
      const ct = totals.get(ch.code);
      if (ct) addTotals(t, ct);
    }
    totals.set(u.code, t);
  }

  const scopes: { scope: Scope; totals: NtmTotals }[] = [];
  for (const u of h.byCode.values()) {
    const t = totals.get(u.code);
    if (t && t.communes > 0) scopes.push({ scope: u.code, totals: t });
  }
  for (const [tag, communes] of groupCommunes(h)) {
    const t = emptyTotals(set);
    for (const c of communes) {
      const row = rows.get(c);
      if (row) addRow(t, row, set);
    }
    if (t.communes > 0) scopes.push({ scope: groupScope(tag), totals: t });
  }
  const out = new Array<IndicatorValue>(scopes.length * perScope(ids));
  let at = 0;
  for (const s of scopes) at = emit(out, at, s.scope, s.totals, ids);
  return out;
}
