import { periodPlan, type ControlConfig, type PeriodPlan } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import { CRITERIA_SETS, criteriaSetForPeriod } from '../domain/criteria-sets.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import { periodId, type PeriodId } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import { moduleOf, PROGRAMME_MODULES } from '../programmes/registry.js';
import type { Unit } from '../domain/unit.js';

/** What a new unit workbook should contain, decided from the control workbook. */
export interface UnitWorkbookPlan {
  programmes: Programme[];
  /** The latest scheduled period that applies to the unit, if any. */
  period?: PeriodId;
  due: Partial<Record<Programme, string>>;
  criteriaSet: CriteriaSet;
  /** Per programme, the plan of its latest scheduled period for the unit (the tab's title year, the DTTS plan it pre-fills). */
  plans: Partial<Record<Programme, PeriodPlan>>;
}

/** Programmes that have a unit-workbook tab (a module): the default when nothing is scheduled for a unit. */
const TAB_PROGRAMMES: Programme[] = PROGRAMME_MODULES.map((m) => m.id);

/**
 * The tabs a unit's new workbook gets: the programmes of `Lịch báo cáo` rows that apply to the unit
 * (no scope: every unit; a scope: units within it), all periods together, since the workbook is
 * kept across periods. With no applicable row, every programme that has a tab. The criteria set is
 * the one of the latest scheduled period of a programme that needs one (NTM) (or of the given year when nothing is scheduled).
 */
export function planUnitWorkbook(config: ControlConfig, hierarchy: Hierarchy, unit: Unit, year: number): UnitWorkbookPlan {
  const rows = config.schedule
    .filter((s) => s.scope === undefined || hierarchy.isWithin(unit.code, s.scope))
    .filter((s) => moduleOf(s.programme) !== undefined)
    .sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
  const programmes = rows.length === 0 ? [...TAB_PROGRAMMES] : [...new Set(rows.map((r) => r.programme))];
  const due: Partial<Record<Programme, string>> = {};
  for (const r of rows) if (r.due !== undefined) due[r.programme] = r.due; // latest due wins (sorted ascending)
  const latest = rows[rows.length - 1];
  const setPeriod = [...rows].reverse().find((r) => moduleOf(r.programme)?.needsCriteriaSet === true)?.period ?? periodId(String(year));
  const plans: Partial<Record<Programme, PeriodPlan>> = {};
  for (const r of rows) plans[r.programme] = periodPlan(config, r.period); // latest due wins (sorted ascending)
  const plan: UnitWorkbookPlan = { programmes, due, criteriaSet: criteriaSetOrDefault(setPeriod), plans };
  if (latest) plan.period = latest.period;
  return plan;
}

/** The set in force for the period; outside every known set, the newest known one (a template must still be made). */
function criteriaSetOrDefault(period: PeriodId): CriteriaSet {
  const newest = CRITERIA_SETS[CRITERIA_SETS.length - 1];
  const set = criteriaSetForPeriod(period) ?? newest;
  if (set === undefined) throw new Error('No NTM criteria set is listed in criteria-sets.ts');
  return set;
}
