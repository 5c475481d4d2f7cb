import type { Unit } from '../domain/unit.js';
import type { RawCell } from '../forms/raw-sheet.js';
import { MET, NOT_MET } from '../forms/tab-specs.js';
import type { UnitTabFill } from '../templates/unit-workbook-template.js';
import { buildKonTumNtm } from './demo-kon-tum.js';

/** Kon Tum's 2025 workbook: the 86 communes with their criteria and `Mức đạt`. */
export function konTumFill(units: readonly Unit[]): UnitTabFill {
  const communes = buildKonTumNtm(units).sort((a, b) => a.commune.code.localeCompare(b.commune.code));
  const rows = communes.map((c) => {
    const rec: Record<string, RawCell> = { commune: c.commune.code, name: c.commune.name };
    c.criteria2025.forEach((ok, i) => (rec[`tc${i + 1}`] = ok ? MET : NOT_MET));
    if (c.recognisedYear !== undefined) rec.recognisedYear = c.recognisedYear;
    if (c.level !== undefined) rec.level = c.level;
    return rec;
  });
  return { rows };
}
