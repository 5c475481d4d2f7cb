import type { Regression } from '../alerts/regressions.js';
import type { Baseline, PeriodPlan, Target } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { DttsCatalogue } from '../domain/dtts-catalogue.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { IndicatorId, UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { Scope, Unit } from '../domain/unit.js';
import type { RawCell, RawSheet } from '../forms/raw-sheet.js';
import type { TabParseResult } from '../forms/tab-parse-result.js';
import type { ColumnSpec, TabSpec } from '../forms/tab-specs.js';
import type { UnitContext } from '../forms/unit-context.js';
import type { IndicatorInfo } from '../indicators/catalogue.js';
import type { IndicatorValue } from '../indicators/indicator.js';
import type { TabWrite } from '../ports/workbook-gateway.js';
import type { OverviewSection } from '../publish/overview-layout.js';
import type { SummaryContext } from '../publish/summary-context.js';
import type { TargetInconsistency } from '../targets/consistency.js';
import type { LayoutColumnKind } from '../templates/sheet-layout.js';
import type * as z from 'zod/mini';

/** What the accepted row of a commune programme (NTM, poverty) has: the commune it is about, and its name as typed. */
export interface CommuneRow {
  commune: UnitCode;
  name: string;
}

/** One programme's part of merging a new version of a workbook with the last accepted one. */
export interface RowsMergeInput<Row> {
  previous: readonly Row[] | undefined;
  parsed: readonly Row[] | undefined;
  /** Communes whose row in the new version has errors (for DTTS: the catalogue codes, see DttsTabParseResult). */
  errored: readonly string[];
  /** The tab could not be read at all (missing tab, missing column). */
  failed: boolean;
  /** The unit reports this programme this period. */
  scheduled: boolean;
}

export interface RowsMergeResult<Row> {
  rows: Row[] | undefined;
  /** Units (communes; for DTTS the reporting unit) whose accepted rows include an older version's. */
  stale: UnitCode[];
}

/** What a programme's indicators are computed from. */
export interface IndicatorInput<Row> {
  hierarchy: Hierarchy;
  /** The accepted row of each unit a row is about (rowUnit), the deepest reporting unit's (see communeRows). */
  rows: ReadonlyMap<UnitCode, Row>;
  /**
   * Every accepted row of every stored submission (a commune reported twice appears twice): for a
   * programme whose rows are the reporting unit's own figures, several per unit (DTTS).
   */
  accepted: readonly Row[];
  /** The period's plan and the DTTS catalogue. */
  plan: PeriodPlan;
  set: CriteriaSet;
  /** The period's `Số liệu đầu kỳ` rows. */
  baselines: readonly Baseline[];
  /** The period's targets (`Chỉ tiêu`): an indicator family may be computed only for the members they name. */
  targets: readonly Target[];
  /**
   * The previous period's last accepted rows by commune, for a module whose `usesPreviousPeriod`
   * says so; undefined when that period is not in the store.
   */
  previousPeriod?: ReadonlyMap<UnitCode, Row>;
}

/** The two sides a programme compares to find what got worse since the last run. */
export interface RegressionInput<Row> {
  previous: ReadonlyMap<UnitCode, Row>;
  current: ReadonlyMap<UnitCode, Row>;
  /** Indexed by indicatorKey (see indexIndicators). */
  previousIndicators: ReadonlyMap<string, IndicatorValue>;
  currentIndicators: ReadonlyMap<string, IndicatorValue>;
  set: CriteriaSet;
  nameOf: (scope: Scope) => string;
}

/** A column of the unit-workbook template: the tab spec's column and what it holds. */
export interface TemplateColumn extends ColumnSpec {
  kind: LayoutColumnKind;
  /** The dropdown's entries, for a `choice` column. */
  choices?: readonly string[];
  /** Pre-filled by the office and locked (see LayoutColumn.locked). */
  locked?: boolean;
}

/** What a programme's tab in a new unit workbook is made for. */
export interface TemplateContext {
  unit: Unit;
  /** undefined: the unit alone (a plan summed from its children is then not known). */
  hierarchy?: Hierarchy;
  /** The plan of the period the workbook is made for, when one is scheduled. */
  plan?: PeriodPlan;
}

/** The programme's tab in a new unit workbook. */
export interface TemplateTab {
  spec: TabSpec;
  columns: readonly TemplateColumn[];
  /** The title above the header, before ` năm <period> - <unit>`. */
  title: string;
  /** Lines of the `Hướng dẫn` tab about this programme's tab. */
  guide: readonly string[];
  /** Lines under the title, above the header (what to type where). */
  notes?: readonly string[];
  /** Pre-filled rows by field, instead of one row per commune (DTTS: one row per planned indicator). */
  rows?: readonly Readonly<Record<string, RawCell>>[];
}

/** What a programme's own checks of the plan (`Chỉ tiêu`) read. */
export interface PlanCheckInput {
  /** The period's targets. */
  targets: readonly Target[];
  hierarchy: Hierarchy;
  plan: PeriodPlan;
}

/**
 * A programme: everything the pipeline, the store, the publishers and the templates need to know
 * about it, in one place. Generic code iterates the registry (registry.ts) and never names a
 * programme. Methods (not function-valued properties) on purpose: a module of rows `NtmRow` is then
 * usable where a module of any row is expected.
 */
export interface ProgrammeModule<Id extends Programme = Programme, Row extends object = CommuneRow> {
  readonly id: Id;
  /** Vietnamese name in sheets and e-mails. */
  readonly label: string;
  /** The unit-workbook tab that carries the programme's rows. */
  readonly tab: string;
  /** Indicator ids of the programme start with this (`ntm.`, `poverty.`): part of the public contract. */
  readonly indicatorPrefix: string;
  /** Its indicators need the period's NTM criteria set (a period without one cannot target them). */
  readonly needsCriteriaSet: boolean;
  /** The summary-workbook tab `summaryTab` writes. */
  readonly summaryTabName: string;

  /**
   * The unit a row is about: its commune, or for a programme whose rows are the reporting unit's
   * own figures (DTTS), that unit. Rows about units outside the hierarchy are not consolidated.
   */
  rowUnit(row: Row): UnitCode;
  parseTab(sheet: RawSheet, ctx: UnitContext): TabParseResult<Row>;
  /** What else a unit's validation depends on (its plan, say): a change re-reads an unchanged workbook. */
  validationContext?(ctx: UnitContext): unknown;
  /** How a new version's rows replace the last accepted ones. */
  mergeRows(input: RowsMergeInput<Row>): RowsMergeResult<Row>;

  /** The programme's indicator ids with labels and kinds, for a criteria set and the DTTS catalogue. */
  catalogue(set: CriteriaSet, dttsCatalogue: DttsCatalogue | undefined): IndicatorInfo[];
  /** The indicator measuring the same quantity as `count` (a count id), when another id does. */
  quantityOf?(set: CriteriaSet, count: IndicatorId): IndicatorId | undefined;
  computeIndicators(input: IndicatorInput<Row>): IndicatorValue[];
  /** Whether an indicator accumulates from the start of the period (pacing then starts from 0). */
  startsAtZero?(id: IndicatorId): boolean;
  /** The programme's own checks of the plan, beside checkTargetConsistency's. */
  checkPlan?(input: PlanCheckInput): TargetInconsistency[];
  /** Whether the indicators compare with the previous period (the stage then reads its rows from the store). */
  usesPreviousPeriod?(set: CriteriaSet): boolean;
  /**
   * A merged commune's previous row from its predecessors' rows (and its own, if it had one), so a
   * merger never reads as a regression; without it a merged commune is compared with its own row.
   */
  foldPredecessors?(successor: UnitCode, own: Row | undefined, parts: readonly Row[]): Row;
  /** What got worse for this programme between two runs of a period. */
  regressions?(input: RegressionInput<Row>): Regression[];

  /** `Tổng hợp …`: the per-unit table of the summary workbook. */
  summaryTab(ctx: SummaryContext): TabWrite;
  /** The programme's section of `Tổng quan`; undefined when it has no data. */
  overviewSection(ctx: SummaryContext): OverviewSection | undefined;

  templateTab(set: CriteriaSet, ctx: TemplateContext): TemplateTab;

  /** Stored rows (JSON) from accepted rows: the item format of the store. */
  encodeRows(rows: readonly Row[]): unknown;
  /** Checks and decodes stored rows; a failure is an error with the path, never a crash later. */
  readonly storedRows: z.ZodMiniType<Row[]>;
}

/** A module of any programme, as generic code handles it. */
export type AnyProgrammeModule = ProgrammeModule<Programme, object>;

/** The rows a module accepts. */
export type RowsOf<M> = M extends ProgrammeModule<Programme, infer Row> ? Row : never;
