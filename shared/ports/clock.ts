export interface Clock {
  /** "Now" for the run: wall time, or the `--as-of` date. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at a date (`--as-of yyyy-mm-dd`), at noon Vietnam time so the day is unambiguous. */
export function fixedClock(isoDate: string): Clock {
  const d = new Date(`${isoDate}T12:00:00+07:00`);
  return { now: () => d };
}
