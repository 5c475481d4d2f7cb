import type { ScheduleEntry } from '../domain/config.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import type { Programme } from '../domain/programme.js';
import type { Unit } from '../domain/unit.js';

/** What one reporting unit owes in a period. */
export interface ReportingDuty {
  unit: Unit;
  /** The unit's workbook reference (file name or spreadsheet ID). */
  ref: string;
  programmes: Programme[];
  /** Earliest due date among its programmes (yyyy-mm-dd); undefined when none is known. */
  due?: string;
  dueByProgramme: Map<Programme, string>;
}

export class NoPeriodError extends Error {
  constructor() {
    super('Không xác định được kỳ báo cáo: trang "Lịch báo cáo" trống và không có --period.');
    this.name = 'NoPeriodError';
  }
}

/**
 * The period a run covers when none is given: the one with the latest due date in the schedule
 * (a row whose date is unknown counts by its period alone, after the dated ones of that order).
 */
export function defaultPeriod(schedule: readonly ScheduleEntry[]): PeriodId {
  const sorted = [...schedule].sort((a, b) => (a.due === b.due ? a.period.localeCompare(b.period) : (a.due ?? '').localeCompare(b.due ?? '')));
  const last = sorted[sorted.length - 1];
  if (!last) throw new NoPeriodError();
  return last.period;
}

/**
 * Which reporting units owe which programmes in the period: every unit with a workbook, for each
 * schedule row of the period whose scope (if any) contains it.
 */
export function reportingDuties(hierarchy: Hierarchy, schedule: readonly ScheduleEntry[], period: PeriodId): ReportingDuty[] {
  const rows = schedule.filter((s) => s.period === period);
  const duties: ReportingDuty[] = [];
  for (const unit of hierarchy.reportingUnits()) {
    const programmes = new Set<Programme>();
    const dueByProgramme = new Map<Programme, string>();
    for (const row of rows) {
      if (row.scope !== undefined && !hierarchy.isWithin(unit.code, row.scope)) continue;
      programmes.add(row.programme);
      if (row.due === undefined) continue;
      const prev = dueByProgramme.get(row.programme);
      if (prev === undefined || row.due < prev) dueByProgramme.set(row.programme, row.due);
    }
    if (programmes.size === 0) continue;
    const due = [...dueByProgramme.values()].sort()[0];
    duties.push({
      unit,
      ref: unit.workbook as string, // reportingUnits() only returns units with a workbook
      programmes: [...programmes],
      ...(due === undefined ? {} : { due }),
      dueByProgramme,
    });
  }
  return duties;
}

/** Due date per programme for the whole period (the latest row of each programme). */
export function dueByProgramme(schedule: readonly ScheduleEntry[], period: PeriodId): Map<Programme, string> {
  const out = new Map<Programme, string>();
  for (const row of schedule) {
    if (row.period !== period || row.due === undefined) continue;
    const prev = out.get(row.programme);
    if (prev === undefined || row.due > prev) out.set(row.programme, row.due);
  }
  return out;
}

/** Programmes scheduled for the period with no readable due date in any of their rows. */
export function programmesWithoutDue(schedule: readonly ScheduleEntry[], period: PeriodId): Set<Programme> {
  const dated = dueByProgramme(schedule, period);
  return new Set(schedule.filter((row) => row.period === period && !dated.has(row.programme)).map((row) => row.programme));
}

export type DutyIndex = Map<UnitCode, ReportingDuty>;
