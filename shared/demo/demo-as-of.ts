/**
 * "Today" for `npm start`: the demo's figures are historical plans, so the demo is run on a day
 * inside its reporting period, before the deadline, where pacing (at risk / on track) shows.
 */
export const DEMO_AS_OF = '2018-10-15';
