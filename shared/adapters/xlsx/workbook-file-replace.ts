import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, chown, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WorkbookChangedError, WorkbookWriteError, type WorkbookStat, type WorkbookWriteRefusal } from '../../ports/workbook-gateway.js';

/**
 * Replacing a workbook file so that staff's content is never lost: a temporary file beside it is
 * filled and renamed over it, so a reader (or staff opening the file) never sees a half-written
 * workbook and a crash leaves the old file intact; and the replacement is refused, leaving the
 * file untouched and no temporary file behind, when
 * - the file is no longer the version the new content was made from (staff saved meanwhile):
 *   WorkbookChangedError, checked just before the rename;
 * - the file is read-only, the folder or file may not be written, another program holds it, or
 *   anything else fails: WorkbookWriteError with a Vietnamese reason.
 * The new file keeps the old one's permission bits, owner and group (where the process may set them).
 */

const errnoCode = (e: unknown): string | undefined => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined);

/** The stat of a workbook file as the gateway reports it: the version is size and modification time. */
export function workbookStatOf(s: Pick<Stats, 'size' | 'mtimeMs'>): WorkbookStat {
  return { modifiedMs: s.mtimeMs, version: `${s.size}:${s.mtimeMs}` };
}

const REASONS: Readonly<Record<WorkbookWriteRefusal, string>> = {
  read_only: 'tệp chỉ đọc',
  permission: 'không có quyền ghi vào tệp hoặc thư mục',
  busy: 'tệp đang được mở bởi chương trình khác',
  io: 'lỗi khi ghi tệp',
};

/** How a failed write is reported: errno codes of permissions and locks, everything else as I/O. */
export function writeRefusalOf(error: unknown): { kind: WorkbookWriteRefusal; reason: string } {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'permission', reason: REASONS.permission };
  // EBUSY and ETXTBSY on POSIX; Windows reports a sharing violation (the file open in Excel) as EBUSY.
  if (code === 'EBUSY' || code === 'ETXTBSY') return { kind: 'busy', reason: REASONS.busy };
  if (code === 'EROFS') return { kind: 'read_only', reason: REASONS.read_only };
  return { kind: 'io', reason: code === undefined ? REASONS.io : `${REASONS.io} (${code})` };
}

/**
 * Whether the permission bits deny this process writing the file. Root may write any file, so for
 * root a file is read-only when nobody may write it (mode 0444, or Windows' read-only attribute),
 * which is what staff meant by making it so.
 */
export function isReadOnlyFor(s: Pick<Stats, 'mode' | 'uid' | 'gid'>): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return (s.mode & 0o222) === 0;
  if (s.uid === uid) return (s.mode & 0o200) === 0;
  const groups = new Set([process.getgid?.(), ...(process.getgroups?.() ?? [])]);
  if (groups.has(s.gid)) return (s.mode & 0o020) === 0;
  return (s.mode & 0o002) === 0;
}

/** Our temporary files: `.<name>.<pid>.<8 hex>.tmp` beside the workbook. */
const TEMP_FILE = /^\.(.+)\.(\d+)\.([0-9a-f]{8})\.tmp$/;
/** A temporary file this old is left over whatever its process id says (ids are reused). */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** Folders swept for stale temporary files, and when: once an hour per folder is enough. */
const swept = new Map<string, number>();

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, it is just not ours to signal.
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * Removes temporary files of ours in `dir` left by a run that was killed mid-write: their process
 * is gone, or they are older than an hour. Best effort: a file that cannot be removed stays.
 */
export async function removeStaleTempFiles(dir: string, now: number = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const s = await stat(path);
      if (!s.isFile()) continue;
      if (processAlive(Number(m[2])) && now - s.mtimeMs < STALE_TEMP_MS) continue;
      await rm(path, { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

async function sweepOnce(dir: string): Promise<void> {
  const now = Date.now();
  const last = swept.get(dir);
  if (last !== undefined && now - last < STALE_TEMP_MS) return;
  swept.set(dir, now);
  await removeStaleTempFiles(dir, now);
}

export interface ReplaceGuard {
  /**
   * The version the new content was made from: the file must still have it at the rename. `null`
   * when the file must not exist yet (a new workbook).
   */
  expectedVersion: string | null;
}

/** The version of the file at `path` now, or null when there is none. */
async function currentVersion(path: string): Promise<string | null> {
  try {
    return workbookStatOf(await stat(path)).version;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Gives the new file the old one's owner, group and permission bits (owner and group only where allowed). */
async function keepOwnershipAndMode(tmp: string, original: Stats): Promise<void> {
  // The new file is ours already when the old one was (the usual case): no chown to wait for.
  const ours = original.uid === process.geteuid?.() && original.gid === process.getegid?.();
  // chown first: changing the owner may clear the set-id bits chmod then restores.
  if (!ours) await giveTo(tmp, original);
  await chmod(tmp, original.mode & 0o7777);
}

async function giveTo(tmp: string, original: Stats): Promise<void> {
  try {
    await chown(tmp, original.uid, original.gid);
  } catch (error) {
    if (errnoCode(error) !== 'EPERM') throw error;
    try {
      // Not allowed to give the file away: keep at least its group, when we are in it.
      await chown(tmp, -1, original.gid);
    } catch (again) {
      if (errnoCode(again) !== 'EPERM') throw again;
    }
  }
}

/**
 * Replaces `path` with what `write` puts in the temporary path it is given, under `guard`.
 * Throws WorkbookChangedError or WorkbookWriteError; on either (and on any error of `write`,
 * rethrown as it is) the file is untouched and the temporary file removed.
 */
export async function replaceWorkbookFile(path: string, ref: string, guard: ReplaceGuard, write: (tmp: string) => Promise<void>): Promise<void> {
  const dir = dirname(path);
  await sweepOnce(dir);
  let original: Stats | undefined;
  try {
    original = await stat(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      const refusal = writeRefusalOf(error);
      throw new WorkbookWriteError(ref, refusal.kind, refusal.reason, { cause: error });
    }
  }
  if (original !== undefined ? workbookStatOf(original).version !== guard.expectedVersion : guard.expectedVersion !== null) {
    throw new WorkbookChangedError(ref);
  }
  // Root could rename over a read-only file; what staff marked read-only stays as it is.
  if (original !== undefined && isReadOnlyFor(original)) throw new WorkbookWriteError(ref, 'read_only', REASONS.read_only);

  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let step: 'write' | 'place' = 'write';
  try {
    await write(tmp);
    step = 'place';
    if (original !== undefined) await keepOwnershipAndMode(tmp, original);
    // As late as possible: staff may have saved while the new content was being made.
    if ((await currentVersion(path)) !== guard.expectedVersion) throw new WorkbookChangedError(ref);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (error instanceof WorkbookChangedError || error instanceof WorkbookWriteError) throw error;
    // A failure of the content writer itself (not of the file system) is the caller's to report.
    if (step === 'write' && errnoCode(error) === undefined) throw error;
    const refusal = writeRefusalOf(error);
    throw new WorkbookWriteError(ref, refusal.kind, refusal.reason, { cause: error });
  }
}
