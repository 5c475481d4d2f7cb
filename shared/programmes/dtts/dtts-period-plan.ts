import type { PeriodPlan } from '../../domain/config.js';
import type { Hierarchy } from '../../domain/hierarchy.js';
import type { PeriodId } from '../../domain/ids.js';
import { defaultDttsCatalogue, type DttsCatalogue } from './dtts-catalogue.js';
import { resolveDttsPlans, type DttsPlans } from './dtts-plans.js';

/** The catalogue of a run: the control workbook's, or the default. */
export function dttsCatalogueOf(plan: Pick<PeriodPlan, 'dttsCatalogue'> | undefined): DttsCatalogue {
  return plan?.dttsCatalogue ?? defaultDttsCatalogue();
}

const NO_TARGETS: readonly never[] = [];
const resolved = new WeakMap<Hierarchy, WeakMap<object, DttsPlans>>();

/**
 * Every scope's DTTS plan for the period (resolveDttsPlans), computed once per hierarchy and
 * targets list: every unit's tab of a run is checked against the same plans.
 */
export function dttsPlansOf(h: Hierarchy, plan: PeriodPlan | undefined, period?: PeriodId): DttsPlans {
  const targets = plan?.targets ?? NO_TARGETS;
  let byTargets = resolved.get(h);
  if (!byTargets) {
    byTargets = new WeakMap();
    resolved.set(h, byTargets);
  }
  let plans = byTargets.get(targets);
  if (!plans) {
    const p = plan?.period ?? period;
    plans = p === undefined ? new Map() : resolveDttsPlans(h, targets, p);
    byTargets.set(targets, plans);
  }
  return plans;
}
