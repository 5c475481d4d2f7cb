import { indicatorId } from '../../domain/ids.js';
import type { IndicatorInfo } from '../../indicators/catalogue.js';
import { findDttsEntry, type DttsCatalogue, type DttsCatalogueEntry, type DttsProject } from './dtts-catalogue.js';
import { dttsIndicatorId, parseDttsIndicatorId } from './dtts-ids.js';

/** `Dự án 1: Giải quyết ...`; the general targets keep their own name. */
export function dttsProjectLabel(project: DttsProject): string {
  const no = /^DA(\d+)$/i.exec(project.id)?.[1];
  return no === undefined ? project.name : `Dự án ${no}: ${project.name}`;
}

/** `Hỗ trợ nhà ở (hộ)`. */
export function dttsEntryLabel(entry: DttsCatalogueEntry): string {
  return entry.unit === undefined ? entry.content : `${entry.content} (${entry.unit})`;
}

/**
 * The indicator ids of a catalogue with Vietnamese labels, for `Chỉ tiêu`, the summary and
 * e-mails. `additive` is false and no `countOf` is set on purpose: the generic plan checks would
 * divide a DTTS count by the scope's communes; checkDttsConsistency checks these plans instead.
 */
export function dttsIndicatorInfos(catalogue: DttsCatalogue): IndicatorInfo[] {
  const out: IndicatorInfo[] = [];
  for (const e of catalogue.entries) {
    const base = { programme: 'dtts', additive: false, higherIsBetter: true } as const;
    out.push(
      { ...base, id: dttsIndicatorId(e.code), kind: 'count', label: dttsEntryLabel(e) },
      { ...base, id: dttsIndicatorId(e.code, 'plan_pct'), kind: 'percent', label: `Tỷ lệ hoàn thành kế hoạch: ${e.content}` },
      { ...base, id: dttsIndicatorId(e.code, 'pct'), kind: 'percent', label: `Tỷ lệ so với tổng số: ${e.content}` },
      { ...base, id: dttsIndicatorId(e.code, 'total'), kind: 'count', label: `Tổng số (để tính tỷ lệ): ${dttsEntryLabel(e)}` },
    );
  }
  return out;
}

/** The label of a DTTS indicator id, or undefined when the id is not one of the catalogue's. */
export function dttsIndicatorLabel(catalogue: DttsCatalogue, id: string): string | undefined {
  const parsed = parseDttsIndicatorId(id);
  if (parsed === undefined) return undefined;
  const entry = findDttsEntry(catalogue, parsed.codeKey);
  if (entry === undefined) return undefined;
  return dttsIndicatorInfos({ projects: catalogue.projects, entries: [entry] }).find((i) => i.id === indicatorId(id))?.label;
}
