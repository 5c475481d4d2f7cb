import { failTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** The state machine's Catch: the failed run recorded, the office told, the lease given back. */
export const handler = taskHandler('fail', failTask, (_input, out) => ({ runs_failed: 1, office_told: out.officeTold }));
