import { periodId } from '../domain/ids.js';
import type { NtmRow } from '../domain/rows.js';
import type { Unit } from '../domain/unit.js';
import type { SubmissionRecord } from '../ports/store.js';
import { buildKonTumNtm, KON_TUM, KON_TUM_PREVIOUS_PERIOD } from './demo-kon-tum.js';

/**
 * What the store of a province running the product since 2024 would hold: Kon Tum's accepted rows
 * of its 2024 report. A unit keeps one workbook across periods (it now holds 2025), so 2024 cannot
 * be read from it again; the demo starts with it in the store, where `ntm.avg_gain` finds it.
 */
export function demoHistory(units: readonly Unit[]): SubmissionRecord[] {
  const at = `${KON_TUM_PREVIOUS_PERIOD}-12-15T03:00:00.000Z`;
  const ntm: NtmRow[] = buildKonTumNtm(units).map((c) => ({ commune: c.commune.code, name: c.commune.name, criteria: c.criteria2024 }));
  return [
    {
      unit: KON_TUM,
      period: periodId(KON_TUM_PREVIOUS_PERIOD),
      status: 'ok',
      checkedAt: at,
      receivedAt: at,
      acceptedAt: at,
      data: { ntm },
      staleCommunes: [],
      issues: [],
    },
  ];
}
