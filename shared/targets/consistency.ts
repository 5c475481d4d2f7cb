import type { Baseline, Target } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import { indicatorId, type IndicatorId, type PeriodId, type UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import { GROUP_PREFIX, isGroupScope, type Scope } from '../domain/unit.js';
import { formatViNumber } from '../format/vi-number.js';
import type { IndicatorInfo } from '../indicators/catalogue.js';
import type { DttsCatalogue } from '../domain/dtts-catalogue.js';
import { indicatorCatalogue } from '../programmes/indicator-catalogue.js';
import { PROGRAMME_MODULES, type ProgrammeModules } from '../programmes/registry.js';
import { groupBaseline, resolveUnitBaselines, type BaselineTotals } from '../indicators/scope-baselines.js';
import { scopeName } from '../indicators/scope-name.js';
import { groupCommunes, groupMembers } from '../indicators/scope-walk.js';
import { printedTolerance } from './printed-rounding.js';

export type InconsistencyKind = 'children_sum' | 'count_pct' | 'bucket_sum';

/** A contradiction inside the plan's own targets (`Chỉ tiêu`), found before any data arrives. */
export interface TargetInconsistency {
  kind: InconsistencyKind;
  programme: Programme;
  period: PeriodId;
  scope: Scope;
  indicator: IndicatorId;
  /** Vietnamese, self-contained. */
  message: string;
  /** Where the targets involved were typed (`Chỉ tiêu!E12`), the checked one first. */
  sources: string[];
}

/** Targets are integers or short decimals: anything above float noise is a real difference. */
const SUM_EPSILON = 1e-6;

const POOR_REDUCTION = indicatorId('poverty.poor_reduction');
const RATE_REDUCTION_PP = indicatorId('poverty.rate_reduction_pp');

const targetKey = (period: string, scope: string, indicator: string): string => `${period}|${scope}|${indicator}`;

/** `4.2044` at 2 decimals -> `4,20`: keeps trailing zeros so the comparison with the print is visible. */
function fixedVi(value: number, decimals: number): string {
  const d = Math.min(Math.max(Math.trunc(decimals), 0), 10);
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
}

/**
 * Checks the plan's targets against each other (product.md "Targets and alerts"):
 * - children_sum: an additive count target of a unit differs from the sum of its children's targets
 *   (checked only when every child has one);
 * - count_pct: a count target and the percent target of the same quantity disagree beyond the
 *   percent's printed rounding (NTM shares over the scope's communes; the poverty reduction in
 *   points over the scope's baseline households);
 * - bucket_sum: bucket targets covering every bucket of the set do not add up to the scope's communes.
 * Where a denominator is unknown (no communes listed, no baseline) the check is skipped, never guessed.
 */
export function checkTargetConsistency(
  targets: readonly Target[],
  h: Hierarchy,
  set: CriteriaSet,
  baselines: readonly Baseline[],
  modules: ProgrammeModules = PROGRAMME_MODULES,
  dttsCatalogue?: DttsCatalogue,
): TargetInconsistency[] {
  const catalogue = new Map<string, IndicatorInfo>(indicatorCatalogue(set, modules, dttsCatalogue).map((i) => [i.id, i]));
  const label = (id: string): string => catalogue.get(id)?.label ?? id;
  // The first row for a period/scope/indicator wins, as it does when targets are evaluated.
  const byKey = new Map<string, Target>();
  for (const t of targets) {
    const k = targetKey(t.period, t.scope, t.indicator);
    if (!byKey.has(k)) byKey.set(k, t);
  }
  const find = (period: string, scope: string, indicator: string): Target | undefined => byKey.get(targetKey(period, scope, indicator));

  let groupCommuneCounts: Map<string, number> | undefined;
  const communeCount = (t: Target): number | undefined => {
    let n: number;
    if (isGroupScope(t.scope)) {
      groupCommuneCounts ??= new Map([...groupCommunes(h)].map(([tag, cs]) => [tag, cs.length]));
      n = groupCommuneCounts.get(t.scope.slice(GROUP_PREFIX.length)) ?? 0;
    } else {
      n = h.communesUnder(t.scope as UnitCode).length;
    }
    if (n > 0) return n;
    // A control workbook may list districts without their communes; the plan's own
    // `ntm.communes` target then says how many there are.
    const stated = find(t.period, t.scope, 'ntm.communes')?.target;
    return stated !== undefined && stated > 0 ? stated : undefined;
  };

  const baselineCache = new Map<string, { units: Map<UnitCode, BaselineTotals>; groups: Map<string, BaselineTotals | undefined> }>();
  const baselineHouseholds = (t: Target): number | undefined => {
    let cached = baselineCache.get(t.period);
    if (!cached) {
      const all = (): boolean => true;
      const units = resolveUnitBaselines(
        h,
        baselines.filter((b) => b.period === t.period),
        all,
      );
      const groups = new Map<string, BaselineTotals | undefined>();
      for (const [tag, members] of groupMembers(h)) groups.set(tag, groupBaseline(h, members, units, all));
      cached = { units, groups };
      baselineCache.set(t.period, cached);
    }
    const b = isGroupScope(t.scope) ? cached.groups.get(t.scope.slice(GROUP_PREFIX.length)) : cached.units.get(t.scope as UnitCode);
    return b && b.households > 0 ? b.households : undefined;
  };

  const out: TargetInconsistency[] = [];

  for (const t of byKey.values()) {
    const info = catalogue.get(t.indicator);
    const name = scopeName(h, t.scope);

    // (a) children's count targets add up to the parent's.
    if (info?.additive && !isGroupScope(t.scope)) {
      const children = h.children(t.scope as UnitCode);
      const childTargets = children.map((c) => find(t.period, c.code, t.indicator));
      if (children.length > 0 && childTargets.every((c) => c !== undefined)) {
        const present = childTargets.filter((c): c is Target => c !== undefined);
        const sum = present.reduce((s, c) => s + c.target, 0);
        if (Math.abs(sum - t.target) > SUM_EPSILON) {
          out.push({
            kind: 'children_sum',
            programme: t.programme,
            period: t.period,
            scope: t.scope,
            indicator: t.indicator,
            message:
              `${name}: chỉ tiêu '${label(t.indicator)}' là ${formatViNumber(t.target)} nhưng tổng chỉ tiêu của ` +
              `${present.length} đơn vị trực thuộc là ${formatViNumber(sum)} (lệch ${formatViNumber(sum - t.target)}).`,
            sources: [t.source, ...present.map((c) => c.source)],
          });
        }
      }
    }

    // (b) a percent target agrees with its count target.
    const countId = t.indicator === RATE_REDUCTION_PP ? POOR_REDUCTION : info?.kind === 'percent' ? info.countOf : undefined;
    const count = countId === undefined ? undefined : find(t.period, t.scope, countId);
    if (count) {
      const isPoverty = t.indicator === RATE_REDUCTION_PP;
      const denominator = isPoverty ? baselineHouseholds(t) : communeCount(t);
      if (denominator !== undefined) {
        const computed = (count.target / denominator) * 100;
        if (Math.abs(computed - t.target) > printedTolerance(t.decimals)) {
          const over = isPoverty ? `${formatViNumber(denominator)} hộ đầu kỳ` : `${formatViNumber(denominator)} xã`;
          out.push({
            kind: 'count_pct',
            programme: t.programme,
            period: t.period,
            scope: t.scope,
            indicator: t.indicator,
            message:
              `${name}: chỉ tiêu '${label(t.indicator)}' ghi ${fixedVi(t.target, t.decimals)} nhưng chỉ tiêu ` +
              `'${label(count.indicator)}' là ${formatViNumber(count.target)} trên ${over}, tức ` +
              `${fixedVi(computed, t.decimals)} (${formatViNumber(computed, 4)}).`,
            sources: [t.source, count.source],
          });
        }
      }
    }
  }

  // (c) bucket targets of a scope add up to its communes.
  const firstBucket = set.buckets[0];
  if (firstBucket) {
    for (const t of byKey.values()) {
      if (t.indicator !== `ntm.bucket.${firstBucket.id}`) continue;
      const all = set.buckets.map((b) => find(t.period, t.scope, `ntm.bucket.${b.id}`));
      if (!all.every((b) => b !== undefined)) continue;
      const present = all.filter((b): b is Target => b !== undefined);
      const communes = communeCount(t);
      if (communes === undefined) continue;
      const sum = present.reduce((s, b) => s + b.target, 0);
      if (Math.abs(sum - communes) <= SUM_EPSILON) continue;
      const name = scopeName(h, t.scope);
      out.push({
        kind: 'bucket_sum',
        programme: t.programme,
        period: t.period,
        scope: t.scope,
        indicator: t.indicator,
        message:
          `${name}: tổng chỉ tiêu số xã theo nhóm tiêu chí (${set.buckets.map((b) => b.label).join('; ')}) là ` +
          `${formatViNumber(sum)} nhưng ${name} có ${formatViNumber(communes)} xã.`,
        sources: present.map((b) => b.source),
      });
    }
  }
  return out;
}
