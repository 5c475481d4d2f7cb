import { consolidateTask } from '../shared/runtime/aws-tasks.js';
import { taskHandler } from './lib/task-handler.js';

/** Indicators up the hierarchy, targets, consistency, regressions, alerts, snapshots. */
export const handler = taskHandler('consolidate', consolidateTask, (_input, out) => ({ snapshots_written: out.snapshotsWritten }));
