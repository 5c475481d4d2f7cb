import { publishTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** The summary spreadsheet, rewritten only when what it shows moved. */
export const handler = taskHandler('publish', publishTask, (_input, out) => ({ summary_written: out.summaryWritten ? 1 : 0 }));
