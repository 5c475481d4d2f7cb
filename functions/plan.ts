import { planTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** First task of a run: control spreadsheet, Drive listing, the run lease, which units changed. */
export const handler = taskHandler('plan', planTask, (_input, out): Record<string, number> => (out.skipped ? { runs_skipped: 1 } : { units_changed: out.units.length }));
