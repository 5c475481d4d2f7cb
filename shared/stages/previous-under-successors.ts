import type { Hierarchy } from '../domain/hierarchy.js';
import type { IndicatorId, UnitCode } from '../domain/ids.js';
import type { MergerIndex } from '../domain/mergers.js';
import type { Programme } from '../domain/programme.js';
import type { Scope } from '../domain/unit.js';
import type { IndicatorSnapshot, SubmissionRecord } from '../ports/store.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { rowsOf } from '../programmes/submission-rows.js';
import { communeRows } from './commune-rows.js';

/** Rows by programme, then by the unit each is about. */
export type RowsByUnit = ReadonlyMap<Programme, ReadonlyMap<UnitCode, object>>;

/**
 * What regressions compare against, with the data recorded under old codes counted for their
 * successors. Without it a commune that absorbed its neighbours is compared with itself alone
 * before the merger (a false "lost criterion"), and its predecessors' rows are silently dropped.
 */

/**
 * The previous rows of every commune, by programme, a merged commune's built from its
 * predecessors' rows (and its own, if it had one) by its module's `foldPredecessors` (NTM: a
 * criterion counts as met before only when every part met it, so the merger itself never reads as
 * a loss, while a criterion all of them had and the merged commune lacks still does). Old rows are
 * taken from every stored record, also those of units that left `Đơn vị` (an abolished district's
 * workbook). A module without the hook compares merged communes with their own rows only.
 */
export function previousRowsUnderSuccessors(
  hierarchy: Hierarchy,
  records: readonly SubmissionRecord[],
  mergers: MergerIndex,
  modules: ProgrammeModules = PROGRAMME_MODULES,
): RowsByUnit {
  const byProgramme = new Map<Programme, ReadonlyMap<UnitCode, object>>([...communeRows(hierarchy, records, modules)].map(([p, a]) => [p, a.byUnit]));
  if (mergers.successors().length === 0) return byProgramme;
  const out = new Map<Programme, ReadonlyMap<UnitCode, object>>(byProgramme);
  for (const m of modules) {
    if (m.foldPredecessors === undefined) continue;
    const rows = new Map(byProgramme.get(m.id) ?? []);
    const old = new Map<UnitCode, object>();
    for (const record of records) {
      for (const row of rowsOf(record.data, m.id) ?? []) {
        const unit = m.rowUnit(row);
        if (mergers.successorOf(unit) !== unit) old.set(unit, row);
      }
    }
    for (const successor of mergers.successors()) {
      const parts = mergers.predecessorsOf(successor).flatMap((code) => old.get(code) ?? []);
      if (parts.length === 0) continue;
      rows.set(successor, m.foldPredecessors(successor, rows.get(successor), parts));
    }
    out.set(m.id, rows);
  }
  return out;
}

/** Indicators whose value is numerator / denominator in percent, so parts can be added up. */
const isShare = (id: string): boolean => id.endsWith('rate') || id.endsWith('.pct');

/**
 * The previous snapshots with each merged scope (a merged district or province; communes have no
 * snapshots) replaced by the sum of its parts, for the rates where every part has a numerator and
 * denominator. The successor's own snapshot is one of the parts only when it was written in the
 * same run as a predecessor's, i.e. before the merger; otherwise it already is the merged scope.
 */
export function previousSnapshotsUnderSuccessors(
  snapshots: ReadonlyMap<Scope, IndicatorSnapshot>,
  mergers: MergerIndex,
): ReadonlyMap<Scope, IndicatorSnapshot> {
  if (mergers.successors().length === 0) return snapshots;
  const out = new Map(snapshots);
  for (const successor of mergers.successors()) {
    const parts = mergers.predecessorsOf(successor).flatMap((code) => snapshots.get(code) ?? []);
    if (parts.length === 0) continue;
    const own = snapshots.get(successor);
    if (own !== undefined && !parts.some((p) => p.runId === own.runId)) continue;
    const all = own === undefined ? parts : [own, ...parts];
    out.set(successor, { scope: successor, values: summedShares(all), first: {}, runId: all[0]?.runId ?? '', updatedAt: all[0]?.updatedAt ?? '' });
  }
  return out;
}

function summedShares(parts: readonly IndicatorSnapshot[]): IndicatorSnapshot['values'] {
  const values = {} as IndicatorSnapshot['values'];
  const ids = new Set(parts.flatMap((p) => Object.keys(p.values) as IndicatorId[]));
  for (const id of ids) {
    if (!isShare(id)) continue;
    let n = 0;
    let d = 0;
    const complete = parts.every((p) => {
      const e = p.values[id];
      if (e?.n === undefined || e.d === undefined) return false;
      n += e.n;
      d += e.d;
      return true;
    });
    if (complete && d > 0) values[id] = { v: (n / d) * 100, n, d };
  }
  return values;
}
