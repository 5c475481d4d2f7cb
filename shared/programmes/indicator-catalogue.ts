import type { CriteriaSet } from '../domain/criteria-set.js';
import type { DttsCatalogue } from '../domain/dtts-catalogue.js';
import { indicatorId, type IndicatorId } from '../domain/ids.js';
import { reportingCatalogue, type IndicatorInfo } from '../indicators/catalogue.js';
import { REPORTING, type IndicatorProgramme } from '../indicators/indicator.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from './registry.js';

/**
 * Every indicator id of the contract, for a criteria set and a DTTS catalogue (undefined: the
 * default): each programme's, then the reporting rates.
 */
export function indicatorCatalogue(set: CriteriaSet, modules: ProgrammeModules = PROGRAMME_MODULES, dttsCatalogue?: DttsCatalogue): IndicatorInfo[] {
  return [...modules.flatMap((m) => m.catalogue(set, dttsCatalogue)), ...reportingCatalogue()];
}

/** Lookup by id; undefined for ids outside the contract. */
export function indicatorInfo(
  set: CriteriaSet,
  id: string,
  modules: ProgrammeModules = PROGRAMME_MODULES,
  dttsCatalogue?: DttsCatalogue,
): IndicatorInfo | undefined {
  return indicatorCatalogue(set, modules, dttsCatalogue).find((i) => i.id === id);
}

/** The programme an indicator id belongs to, by its module's prefix; `reporting.*` are the reporting rates. */
export function programmeOfIndicator(id: string, modules: ProgrammeModules = PROGRAMME_MODULES): IndicatorProgramme | undefined {
  if (id.startsWith(`${REPORTING}.`)) return REPORTING;
  return modules.find((m) => id.startsWith(m.indicatorPrefix))?.id;
}

/**
 * The quantity an indicator measures, as the id of its count: a percentage measures its count
 * (`ntm.standard.pct` -> `ntm.standard`), and a programme may say two counts are one quantity
 * (`ntm.bucket.19` -> `ntm.standard`). Targets on two ids of one quantity, for one scope, state one fact.
 */
export function quantityOf(set: CriteriaSet, id: IndicatorId, modules: ProgrammeModules = PROGRAMME_MODULES): IndicatorId {
  const count = id.endsWith('.pct') ? indicatorId(id.slice(0, -'.pct'.length)) : id;
  for (const m of modules) {
    if (!count.startsWith(m.indicatorPrefix)) continue;
    return m.quantityOf?.(set, count) ?? count;
  }
  return count;
}
