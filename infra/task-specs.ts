/**
 * The deployment's view of each task of the state machine (functions/<task>.ts): its size, its
 * time limit, and exactly what it touches, read off shared/runtime/tasks/ and the store and
 * object-store methods each stage calls. One table, so a measured memory size is one edit.
 */

export type TaskName = 'plan' | 'ingest-unit' | 'consolidate' | 'publish' | 'alert' | 'finish' | 'fail';

/** DynamoDB actions the DynamoStore and DynamoQuotaPacer issue (no Scan, no transactions, no UpdateItem). */
export type TableAction = 'GetItem' | 'PutItem' | 'Query' | 'BatchWriteItem' | 'DeleteItem';

/** Key prefixes of the bucket: raw snapshots, overflowing submission bodies, run artifacts. */
export type ObjectPrefix = 'raw/' | 'store/' | 'runs/';

export interface TaskSpec {
  memoryMb: number;
  timeoutSeconds: number;
  table: readonly TableAction[];
  reads: readonly ObjectPrefix[];
  writes: readonly ObjectPrefix[];
  /** Reads the Google key (GOOGLE_SERVICE_ACCOUNT_SECRET_ID) and calls Google: plus the pace settings. */
  google: boolean;
  /** Sends e-mail through SES. */
  mail: boolean;
  /** Needs OFFICE_EMAIL (the failure task, when no plan names the office). */
  office: boolean;
  /** Needs RUN_LEASE_MINUTES (the task that takes the lease). */
  lease: boolean;
  description: string;
}

/**
 * Memory, from a national first run through aws-local (`npm run bench:aws-local`: 700 units,
 * ~10,000 communes; peak RSS per task process): plan 131 MB, ingest 101 MB, consolidate 510 MB,
 * publish 1,199 MB, alert 505 MB, finish 844 MB. Consolidate and publish get 1,769 MB, the size at
 * which Lambda gives one full vCPU; alert and finish 1,024 MB; fail (plan-sized work) 256 MB.
 * Lambda's own "Max Memory Used" should replace these once deployed.
 * Timeouts: a unit's task is one read and one write with pace waits; plan reads the control
 * spreadsheet and lists Drive; consolidate, publish and alert handle the whole run.
 */
export const TASK_SPECS: Readonly<Record<TaskName, TaskSpec>> = {
  plan: {
    memoryMb: 512,
    timeoutSeconds: 120,
    // The lease (conditional put, then get when refused), the stored submissions (query), the pace (get, put).
    table: ['GetItem', 'PutItem', 'Query'],
    // Submission bodies too large for an item live under store/.
    reads: ['store/'],
    writes: ['runs/'],
    google: true,
    mail: false,
    office: false,
    lease: true,
    description: 'Control spreadsheet, Drive listing, the run lease, which units changed',
  },
  'ingest-unit': {
    memoryMb: 512,
    timeoutSeconds: 120,
    // Its stored submission (get), the pace (get, put), the new submission (batch write).
    table: ['GetItem', 'PutItem', 'BatchWriteItem'],
    reads: ['runs/', 'store/'],
    writes: ['raw/', 'store/'],
    google: true,
    mail: false,
    office: false,
    lease: false,
    description: 'One unit: read, validate, store, write its feedback tab',
  },
  consolidate: {
    memoryMb: 1769,
    timeoutSeconds: 300,
    // Submissions and latest snapshots (query), new snapshots and their history (batch write).
    table: ['Query', 'BatchWriteItem'],
    reads: ['runs/', 'store/'],
    writes: ['runs/'],
    google: false,
    mail: false,
    office: false,
    lease: false,
    description: 'Indicators up the hierarchy, targets, alerts, snapshots',
  },
  publish: {
    memoryMb: 1769,
    timeoutSeconds: 300,
    // The summary's input key (get, put), the pace (get, put).
    table: ['GetItem', 'PutItem'],
    reads: ['runs/'],
    writes: [],
    google: true,
    mail: false,
    office: false,
    lease: false,
    description: 'The summary spreadsheet, rewritten only when what it shows moved',
  },
  alert: {
    // Peak 505 MB at national scale through aws-local (it reads the whole run's result).
    memoryMb: 1024,
    timeoutSeconds: 300,
    // Alert states, delivery failures, digest marks (query, batch write); failures cleared (delete).
    table: ['Query', 'BatchWriteItem', 'DeleteItem'],
    reads: ['runs/'],
    writes: [],
    google: false,
    mail: true,
    office: false,
    lease: false,
    description: 'The digests, one per recipient, none twice',
  },
  finish: {
    // Peak 844 MB at national scale through aws-local: it builds the run's JSON document from the
    // consolidated result (~10,000 communes' indicators); 256 MB would be an out-of-memory kill.
    memoryMb: 1024,
    timeoutSeconds: 60,
    // The run record (put), the lease given back (conditional delete).
    table: ['PutItem', 'DeleteItem'],
    reads: ['runs/'],
    writes: ['runs/'],
    google: false,
    mail: false,
    office: false,
    lease: false,
    description: "The run's JSON document and record; the lease given back",
  },
  fail: {
    memoryMb: 256,
    timeoutSeconds: 60,
    table: ['PutItem', 'DeleteItem'],
    reads: ['runs/'],
    writes: [],
    google: false,
    mail: true,
    office: true,
    lease: false,
    description: 'A failed run recorded, the office told, the lease given back',
  },
};

export const TASK_NAMES = Object.keys(TASK_SPECS) as TaskName[];
