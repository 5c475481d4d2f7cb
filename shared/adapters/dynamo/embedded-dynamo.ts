import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ClassicLevel } from 'classic-level';
import { formatViDateTime } from '../../publish/vi-time.js';

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
  let releaseLock = (): Promise<void> => Promise.resolve();
  if (options.path !== undefined) {
    // LevelDB creates its own folder but not missing parents.
    await mkdir(options.path, { recursive: true });
    releaseLock = await acquireFolderLock(resolvePath(options.path));
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
          releaseLock().then(() => (err ? reject(new EmbeddedDynamoError('Closing the embedded DynamoDB failed.', { cause: err })) : resolve()), reject);
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Who holds the workspace's store, as written beside the lock for the next process to read. */
interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
}

const isLevelLocked = (error: unknown): boolean => {
  const codes: unknown[] = [];
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) codes.push((e as { code?: unknown }).code);
  return codes.includes('LEVEL_LOCKED');
};

/**
 * One process per store folder. The lock is a tiny LevelDB of its own (`<folder>.lock.db`) held
 * open for the whole run: LevelDB locks its folder with the operating system's file lock, which is
 * taken atomically and released by the kernel when the process ends in any way (kill -9 included),
 * so two processes started at the same instant cannot both pass, and a lock is never stale, whoever
 * has the dead process's pid now. `<folder>.lock` only says who holds it, for the message.
 * The store folder itself is then opened once, briefly, so that a foreign program holding it
 * gives a clear error here instead of a crash inside dynalite at its first request.
 */
async function acquireFolderLock(folder: string): Promise<() => Promise<void>> {
  const infoPath = `${folder}.lock`;
  const lock = new ClassicLevel(`${folder}.lock.db`);
  try {
    await lock.open();
  } catch (error) {
    if (!isLevelLocked(error)) throw new EmbeddedDynamoError(`Không tạo được khoá ${folder}.lock.db.`, { cause: error });
    throw new EmbeddedDynamoLockedError(lockedMessage(await waitForHolder(infoPath)), { cause: error });
  }
  const release = async (): Promise<void> => {
    await rm(infoPath, { force: true });
    await lock.close();
  };
  try {
    const holder: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname() };
    await writeFile(infoPath, `${JSON.stringify(holder)}\n`);
    const store = new ClassicLevel(folder);
    try {
      await store.open();
    } catch (error) {
      if (!isLevelLocked(error)) throw new EmbeddedDynamoError(`Không mở được cơ sở dữ liệu ${folder}.`, { cause: error });
      throw new EmbeddedDynamoLockedError(`Cơ sở dữ liệu ${folder} đang được một chương trình khác mở; đóng chương trình đó rồi chạy lại.`, { cause: error });
    } finally {
      await store.close();
    }
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}

/** The holder's note; the winner of a race writes it just after taking the lock, so a loser waits a moment for it. */
async function waitForHolder(infoPath: string): Promise<LockHolder | undefined> {
  for (let attempt = 0; ; attempt++) {
    const holder = await readHolder(infoPath);
    if (holder !== undefined || attempt >= 10) return holder;
    await sleep(50);
  }
}

async function readHolder(infoPath: string): Promise<LockHolder | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(infoPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const h = parsed as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.startedAt === 'string' && typeof h.host === 'string'
      ? { pid: h.pid, startedAt: h.startedAt, host: h.host }
      : undefined;
  } catch {
    // Written just after the lock is taken: a reader may come in between, or find a file of an older version.
    return undefined;
  }
}

function lockedMessage(holder: LockHolder | undefined): string {
  const who =
    holder === undefined
      ? 'một lần chạy khác'
      : `lần chạy của tiến trình ${holder.pid} trên máy ${holder.host}, bắt đầu lúc ${formatViDateTime(holder.startedAt)}`;
  return `Thư mục làm việc đang được ${who} sử dụng. Đợi lần chạy đó xong rồi chạy lại.`;
}
