import type { Regression } from '../../alerts/regressions.js';
import type { CriteriaSet } from '../../domain/criteria-set.js';
import { indicatorId, type UnitCode } from '../../domain/ids.js';
import type { NtmRow } from '../../domain/rows.js';
import type { Scope } from '../../domain/unit.js';

/** Communes that lost criteria they had met: one regression per commune, under its first lost criterion. */
export function criteriaRegressions(
  previous: ReadonlyMap<UnitCode, NtmRow>,
  current: ReadonlyMap<UnitCode, NtmRow>,
  set: CriteriaSet,
  nameOf: (scope: Scope) => string,
): Regression[] {
  const out: Regression[] = [];
  for (const [code, now] of current) {
    const before = previous.get(code);
    if (!before) continue;
    const lost = set.criteria.filter((c) => before.criteria[c.no - 1] === true && now.criteria[c.no - 1] === false);
    const first = lost[0];
    if (!first) continue;
    const metCount = (r: NtmRow): number => set.criteria.filter((c) => r.criteria[c.no - 1] === true).length;
    const b = metCount(before);
    const a = metCount(now);
    const list = lost.map((c) => `${c.no} (${c.vi})`).join(', ');
    out.push({
      scope: code,
      indicator: indicatorId(`ntm.criterion.${first.no}`),
      message: `${now.name || nameOf(code)}: không còn đạt tiêu chí ${list}; số tiêu chí đạt từ ${b} còn ${a}.`,
      before: b,
      after: a,
    });
  }
  return out;
}
