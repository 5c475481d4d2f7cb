import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ObjectStore } from '../../ports/object-store.js';
import { InvalidObjectKeyError, ObjectStoreIoError } from '../../ports/object-store-errors.js';
import { validateObjectKey } from './object-key.js';

// Importers from before the errors moved to the port.
export { InvalidObjectKeyError, ObjectStoreIoError } from '../../ports/object-store-errors.js';

/**
 * The object store of the embedded mode: one file per key under a folder
 * (`<workspace>/.state/objects`). Keys are `/`-separated relative paths. Segments may not start
 * with `.`, which rules out `.` and `..` and keeps the store's own temporary files out of keys.
 * Content types are not kept: a file has none, and the pipeline reads back bytes only.
 */
export class FsObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: string | Uint8Array, _contentType?: string): Promise<void> {
    const file = this.fileOf(key);
    // Write beside the target and rename: a reader sees the old or the new object, never half.
    const temp = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, body);
      await rename(temp, file);
    } catch (cause) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new ObjectStoreIoError(`Could not write object ${key}.`, { cause });
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const file = this.fileOf(key);
    try {
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (cause) {
      const code = errnoCode(cause);
      // A missing key, or a key that is a "folder" of other keys, is simply absent.
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw new ObjectStoreIoError(`Could not read object ${key}.`, { cause });
    }
  }

  /** Every key starting with `prefix` (plain string prefix, as S3), sorted. */
  async list(prefix: string): Promise<string[]> {
    if (prefix !== '') validateObjectKey(prefix, true);
    // Only the folder that the prefix fully names needs walking.
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const keys: string[] = [];
    await this.walk(base, keys);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  private async walk(relDir: string, out: string[]): Promise<void> {
    const dir = relDir === '' ? this.root : join(this.root, ...relDir.split('/'));
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      const code = errnoCode(cause);
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw new ObjectStoreIoError(`Could not list objects under ${relDir || '/'}.`, { cause });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) await this.walk(rel, out);
      else if (entry.isFile()) out.push(rel);
    }
  }

  private fileOf(key: string): string {
    validateObjectKey(key, false);
    const file = join(this.root, ...key.split('/'));
    // Belt and braces: the checks above already keep the path inside the root.
    if (!file.startsWith(this.root + sep)) throw new InvalidObjectKeyError(key, 'outside the store');
    return file;
  }
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const { code } = err;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
