import { indicatorId, type IndicatorId } from '../../domain/ids.js';
import { dttsCodeKey } from './dtts-catalogue.js';

/**
 * Indicator ids of the DTTS programme (product.md, "Indicators"): `dtts.<code>` in lower case for
 * the achieved value, with `.plan_pct` (achieved / plan) and `.pct` (achieved / Tổng số); `.total`
 * is the Tổng số itself (summed like the achieved value), so a plan can state the whole its count
 * target is a share of (174 of 181 communes) and the share can be checked.
 */

export const DTTS_PREFIX = 'dtts.';

export type DttsMeasure = 'achieved' | 'plan_pct' | 'pct' | 'total';

const SUFFIX: Record<DttsMeasure, string> = { achieved: '', plan_pct: '.plan_pct', pct: '.pct', total: '.total' };

export function dttsIndicatorId(code: string, measure: DttsMeasure = 'achieved'): IndicatorId {
  return indicatorId(`${DTTS_PREFIX}${dttsCodeKey(code)}${SUFFIX[measure]}`);
}

/**
 * The code key and measure of a DTTS id, or undefined for another programme's id. Codes have
 * exactly one dot (dtts-catalogue-tab.ts enforces it), so a suffix cannot be part of a code.
 */
export function parseDttsIndicatorId(id: string): { codeKey: string; measure: DttsMeasure } | undefined {
  if (!id.startsWith(DTTS_PREFIX)) return undefined;
  const parts = id.slice(DTTS_PREFIX.length).split('.');
  const [project, slug, suffix, ...rest] = parts;
  if (project === undefined || slug === undefined || project === '' || slug === '' || rest.length > 0) return undefined;
  const codeKey = `${project}.${slug}`;
  if (suffix === undefined) return { codeKey, measure: 'achieved' };
  if (suffix === 'plan_pct' || suffix === 'pct' || suffix === 'total') return { codeKey, measure: suffix };
  return undefined;
}
