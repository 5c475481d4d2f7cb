import { finishTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** The run's JSON document and record; the run lease given back. */
export const handler = taskHandler('finish', finishTask, (_input, out) => ({ units: out.counts['units'] ?? 0 }));
