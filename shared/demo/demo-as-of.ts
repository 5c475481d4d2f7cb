/**
 * "Today" for `npm start`: the demo's figures are historical plans, so each period is run on a day
 * inside it, before the deadline, where pacing (at risk / on track) shows.
 */
export const DEMO_AS_OF = '2018-10-15';

/** The demo's "today" for one of its periods: 15 October of the period's year. */
export function demoAsOf(period: string): string {
  return `${period.slice(0, 4)}-10-15`;
}
