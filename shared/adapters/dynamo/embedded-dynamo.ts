import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import type { AddressInfo } from 'node:net';

/** The slice of dynalite's options this project uses (dynalite ships no type declarations). */
interface DynaliteOptions {
  path?: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

type DynaliteFactory = (options: DynaliteOptions) => Server;

export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>`, to pass to `createDynamoClient`. */
  endpoint: string;
  close(): Promise<void>;
}

export class EmbeddedDynamoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDynamoError';
  }
}

/** Another live process (or this one) already serves the folder. */
export class EmbeddedDynamoLockedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDynamoLockedError';
  }
}

// dynalite is CommonJS; createRequire keeps the import independent of how the ESM loader
// interprets its `module.exports = function`.
const requireCjs = createRequire(import.meta.url);

/**
 * Starts dynalite (a DynamoDB-compatible server) inside this process on a free loopback port.
 * With `path` the data lives in a LevelDB folder and survives the process; without it the table
 * is in memory. Table state changes are instant so `ensureTable` does not wait.
 */
export async function startEmbeddedDynamo(options: { path?: string } = {}): Promise<EmbeddedDynamo> {
  const dynalite = requireCjs('dynalite') as DynaliteFactory;
  let releaseLock = async (): Promise<void> => undefined;
  if (options.path !== undefined) {
    // LevelDB creates its own folder but not missing parents.
    await mkdir(options.path, { recursive: true });
    releaseLock = await acquireFolderLock(`${resolvePath(options.path)}.lock`);
  }
  const server = dynalite({
    ...(options.path !== undefined ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    await releaseLock();
    throw new EmbeddedDynamoError(`Could not start the embedded DynamoDB (${options.path ?? 'in memory'}).`, { cause });
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // dynalite's close waits for open HTTP connections (up to 30 s) before closing LevelDB;
        // a client with keep-alive sockets would hold it. Dropping every connection right after
        // the listener stops lets it go straight to closing the database.
        server.close((err?: Error) => {
          releaseLock().then(
            () => (err ? reject(new EmbeddedDynamoError('Closing the embedded DynamoDB failed.', { cause: err })) : resolve()),
            reject,
          );
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Lock files this process holds, to tell our own live lock from a stale one with a reused pid. */
const heldLocks = new Set<string>();

/**
 * A pid file beside the LevelDB folder. LevelDB refuses a second opener, but dynalite opens it
 * lazily and throws that refusal from a callback, which kills the process on the first request;
 * checking first turns a concurrent CLI run into a clear error. A lock left by a process that
 * died is taken over.
 */
async function acquireFolderLock(lockPath: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      heldLocks.add(lockPath);
      return async () => {
        heldLocks.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) {
        throw new EmbeddedDynamoError(`Could not create the lock ${lockPath}.`, { cause: err });
      }
    }
    const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    const alive = Number.isInteger(holder) && (holder === process.pid ? heldLocks.has(lockPath) : processExists(holder));
    if (alive) {
      throw new EmbeddedDynamoLockedError(
        `The embedded DynamoDB folder is in use by process ${holder} (lock ${lockPath}); wait for that run to finish.`,
      );
    }
    await rm(lockPath, { force: true });
  }
  throw new EmbeddedDynamoLockedError(`Could not take the lock ${lockPath}: another process keeps taking it.`);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
