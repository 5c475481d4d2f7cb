import type { CompareOp } from '../domain/config.js';

/** Float noise allowance: 2.5 - 2.5 computed from different sums may differ by ~1e-15. */
const EPSILON = 1e-9;

/**
 * Half a unit of the last printed decimal: a target printed `23,2` stands for anything that rounds
 * to it, so 23.19 reaches it. Decimals outside 0..10 are clamped (a typo must not make every value
 * match).
 */
export function printedTolerance(decimals: number): number {
  const d = Number.isFinite(decimals) ? Math.min(Math.max(Math.trunc(decimals), 0), 10) : 0;
  return 0.5 * 10 ** -d + EPSILON;
}

/** True when `value` satisfies `op target` within `tolerance`. */
export function satisfies(value: number, op: CompareOp, target: number, tolerance: number): boolean {
  switch (op) {
    case '>=':
      return value >= target - tolerance;
    case '<=':
      return value <= target + tolerance;
    case '=':
      return Math.abs(value - target) <= tolerance;
  }
}
