import type { UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import { isGroupScope, type Scope } from '../domain/unit.js';
import { formatViNumber } from '../format/vi-number.js';
import type { TabCell } from '../ports/workbook-gateway.js';
import type { TargetStatus } from '../targets/evaluation.js';
import { TARGET_STATUS_LABEL } from './labels.js';
import type { OverviewFigure } from './overview-layout.js';
import { groupTag } from './scope-order.js';
import { numberCell, withNote } from './sheet-layout.js';
import { scopesWith, valueOf, type ScopeRow, type SummaryContext } from './summary-context.js';

/** The scopes a section's figures are of: the roots (provinces) with the programme's indicators. */
export function overviewRoots(ctx: SummaryContext, programme: Programme): ScopeRow[] {
  return scopesWith(ctx, programme).filter((s) => s.depth === 0 && !isGroupScope(s.scope));
}

/** Most categories a chart shows: past that, the weakest ones (a director acts on those). */
export const MAX_CHART_CATEGORIES = 40;

/**
 * The units a "per district" chart compares: the children of the one root (its districts), or
 * the roots when there are several, each with the programme's indicators.
 */
export function chartUnits(ctx: SummaryContext, programme: Programme, roots: readonly ScopeRow[]): ScopeRow[] {
  const withData = scopesWith(ctx, programme);
  if (roots.length !== 1) return [...roots];
  const root = roots[0]?.scope;
  const kids = new Set<string>(root === undefined ? [] : ctx.hierarchy.children(root as UnitCode).map((u) => u.code));
  return withData.filter((s) => kids.has(s.scope));
}

/**
 * At most MAX_CHART_CATEGORIES units, in tree order; when there are more, the ones whose `key` is
 * lowest (or highest when `highIsWorse`), worst first, and a remark saying so.
 */
export function chartSelection(
  units: readonly ScopeRow[],
  key: (s: ScopeRow) => number | undefined,
  highIsWorse = false,
): { units: ScopeRow[]; remark?: string } {
  if (units.length <= MAX_CHART_CATEGORIES) return { units: [...units] };
  const sign = highIsWorse ? -1 : 1;
  const ranked = units
    .map((s) => ({ s, k: key(s) }))
    .filter((x): x is { s: ScopeRow; k: number } => x.k !== undefined)
    .sort((a, b) => sign * (a.k - b.k))
    .slice(0, MAX_CHART_CATEGORIES)
    .map((x) => x.s);
  return {
    units: ranked,
    remark: `Biểu đồ theo đơn vị chỉ vẽ ${MAX_CHART_CATEGORIES}/${formatViNumber(units.length)} đơn vị có kết quả thấp nhất; xem đủ ở các trang tổng hợp.`,
  };
}

/** Reporting rates of each root: the share of expected workbooks received, and on time, each with its counts in a note. */
export function reportingFigures(ctx: SummaryContext, roots: readonly ScopeRow[]): OverviewFigure[] {
  const rate = (id: 'reporting.rate' | 'reporting.on_time_rate', countId: string) =>
    roots.map((r): TabCell => {
      const v = valueOf(ctx, r.scope, id);
      const n = valueOf(ctx, r.scope, countId);
      const d = valueOf(ctx, r.scope, 'reporting.expected');
      const cell = numberCell(v, 'percent');
      return cell === null || n === undefined || d === undefined ? cell : withNote(cell, `${formatViNumber(n)}/${formatViNumber(d)} đơn vị`);
    });
  return [
    { label: 'Đơn vị phải nộp báo cáo', values: roots.map((r) => numberCell(valueOf(ctx, r.scope, 'reporting.expected'), 'int')) },
    { label: 'Tỷ lệ đơn vị đã nộp báo cáo (%)', values: rate('reporting.rate', 'reporting.received') },
    { label: 'Tỷ lệ nộp đúng hạn (%)', values: rate('reporting.on_time_rate', 'reporting.on_time') },
  ];
}

const STATUS_LINES: readonly TargetStatus[] = ['met', 'at_risk', 'missed', 'pending'];

/** The root a scope counts under: its own root, or for a group the root of its first member. */
function rootOf(ctx: SummaryContext, scope: Scope): string | undefined {
  const unit = isGroupScope(scope) ? ctx.hierarchy.inGroup(groupTag(scope))[0]?.code : (scope as UnitCode);
  if (unit === undefined) return undefined;
  const chain = ctx.hierarchy.ancestors(unit);
  return chain.length === 0 ? unit : chain[chain.length - 1]?.code;
}

/** Targets of the programme by status, counted under each root (a unit's, a group's). */
export function targetFigures(ctx: SummaryContext, programme: Programme, roots: readonly ScopeRow[]): OverviewFigure[] {
  const counts = new Map<string, Map<TargetStatus, number>>();
  for (const t of ctx.result.targets) {
    if (t.programme !== programme) continue;
    const root = rootOf(ctx, t.unit);
    if (root === undefined) continue;
    let byStatus = counts.get(root);
    if (!byStatus) counts.set(root, (byStatus = new Map<TargetStatus, number>()));
    byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
  }
  return STATUS_LINES.map((status) => ({
    label: `Chỉ tiêu: ${TARGET_STATUS_LABEL[status].toLowerCase()}`,
    values: roots.map((r) => numberCell(counts.get(r.scope)?.get(status) ?? 0, 'int')),
  }));
}
