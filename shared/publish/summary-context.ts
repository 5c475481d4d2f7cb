import type { Baseline, PeriodPlan } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { IndicatorId, UnitCode } from '../domain/ids.js';
import type { MergerIndex } from '../domain/mergers.js';
import type { Programme } from '../domain/programme.js';
import { groupScope, LEVEL_LABEL, type Scope } from '../domain/unit.js';
import { formatViDate } from '../format/vi-number.js';
import type { IndicatorInfo } from '../indicators/catalogue.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import type { RunResult } from './run-result.js';
import type { TabCell } from '../ports/workbook-gateway.js';
import { GROUP_LEVEL_LABEL } from './labels.js';
import { mergerNotes } from './merger-notes.js';
import { indentedCell, withNote } from './sheet-layout.js';
import { groupCommuneCounts, scopeName, scopeRanker, treeOrder } from './scope-order.js';
import { formatViDateTime } from './vi-time.js';

export interface SummaryInput {
  result: RunResult;
  hierarchy: Hierarchy;
  set: CriteriaSet;
  baselines: readonly Baseline[];
  /** The period's plan and the DTTS catalogue (undefined: no plan, the default catalogue). */
  plan?: PeriodPlan;
  /** The run's mergers (`Sáp nhập`): a merged unit's name gets a note naming its predecessors. */
  mergers?: MergerIndex;
  /** ISO instant the summary is written; shown only in the `Cập nhật` row. */
  generatedAt: string;
}

/** A unit or group as a row of a per-unit table. */
export interface ScopeRow {
  scope: Scope;
  /** The unit's name exactly (indentation is formatting, see `depth`), or `Nhóm <tag>`. */
  label: string;
  /** Depth in the hierarchy (0 for a root and for groups): indentation and outline level. */
  depth: number;
  level: string;
  /** Communes under the unit (or the group's members) in the hierarchy. */
  communes: number;
  /** Shown as the name cell's note (a merged unit's predecessors). */
  note?: string;
}

/** What every summary tab needs, indexed once. */
export interface SummaryContext extends SummaryInput {
  /** Indicator values by scope, then id. */
  values: ReadonlyMap<Scope, ReadonlyMap<IndicatorId, IndicatorValue>>;
  catalogue: ReadonlyMap<string, IndicatorInfo>;
  /** Units in tree order, then groups. */
  scopes: readonly ScopeRow[];
  rank: (scope: Scope) => number;
  /** The `Cập nhật` line under each title. */
  updatedLine: string;
  periodLabel: string;
}

/** Prefix of the line carrying the write time; the content key ignores the time on it. */
const UPDATED_PREFIX = 'Cập nhật: ';

/** `catalogue`: every indicator of the contract (the caller has the registry; modules use this file). */
export function summaryContext(input: SummaryInput, catalogue: readonly IndicatorInfo[]): SummaryContext {
  const values = new Map<Scope, Map<IndicatorId, IndicatorValue>>();
  for (const v of input.result.indicators) {
    let byId = values.get(v.unit);
    if (!byId) {
      byId = new Map();
      values.set(v.unit, byId);
    }
    byId.set(v.indicator, v);
  }
  const notes = input.mergers === undefined ? new Map<UnitCode, string>() : mergerNotes(input.hierarchy, input.mergers);
  const scopes: ScopeRow[] = treeOrder(input.hierarchy).map((e) => {
    const row: ScopeRow = { scope: e.unit.code, label: e.unit.name, depth: e.depth, level: LEVEL_LABEL[e.unit.level], communes: e.communes };
    const note = notes.get(e.unit.code);
    if (note !== undefined) row.note = note;
    return row;
  });
  for (const [tag, communes] of groupCommuneCounts(input.hierarchy)) {
    const scope = groupScope(tag);
    scopes.push({ scope, label: scopeName(input.hierarchy, scope), depth: 0, level: GROUP_LEVEL_LABEL, communes });
  }
  return {
    ...input,
    values,
    catalogue: new Map(catalogue.map((i) => [i.id as string, i])),
    scopes,
    rank: scopeRanker(input.hierarchy),
    updatedLine: `${UPDATED_PREFIX}${formatViDateTime(input.generatedAt)} (ngày tính: ${formatViDate(input.result.asOf)})`,
    periodLabel: `Kỳ ${input.result.period}`,
  };
}

/** The value of one indicator of a scope. */
export function valueOf(ctx: SummaryContext, scope: Scope, id: string): number | undefined {
  return ctx.values.get(scope)?.get(id as IndicatorId)?.value;
}

/** Scopes (tree order, then groups) that have at least one indicator of the programme. */
export function scopesWith(ctx: SummaryContext, programme: Programme): ScopeRow[] {
  return ctx.scopes.filter((s) => {
    const byId = ctx.values.get(s.scope);
    if (!byId) return false;
    for (const v of byId.values()) if (v.programme === programme) return true;
    return false;
  });
}

/** A scope's name cell: indented by its depth. */
export const scopeNameCell = (s: ScopeRow): TabCell =>
  s.note === undefined ? indentedCell(s.label, s.depth) : withNote(indentedCell(s.label, s.depth), s.note);

/** The meta rows under a title: just the `Cập nhật` line. */
export const updatedMeta = (ctx: SummaryContext): TabCell[][] => [[ctx.updatedLine]];
