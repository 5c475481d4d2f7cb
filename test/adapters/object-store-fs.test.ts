import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../shared/adapters/object-store/fs-object-store.js';
import { describeObjectStoreContract } from './object-store.contract.js';

/** Every file and folder under `dir`, dot files included, as `/`-separated paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    );
}

describeObjectStoreContract('files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntp-objects-'));
  const root = join(dir, '.state', 'objects');
  return {
    store: new FsObjectStore(root),
    // The whole temporary folder: a refused key must not create anything, even outside the root.
    rawKeys: () => filesUnder(dir),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('FsObjectStore', () => {
  let dir: string;
  let root: string;
  let store: FsObjectStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ntp-objects-'));
    root = join(dir, '.state', 'objects');
    store = new FsObjectStore(root);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps each object in the file its key names, so people can inspect the audit trail', async () => {
    await store.put('raw/2018/H001/rev-1.json', '{"tab":"Giảm nghèo"}', 'application/json');
    expect(await readFile(join(root, 'raw', '2018', 'H001', 'rev-1.json'), 'utf8')).toBe('{"tab":"Giảm nghèo"}');
  });

  it('leaves no temporary files behind, even when puts race', async () => {
    await store.put('summary/latest.xlsx', 'old');
    await store.put('summary/latest.xlsx', 'new');
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('race/key.txt', `body-${i}-${'x'.repeat(10_000)}`)));
    expect(await readdir(join(root, 'summary'))).toEqual(['latest.xlsx']);
    expect(await readdir(join(root, 'race'))).toEqual(['key.txt']);
  });

  it('creates no folder for a refused key', async () => {
    for (const key of ['../escape.txt', 'raw//double.txt', 'raw/.hidden', 'raw/']) {
      await expect(store.put(key, 'x')).rejects.toThrow();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not list stray dot files (e.g. an interrupted temporary write)', async () => {
    await store.put('raw/a.json', 'a');
    await writeFile(join(root, 'raw', '.abc123.tmp'), 'half');
    await mkdir(join(root, '.trash'), { recursive: true });
    await writeFile(join(root, '.trash', 'x'), 'x');
    expect(await store.list('')).toEqual(['raw/a.json']);
  });
});
