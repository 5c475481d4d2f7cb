import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { finishTask } from '../shared/runtime/tasks/finish-task.js';
import { taskHandler } from './lib/task-handler.js';

/** The run's JSON document and record; the run lease given back. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('finish', createAwsPorts(process.env), finishTask, (_input, out) => ({ units: out.counts['units'] ?? 0 }));
