import { alertTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** The digests, one per recipient, none twice. */
export const handler = taskHandler('alert', alertTask, (_input, out) => ({ emails_sent: out.sent, emails_failed: out.delivery?.failed.length ?? 0 }));
