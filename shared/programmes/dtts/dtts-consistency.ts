import type { Target } from '../../domain/config.js';
import type { Hierarchy } from '../../domain/hierarchy.js';
import type { UnitCode } from '../../domain/ids.js';
import { GROUP_PREFIX, isGroupScope } from '../../domain/unit.js';
import { formatViNumber } from '../../format/vi-number.js';
import { headerKey } from '../../forms/header-key.js';
import { groupCommunes } from '../../indicators/scope-walk.js';
import { scopeName } from '../../indicators/scope-name.js';
import type { TargetInconsistency } from '../../targets/consistency.js';
import { printedTolerance } from '../../targets/printed-rounding.js';
import { findDttsEntry, type DttsCatalogue } from './dtts-catalogue.js';
import { dttsIndicatorId, parseDttsIndicatorId } from './dtts-ids.js';
import { dttsIndicatorLabel } from './dtts-labels.js';

/** Plans are integers or short decimals: anything above float noise is a real difference. */
const SUM_EPSILON = 1e-6;

const COMMUNE_UNIT = headerKey('xã');

/** `96.13` at 1 decimal -> `96,1`, trailing zeros kept so the comparison with the print is visible. */
function fixedVi(value: number, decimals: number): string {
  const d = Math.min(Math.max(Math.trunc(decimals), 0), 10);
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
}

/**
 * Checks the DTTS plan in `Chỉ tiêu` against itself (product.md, "Targets and alerts"), in the shape
 * of checkTargetConsistency:
 * - children_sum: a unit's plan on `dtts.<code>` differs from its children's plans when every child
 *   has one, or is already smaller than the plans of the children that have one;
 * - count_pct: a count plan and the stated share `dtts.<code>.pct` disagree beyond the share's
 *   printed rounding, the whole being the stated `dtts.<code>.total` or, for an indicator counted
 *   in communes (`Đơn vị tính` xã), the communes under the scope in `Đơn vị`.
 * Without a whole the share is not checked, never guessed.
 */
export function checkDttsConsistency(targets: readonly Target[], h: Hierarchy, catalogue: DttsCatalogue): TargetInconsistency[] {
  const byKey = new Map<string, Target>();
  for (const t of targets) {
    if (t.programme !== 'dtts') continue;
    const k = `${t.period}|${t.scope}|${t.indicator}`;
    if (!byKey.has(k)) byKey.set(k, t);
  }
  const find = (t: Target, indicator: string, scope: string = t.scope): Target | undefined => byKey.get(`${t.period}|${scope}|${indicator}`);
  const label = (id: string): string => dttsIndicatorLabel(catalogue, id) ?? id;
  let groupCounts: Map<string, number> | undefined;
  const communesOf = (scope: string): number => {
    if (!isGroupScope(scope)) return h.communesUnder(scope as UnitCode).length;
    groupCounts ??= new Map([...groupCommunes(h)].map(([tag, cs]) => [tag, cs.length]));
    return groupCounts.get(scope.slice(GROUP_PREFIX.length)) ?? 0;
  };

  const out: TargetInconsistency[] = [];
  for (const t of byKey.values()) {
    const id = parseDttsIndicatorId(t.indicator);
    if (id === undefined || id.measure !== 'achieved') continue;
    const name = scopeName(h, t.scope);
    const base = { programme: t.programme, period: t.period, scope: t.scope, indicator: t.indicator };

    if (!isGroupScope(t.scope)) {
      const children = h.children(t.scope as UnitCode);
      const childTargets = children.map((c) => find(t, t.indicator, c.code)).filter((c): c is Target => c !== undefined);
      const sum = childTargets.reduce((s, c) => s + c.target, 0);
      const complete = children.length > 0 && childTargets.length === children.length;
      if ((complete && Math.abs(sum - t.target) > SUM_EPSILON) || (!complete && sum > t.target + SUM_EPSILON)) {
        const of = complete ? `${childTargets.length} đơn vị trực thuộc` : `${childTargets.length}/${children.length} đơn vị trực thuộc đã có kế hoạch`;
        out.push({
          ...base,
          kind: 'children_sum',
          message:
            `${name}: kế hoạch '${label(t.indicator)}' là ${formatViNumber(t.target)} nhưng tổng kế hoạch của ${of} là ` +
            `${formatViNumber(sum)} (lệch ${formatViNumber(sum - t.target)}). Sửa kế hoạch của tỉnh hoặc của các đơn vị trực thuộc trong trang "Chỉ tiêu" cho khớp.`,
          sources: [t.source, ...childTargets.map((c) => c.source)],
        });
      }
    }

    const pct = find(t, dttsIndicatorId(id.codeKey, 'pct'));
    if (pct === undefined) continue;
    const stated = find(t, dttsIndicatorId(id.codeKey, 'total'));
    const entry = findDttsEntry(catalogue, id.codeKey);
    const communes = entry?.unit !== undefined && headerKey(entry.unit) === COMMUNE_UNIT ? communesOf(t.scope) : 0;
    const whole = stated !== undefined && stated.target > 0 ? stated.target : communes > 0 ? communes : undefined;
    if (whole === undefined) continue;
    const computed = (t.target / whole) * 100;
    if (Math.abs(computed - pct.target) <= printedTolerance(pct.decimals)) continue;
    const unitWord = entry?.unit ?? '';
    out.push({
      ...base,
      indicator: pct.indicator,
      kind: 'count_pct',
      message:
        `${name}: chỉ tiêu '${label(pct.indicator)}' ghi ${fixedVi(pct.target, pct.decimals)}% nhưng kế hoạch ` +
        `'${label(t.indicator)}' là ${formatViNumber(t.target)}/${formatViNumber(whole)}${unitWord === '' ? '' : ` ${unitWord}`}, tức ` +
        `${fixedVi(computed, pct.decimals)}% (${formatViNumber(computed, 4)}%). Sửa một trong hai chỉ tiêu trong trang "Chỉ tiêu" cho khớp.`,
      sources: stated === undefined ? [pct.source, t.source] : [pct.source, t.source, stated.source],
    });
  }
  return out;
}
