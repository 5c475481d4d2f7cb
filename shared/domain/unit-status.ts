/**
 * A unit's status for a period: `ok` (no errors), `invalid` (errors), `unreadable` (the workbook
 * cannot be opened), `missing` (none, or still as the template left it), `unchanged` (skipped this
 * run because nothing changed; never stored).
 */
export type UnitStatus = 'ok' | 'invalid' | 'missing' | 'unreadable' | 'unchanged';
