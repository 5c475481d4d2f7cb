/**
 * The windows before each due date in which the pipeline runs more often. Vietnam keeps UTC+7
 * all year (no daylight saving), so a local day's bounds are fixed offsets from UTC.
 */
const VIETNAM_OFFSET = '+07:00';
/** EventBridge Scheduler refuses a start date earlier than 5 minutes before the call. */
const START_MARGIN_MS = 10 * 60_000;

export interface IntensiveWindow {
  dueDate: string;
  /** 00:00 local, `days` days before the due date; undefined once that moment is past (the schedule is active from its creation). */
  start: Date | undefined;
  /** 23:59:59 local on the due date: reports landing on the day itself are read that evening. */
  end: Date;
}

export interface WindowPlan {
  windows: IntensiveWindow[];
  /** Due dates whose window has ended: a schedule that ended cannot be created, so they are left out. */
  past: string[];
}

export function intensiveWindows(dueDates: readonly string[], days: number, now: Date): WindowPlan {
  const windows: IntensiveWindow[] = [];
  const past: string[] = [];
  for (const dueDate of dueDates) {
    const end = new Date(`${dueDate}T23:59:59${VIETNAM_OFFSET}`);
    if (end.getTime() <= now.getTime()) {
      past.push(dueDate);
      continue;
    }
    const firstDay = new Date(`${dueDate}T00:00:00Z`);
    firstDay.setUTCDate(firstDay.getUTCDate() - days);
    const start = new Date(`${firstDay.toISOString().slice(0, 10)}T00:00:00${VIETNAM_OFFSET}`);
    windows.push({ dueDate, start: start.getTime() > now.getTime() + START_MARGIN_MS ? start : undefined, end });
  }
  return { windows, past };
}
