import { PROGRAMME_LABEL } from '../../domain/programme.js';
import { isGroupScope } from '../../domain/unit.js';
import type { OverviewChartData, OverviewSection } from '../../publish/overview-layout.js';
import { reportingFigures, targetFigures } from '../../publish/overview-common.js';
import { numberCell } from '../../publish/sheet-layout.js';
import { scopesWith, valueOf, type ScopeRow, type SummaryContext } from '../../publish/summary-context.js';
import { dttsCodeKey, dttsEntriesOf, type DttsCatalogue } from './dtts-catalogue.js';
import { dttsIndicatorId } from './dtts-ids.js';
import type { DttsPlans } from './dtts-plans.js';

/** `Dự án 1`, or the general targets' own short name. */
function projectShortName(id: string, name: string): string {
  const no = /^DA(\d+)$/i.exec(id)?.[1];
  return no === undefined ? name : `Dự án ${no}`;
}

interface ProjectCompletion {
  label: string;
  /** By root scope: the mean completion (%) of the project's planned indicators, undefined when none has a figure. */
  values: (number | undefined)[];
}

/**
 * Plan completion per project and root: the mean of `dtts.<code>.plan_pct` over the project's
 * indicators the root has a plan for (each indicator weighs the same: hectares and households do
 * not add up). Projects without any plan are left out.
 */
function completionByProject(ctx: SummaryContext, catalogue: DttsCatalogue, plans: DttsPlans, roots: readonly ScopeRow[]): ProjectCompletion[] {
  const out: ProjectCompletion[] = [];
  for (const project of catalogue.projects) {
    const entries = dttsEntriesOf(catalogue, project.id);
    let planned = false;
    const values = roots.map((r) => {
      const pcts: number[] = [];
      for (const e of entries) {
        if (plans.get(r.scope)?.get(dttsCodeKey(e.code)) === undefined) continue;
        planned = true;
        const pct = valueOf(ctx, r.scope, dttsIndicatorId(e.code, 'plan_pct'));
        // A planned indicator nobody reported yet is 0 % done, not left out of the mean.
        pcts.push(pct ?? 0);
      }
      return pcts.length === 0 ? undefined : pcts.reduce((a, b) => a + b, 0) / pcts.length;
    });
    if (planned) out.push({ label: projectShortName(project.id, project.name), values });
  }
  return out;
}

/**
 * The DTTS section of `Tổng quan`: per province the indicators planned, those whose plan is
 * reached, the mean completion, reporting and targets; a chart of plan completion per project.
 */
export function dttsOverviewSection(ctx: SummaryContext, catalogue: DttsCatalogue, plans: DttsPlans): OverviewSection | undefined {
  const withData = new Set(scopesWith(ctx, 'dtts').map((s) => s.scope));
  const roots = ctx.scopes.filter((s) => s.depth === 0 && !isGroupScope(s.scope) && (withData.has(s.scope) || (plans.get(s.scope)?.size ?? 0) > 0));
  if (roots.length === 0) return undefined;
  const plannedCodes = (scope: string): string[] => [...(plans.get(scope)?.keys() ?? [])];
  const reached = (scope: string): number => plannedCodes(scope).filter((code) => (valueOf(ctx, scope, dttsIndicatorId(code, 'plan_pct')) ?? 0) >= 100).length;
  const mean = (scope: string): number | undefined => {
    const codes = plannedCodes(scope);
    if (codes.length === 0) return undefined;
    return codes.reduce((s, code) => s + (valueOf(ctx, scope, dttsIndicatorId(code, 'plan_pct')) ?? 0), 0) / codes.length;
  };
  const projects = completionByProject(ctx, catalogue, plans, roots);
  const charts: OverviewChartData[] = [];
  if (projects.length > 0) {
    charts.push({
      title: 'Tỷ lệ hoàn thành kế hoạch theo dự án (%)',
      categoryHeader: 'Dự án',
      categories: projects.map((p) => p.label),
      series: roots.map((r, i) => ({
        name: roots.length === 1 ? 'Hoàn thành kế hoạch (%)' : r.label,
        values: projects.map((p) => p.values[i]),
        type: 'column' as const,
        format: 'percent' as const,
      })),
      valueAxisTitle: '%',
    });
  }
  return {
    programme: 'dtts',
    heading: PROGRAMME_LABEL.dtts.toUpperCase(),
    columns: roots.map((r) => r.label),
    figures: [
      { label: 'Số chỉ tiêu được giao kế hoạch', values: roots.map((r) => numberCell(plannedCodes(r.scope).length, 'int')) },
      { label: 'Số chỉ tiêu đã đạt kế hoạch', values: roots.map((r) => numberCell(reached(r.scope), 'int')) },
      { label: 'Bình quân tỷ lệ hoàn thành kế hoạch (%)', values: roots.map((r) => numberCell(mean(r.scope), 'percent')) },
      ...reportingFigures(ctx, roots),
      ...targetFigures(ctx, 'dtts', roots),
    ],
    charts,
    remark:
      'Tỷ lệ hoàn thành của một dự án là bình quân tỷ lệ hoàn thành các chỉ tiêu được giao kế hoạch của dự án (chỉ tiêu chưa có số liệu tính là 0%); chi tiết ở trang "Tổng hợp DTTS".',
  };
}
