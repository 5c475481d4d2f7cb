import { withGoogle } from '../shared/runtime/aws-google-ports.js';
import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { ingestTask } from '../shared/runtime/tasks/ingest-task.js';
import { taskHandler } from './lib/task-handler.js';

/** One unit of the Map: read, validate, store, write its feedback tab. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('ingest-unit', withGoogle(createAwsPorts(process.env), process.env), ingestTask, (_input, out) =>
  'failed' in out ? { units_failed: 1 } : { [`units_${out.runStatus}`]: 1 },
);
