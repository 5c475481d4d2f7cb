import type { IndicatorId, PeriodId, UnitCode } from './ids.js';
import type { Programme } from './programme.js';
import type { Merger } from './mergers.js';
import type { Scope, Unit } from './unit.js';
import type { SheetIssue } from './issue.js';
import type { DttsCatalogue } from './dtts-catalogue.js';

export type CompareOp = '>=' | '<=' | '=';

/** One row of `Chỉ tiêu`. */
export interface Target {
  programme: Programme;
  period: PeriodId;
  /** A unit code or `nhóm:<tag>`. */
  scope: Scope;
  indicator: IndicatorId;
  target: number;
  /** Decimals the target was written with (`4.21` -> 2): its printed rounding, for consistency checks. */
  decimals: number;
  op: CompareOp;
  note?: string;
  /** Where the target was typed, for messages: e.g. `Chỉ tiêu!E12`. */
  source: string;
}

/** One row of `Số liệu đầu kỳ`: the start-of-period poverty review. */
export interface Baseline {
  unit: UnitCode;
  period: PeriodId;
  households: number;
  poor: number;
  nearPoor?: number;
}

/** One row of `Lịch báo cáo`. */
export interface ScheduleEntry {
  programme: Programme;
  period: PeriodId;
  /**
   * ISO date `yyyy-mm-dd`. Undefined when the cell held an impossible date (`31/02/2018`): the
   * programme stays scheduled (its units still report) and only deadline-based results wait.
   */
  due?: string;
  /**
   * Optional extension of the contract: limits the row to a unit's subtree (a programme that runs
   * only in some districts). Undefined: every reporting unit.
   */
  scope?: UnitCode;
}

/** The coordination office's role in `Người nhận` (also the default when `Vai trò` is blank). */
export const OFFICE_ROLE = 'văn phòng';

/** Free text from `Vai trò`; OFFICE_ROLE is the one role the code gives a meaning to. */
export type RecipientRole = string;

/** One row of `Người nhận`. */
export interface Recipient {
  email: string;
  role: RecipientRole;
  /** Undefined: the whole province. */
  scope?: UnitCode;
}

/** The office is told what the system itself could not do (e.g. a recipient it could not reach). */
export function isOfficeRecipient(r: Recipient): boolean {
  return r.role === OFFICE_ROLE;
}

/** The control workbook, parsed. */
export interface ControlConfig {
  units: Unit[];
  targets: Target[];
  baselines: Baseline[];
  schedule: ScheduleEntry[];
  recipients: Recipient[];
  /** Rows of the optional `Sáp nhập` tab (undefined: a config built without one). */
  mergers?: Merger[];
  /**
   * The DTTS catalogue: the default extended by `Danh mục DTTS`. Plain data, so it travels with
   * the config between stages; undefined (a config built in code) means the default catalogue.
   */
  dttsCatalogue?: DttsCatalogue;
  /** Problems found in the control workbook itself (tab `config`). */
  issues: SheetIssue[];
}

/**
 * What of the control workbook a programme's module reads beyond units, baselines and the
 * criteria set: the period's plan (`Chỉ tiêu` rows) and the DTTS catalogue. Derived from the
 * config of the run, never stored.
 */
export interface PeriodPlan {
  period: PeriodId;
  /** The period's `Chỉ tiêu` rows, in sheet order. */
  targets: readonly Target[];
  /** undefined: the default catalogue. */
  dttsCatalogue: DttsCatalogue | undefined;
}

export function periodPlan(config: Pick<ControlConfig, 'targets' | 'dttsCatalogue'>, period: PeriodId): PeriodPlan {
  return { period, targets: config.targets.filter((t) => t.period === period), dttsCatalogue: config.dttsCatalogue };
}
