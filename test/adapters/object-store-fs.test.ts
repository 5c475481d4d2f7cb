import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsObjectStore, InvalidObjectKeyError } from '../../shared/adapters/object-store/fs-object-store.js';

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

  it('puts and gets text and bytes under nested keys', async () => {
    await store.put('raw/2018/H001/rev-1.json', '{"tab":"Giảm nghèo"}', 'application/json');
    await store.put('raw/2018/H001/rev-1.bin', new Uint8Array([0, 255, 7]));
    const text = await store.get('raw/2018/H001/rev-1.json');
    expect(Buffer.from(text ?? []).toString('utf8')).toBe('{"tab":"Giảm nghèo"}');
    expect([...(await store.get('raw/2018/H001/rev-1.bin') ?? [])]).toEqual([0, 255, 7]);
    // The file is where the key says, so people can inspect the audit trail.
    expect(await readFile(join(root, 'raw', '2018', 'H001', 'rev-1.json'), 'utf8')).toBe('{"tab":"Giảm nghèo"}');
  });

  it('returns undefined for a missing key and for a key that is a folder', async () => {
    await store.put('raw/2018/H001/a.json', 'x');
    expect(await store.get('raw/2018/H002/a.json')).toBeUndefined();
    expect(await store.get('raw/2018')).toBeUndefined();
    expect(await store.get('raw/2018/H001/a.json/deeper')).toBeUndefined();
  });

  it('overwrites a key and leaves no temporary files behind', async () => {
    await store.put('summary/latest.xlsx', 'old');
    await store.put('summary/latest.xlsx', 'new');
    expect(Buffer.from((await store.get('summary/latest.xlsx')) ?? []).toString()).toBe('new');
    expect(await readdir(join(root, 'summary'))).toEqual(['latest.xlsx']);
  });

  it('keeps every version when many puts race on one key', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => `body-${i}-${'x'.repeat(10_000)}`);
    await Promise.all(bodies.map((b) => store.put('race/key.txt', b)));
    const final = Buffer.from((await store.get('race/key.txt')) ?? []).toString();
    // Whichever won, it is one complete body, never a mix.
    expect(bodies).toContain(final);
    expect(await readdir(join(root, 'race'))).toEqual(['key.txt']);
  });

  it('lists keys by string prefix, sorted, across folders', async () => {
    for (const key of ['raw/2018/H010/b.json', 'raw/2018/H002/a.json', 'raw/2019/H001/a.json', 'raw/2018/H002/c.json', 'summary/x.xlsx']) {
      await store.put(key, key);
    }
    expect(await store.list('raw/2018/')).toEqual(['raw/2018/H002/a.json', 'raw/2018/H002/c.json', 'raw/2018/H010/b.json']);
    expect(await store.list('raw/2018/H0')).toEqual(['raw/2018/H002/a.json', 'raw/2018/H002/c.json', 'raw/2018/H010/b.json']);
    expect(await store.list('raw/201')).toEqual([
      'raw/2018/H002/a.json',
      'raw/2018/H002/c.json',
      'raw/2018/H010/b.json',
      'raw/2019/H001/a.json',
    ]);
    expect(await store.list('')).toHaveLength(5);
    expect(await store.list('nothing/here/')).toEqual([]);
  });

  it('does not list stray dot files (e.g. an interrupted temporary write)', async () => {
    await store.put('raw/a.json', 'a');
    await writeFile(join(root, 'raw', '.abc123.tmp'), 'half');
    await mkdir(join(root, '.trash'), { recursive: true });
    await writeFile(join(root, '.trash', 'x'), 'x');
    expect(await store.list('')).toEqual(['raw/a.json']);
  });

  it.each([
    ['../escape.txt'],
    ['raw/../../escape.txt'],
    ['/etc/passwd'],
    ['raw//double.txt'],
    ['raw/./here.txt'],
    ['raw\\win.txt'],
    ['C:/windows.txt'],
    ['raw/'],
    [''],
    ['raw/.hidden'],
  ])('refuses the key %j', async (key) => {
    await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('refuses a prefix that climbs out of the store', async () => {
    await expect(store.list('../')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.list('/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });
});
