import type { CompareOp } from '../domain/config.js';
import type { IndicatorId } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { Scope } from '../domain/unit.js';

export type TargetStatus = 'met' | 'at_risk' | 'missed' | 'pending';

/** A target with its current value and status, as in the JSON output's `targets`. */
export interface TargetEvaluation {
  programme: Programme;
  unit: Scope;
  indicator: IndicatorId;
  target: number;
  op: CompareOp;
  /** Undefined when no data exists yet for the unit. */
  value?: number;
  /** Value projected to the deadline by linear pacing (before the deadline only). */
  projected?: number;
  status: TargetStatus;
  /**
   * Met only at the target's printed rounding (0,97 % against a target printed `1,0`): the status
   * says `met`, and people are told it is by rounding.
   */
  metByRounding?: true;
  due?: string;
  source: string;
}
