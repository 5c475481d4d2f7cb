import { withGoogle } from '../shared/runtime/aws-google-ports.js';
import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { planTask } from '../shared/runtime/tasks/plan-task.js';
import { taskHandler } from './lib/task-handler.js';

/** First task of a run: control spreadsheet, Drive listing, the run lease, which units changed. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('plan', withGoogle(createAwsPorts(process.env), process.env), planTask, (_input, out): Record<string, number> =>
  out.skipped ? { runs_skipped: 1 } : { units_changed: out.units.length },
);
