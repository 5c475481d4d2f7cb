import { withMailer } from '../shared/runtime/aws-mail-ports.js';
import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { failTask } from '../shared/runtime/tasks/fail-task.js';
import { taskHandler } from './lib/task-handler.js';

/** The state machine's Catch: the failed run recorded, the office told, the lease given back. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('fail', withMailer(createAwsPorts(process.env)), failTask, (_input, out) => ({
  runs_failed: 1,
  office_told: out.officeTold,
}));
