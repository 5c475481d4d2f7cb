import { withMailer } from '../shared/runtime/aws-mail-ports.js';
import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { alertTask } from '../shared/runtime/tasks/alert-task.js';
import { taskHandler } from './lib/task-handler.js';

/** The digests, one per recipient, none twice. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('alert', withMailer(createAwsPorts(process.env)), alertTask, (_input, out) => ({
  emails_sent: out.sent,
  emails_failed: out.delivery?.failed.length ?? 0,
}));
