/**
 * "Today" for `npm start`: the demo's figures are historical plans, so the demo is run on a day
 * inside its reporting period, before the deadline, where pacing (at risk / on track) shows.
 */
export const DEMO_AS_OF = '2018-10-15';

/** The demo day of each demo period (NTM and poverty 2018, DTTS 2023): inside it, before its deadline. */
export const DEMO_AS_OF_BY_PERIOD: Readonly<Record<string, string>> = { '2018': DEMO_AS_OF, '2023': '2023-10-15' };
