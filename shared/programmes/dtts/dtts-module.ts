import { PROGRAMME_LABEL } from '../../domain/programme.js';
import type { ProgrammeModule } from '../programme-module.js';
import { dttsCodeKey } from './dtts-catalogue.js';
import { encodeDttsRows, storedDttsRows } from './dtts-codec.js';
import { checkDttsConsistency } from './dtts-consistency.js';
import { DTTS_PREFIX, dttsIndicatorId, parseDttsIndicatorId } from './dtts-ids.js';
import { computeDttsIndicators } from './dtts-indicators.js';
import { dttsIndicatorInfos } from './dtts-labels.js';
import { mergeDttsRows } from './dtts-merge.js';
import { dttsCatalogueOf, dttsPlansOf } from './dtts-period-plan.js';
import { unitDttsPlans } from './dtts-plans.js';
import type { DttsRow } from './dtts-row.js';
import { DTTS_SUMMARY_TAB, renderDttsSummaryTab } from './dtts-summary-tab.js';
import { DTTS_TAB } from './dtts-tab-spec.js';
import { parseDttsTab } from './dtts-tab.js';
import { dttsTemplateTab } from './dtts-template.js';
import { dttsOverviewSection } from './overview-dtts.js';

/**
 * Socio-economic development of ethnic minority and mountainous areas (DTTS&MN, QĐ 1719). Unlike
 * NTM and poverty, a row is the reporting unit's own figure for one catalogue indicator, not a
 * commune's: a parent's value is its own rows plus its children's. The catalogue and the plans
 * come from the control workbook (PeriodPlan), so every hook reads them from its context.
 */
export const dttsModule: ProgrammeModule<'dtts', DttsRow> = {
  id: 'dtts',
  label: PROGRAMME_LABEL.dtts,
  tab: DTTS_TAB.name,
  indicatorPrefix: DTTS_PREFIX,
  needsCriteriaSet: false,
  summaryTabName: DTTS_SUMMARY_TAB,
  rowUnit: (row) => row.unit,
  parseTab: (sheet, ctx) => {
    const plans = unitDttsPlans(dttsPlansOf(ctx.hierarchy, ctx.plan), ctx.unit.code);
    const result = parseDttsTab(sheet, { unit: ctx.unit, catalogue: dttsCatalogueOf(ctx.plan), plans });
    return { ...result, erroredKeys: result.erroredCodes };
  },
  // The plan cells are checked against the unit's plan and the codes against the catalogue: a
  // changed plan or catalogue re-reads the workbook.
  validationContext: (ctx) => {
    const plans = unitDttsPlans(dttsPlansOf(ctx.hierarchy, ctx.plan), ctx.unit.code);
    return { plans: [...plans].sort(), catalogue: dttsCatalogueOf(ctx.plan).entries.map((e) => [e.code, e.content, e.unit ?? '']) };
  },
  mergeRows: ({ previous, parsed, errored, failed, scheduled }) => {
    const prev = previous ?? [];
    if (!scheduled) return { rows: previous ? [...previous] : undefined, stale: [] };
    if (failed) return { rows: previous ? [...previous] : undefined, stale: [...new Set(prev.map((r) => r.unit))] };
    const merged = mergeDttsRows(prev, parsed ?? [], errored);
    const staleKeys = new Set(merged.staleCodes.map(dttsCodeKey));
    return { rows: merged.rows, stale: [...new Set(merged.rows.filter((r) => staleKeys.has(dttsCodeKey(r.code))).map((r) => r.unit))] };
  },
  catalogue: (_set, catalogue) => dttsIndicatorInfos(catalogue ?? dttsCatalogueOf(undefined)),
  // Completion of the plan measures the achieved count: targets on both state one quantity.
  quantityOf: (_set, id) => {
    const parsed = parseDttsIndicatorId(id);
    return parsed?.measure === 'plan_pct' ? dttsIndicatorId(parsed.codeKey) : undefined;
  },
  // `Thực hiện` is achieved to date: every figure, and its share of the plan, grows from 0.
  startsAtZero: (id) => {
    const measure = parseDttsIndicatorId(id)?.measure;
    return measure === 'achieved' || measure === 'plan_pct';
  },
  computeIndicators: ({ hierarchy, accepted, plan }) => computeDttsIndicators(hierarchy, accepted, dttsPlansOf(hierarchy, plan)),
  checkPlan: ({ targets, hierarchy, plan }) => checkDttsConsistency(targets, hierarchy, dttsCatalogueOf(plan)),
  summaryTab: (ctx) => renderDttsSummaryTab(ctx, dttsCatalogueOf(ctx.plan), dttsPlansOf(ctx.hierarchy, ctx.plan, ctx.result.period)),
  overviewSection: (ctx) => dttsOverviewSection(ctx, dttsCatalogueOf(ctx.plan), dttsPlansOf(ctx.hierarchy, ctx.plan, ctx.result.period)),
  templateTab: (_set, ctx) => dttsTemplateTab(ctx),
  encodeRows: encodeDttsRows,
  storedRows: storedDttsRows,
};
