import * as z from 'zod/mini';
import catalogueData from '../../data/dtts-catalogue.json' with { type: 'json' };
import type { DttsCatalogue, DttsCatalogueEntry, DttsProject } from '../../domain/dtts-catalogue.js';

/**
 * The DTTS&MN catalogue (QĐ 1719): the projects and the indicators units report on. It is data:
 * the default ships in `shared/data/dtts-catalogue.json` and the control workbook's optional tab
 * `Danh mục DTTS` extends it (see dtts-catalogue-tab.ts).
 */

export type { DttsCatalogue, DttsCatalogueEntry, DttsProject } from '../../domain/dtts-catalogue.js';

/** Where a default entry comes from, in messages. */
export const DEFAULT_ORIGIN = 'mặc định';

const text = z.string().check(z.minLength(1));
const FILE = z.object({
  source: text,
  projects: z.array(z.object({ id: text, name: text, general: z.optional(z.boolean()) })).check(z.minLength(1)),
  entries: z.array(z.object({ code: text, project: text, content: text, unit: z.optional(z.string()) })),
});

/** Codes and project ids compare case-insensitively and without surrounding spaces. */
export const dttsCodeKey = (code: string): string => code.trim().toLowerCase();

// Parsed once: a malformed data file is a release defect and must fail loudly at load, not mid-run.
const DEFAULT: DttsCatalogue = (() => {
  const file = FILE.parse(catalogueData);
  const projects = file.projects.map((p): DttsProject => (p.general === true ? { id: p.id, name: p.name, general: true } : { id: p.id, name: p.name }));
  const entries = file.entries.map((e): DttsCatalogueEntry => {
    const entry: DttsCatalogueEntry = { code: e.code, project: e.project, content: e.content, origin: DEFAULT_ORIGIN };
    if (e.unit !== undefined) entry.unit = e.unit;
    return entry;
  });
  return { projects, entries };
})();

/** The catalogue shipped with the product: the 10 projects and the Lạng Sơn 2023 indicators. */
export function defaultDttsCatalogue(): DttsCatalogue {
  return DEFAULT;
}

interface CatalogueIndex {
  entries: Map<string, DttsCatalogueEntry>;
  projects: Map<string, DttsProject>;
}

const indexes = new WeakMap<DttsCatalogue, CatalogueIndex>();

function indexOf(catalogue: DttsCatalogue): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (!index) {
    index = {
      entries: new Map(catalogue.entries.map((e) => [dttsCodeKey(e.code), e])),
      projects: new Map(catalogue.projects.map((p) => [dttsCodeKey(p.id), p])),
    };
    indexes.set(catalogue, index);
  }
  return index;
}

/** The entry of a code, whatever its case (`da1.NHA_O` finds `DA1.nha_o`). */
export function findDttsEntry(catalogue: DttsCatalogue, code: string): DttsCatalogueEntry | undefined {
  return indexOf(catalogue).entries.get(dttsCodeKey(code));
}

export function findDttsProject(catalogue: DttsCatalogue, id: string): DttsProject | undefined {
  return indexOf(catalogue).projects.get(dttsCodeKey(id));
}

/**
 * The catalogue with `additions`: a new code is appended, a known code is replaced in place (the
 * office's wording of its own plan wins over the default). Callers check projects and duplicates
 * first (parseDttsCatalogueTab does).
 */
export function extendDttsCatalogue(base: DttsCatalogue, additions: readonly DttsCatalogueEntry[]): DttsCatalogue {
  if (additions.length === 0) return base;
  const byKey = new Map(additions.map((a) => [dttsCodeKey(a.code), a]));
  const entries = base.entries.map((e) => {
    const replacement = byKey.get(dttsCodeKey(e.code));
    if (replacement === undefined) return e;
    byKey.delete(dttsCodeKey(e.code));
    return replacement;
  });
  return { projects: base.projects, entries: [...entries, ...byKey.values()] };
}

/** Entries of one project, in catalogue order. */
export function dttsEntriesOf(catalogue: DttsCatalogue, projectId: string): DttsCatalogueEntry[] {
  const key = dttsCodeKey(projectId);
  return catalogue.entries.filter((e) => dttsCodeKey(e.project) === key);
}
