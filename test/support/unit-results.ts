import type { RunJson } from '../../shared/pipeline/json-output.js';

/** The small province's units other than Huyện C (003): the two districts and their communes. */
export const OTHER_UNITS: ReadonlySet<string> = new Set(['001', '002', '00001', '00002', '00003', '00004']);

/**
 * What a run says about the given units only (statuses, findings, indicators): the part that one
 * other unit's fault must leave exactly as a fault-free run has it.
 */
export function resultsOf(json: RunJson, units: ReadonlySet<string> = OTHER_UNITS): unknown {
  return {
    units: json.units.filter((u) => units.has(u.code)),
    issues: json.issues.filter((i) => units.has(i.unit)),
    indicators: json.indicators.filter((i) => units.has(i.unit)),
  };
}
