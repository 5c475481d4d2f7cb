import { withGoogle } from '../shared/runtime/aws-google-ports.js';
import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { publishTask } from '../shared/runtime/tasks/publish-task.js';
import { taskHandler } from './lib/task-handler.js';

/** The summary spreadsheet, rewritten only when what it shows moved. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('publish', withGoogle(createAwsPorts(process.env), process.env), publishTask, (_input, out) => ({
  summary_written: out.summaryWritten ? 1 : 0,
}));
