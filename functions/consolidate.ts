import { createAwsPorts } from '../shared/runtime/aws-ports.js';
import { consolidateTask } from '../shared/runtime/tasks/consolidate-task.js';
import { taskHandler } from './lib/task-handler.js';

/** Indicators up the hierarchy, targets, consistency, regressions, alerts, snapshots. Its ports are made here, at module scope: once per cold start. */
export const handler = taskHandler('consolidate', createAwsPorts(process.env), consolidateTask, (_input, out) => ({ snapshots_written: out.snapshotsWritten }));
