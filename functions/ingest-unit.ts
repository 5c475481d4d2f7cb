import { ingestTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** One unit of the Map: read, validate, store, write its feedback tab. */
export const handler = taskHandler('ingest-unit', ingestTask, (_input, out) => ('failed' in out ? { units_failed: 1 } : { [`units_${out.runStatus}`]: 1 }));
