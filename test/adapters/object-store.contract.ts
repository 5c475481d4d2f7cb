import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidObjectKeyError } from '../../shared/ports/object-store-errors.js';
import type { ObjectStore } from '../../shared/ports/object-store.js';

export interface ObjectStoreHarness {
  store: ObjectStore;
  /** Every object the backing holds, read past the store (files under the root, keys in the bucket). */
  rawKeys(): Promise<string[]>;
  close(): Promise<void>;
}

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

export interface ObjectStoreContractOptions {
  /**
   * Why the racing-puts test cannot run on this backing (a stand-in that is weaker than the
   * service it stands for); the test is then reported as skipped, not passed.
   */
  racingPutsUntestable?: string;
}

/** What every `ObjectStore` must do, run against each implementation on a fresh, empty backing. */
export function describeObjectStoreContract(name: string, makeHarness: () => Promise<ObjectStoreHarness>, options: ObjectStoreContractOptions = {}): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let h: ObjectStoreHarness;
    let store: ObjectStore;
    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterEach(async () => {
      await h.close();
    });

    it('puts and gets text and bytes under nested keys', async () => {
      await store.put('raw/2018/H001/rev-1.json', '{"tab":"Giảm nghèo"}', 'application/json');
      await store.put('raw/2018/H001/rev-1.bin', new Uint8Array([0, 255, 7, 13, 10, 0x80]));
      expect(text(await store.get('raw/2018/H001/rev-1.json'))).toBe('{"tab":"Giảm nghèo"}');
      expect([...((await store.get('raw/2018/H001/rev-1.bin')) ?? [])]).toEqual([0, 255, 7, 13, 10, 0x80]);
    });

    it('keeps UTF-8 Vietnamese bodies and keys byte for byte, and an empty body', async () => {
      const body = 'Xã Đắk Glong: đạt 17/19 tiêu chí — “nông thôn mới” ✓ 𝔸';
      await store.put('raw/Đắk Nông/Huyện Đắk Glong.json', body);
      await store.put('raw/empty.txt', new Uint8Array(0));
      const back = await store.get('raw/Đắk Nông/Huyện Đắk Glong.json');
      expect(Buffer.from(back ?? []).equals(Buffer.from(body, 'utf8'))).toBe(true);
      expect(await store.list('raw/Đắk')).toEqual(['raw/Đắk Nông/Huyện Đắk Glong.json']);
      expect((await store.get('raw/empty.txt'))?.byteLength).toBe(0);
    });

    it('returns undefined for a missing key and for a key that is a folder', async () => {
      await store.put('raw/2018/H001/a.json', 'x');
      expect(await store.get('raw/2018/H002/a.json')).toBeUndefined();
      expect(await store.get('raw/2018')).toBeUndefined();
      expect(await store.get('raw/2018/H001/a.json/deeper')).toBeUndefined();
    });

    it('overwrites a key, leaving one object', async () => {
      await store.put('summary/latest.xlsx', 'old');
      await store.put('summary/latest.xlsx', 'new');
      expect(text(await store.get('summary/latest.xlsx'))).toBe('new');
      expect(await store.list('summary/')).toEqual(['summary/latest.xlsx']);
      expect(await h.rawKeys()).toHaveLength(1);
    });

    it.skipIf(options.racingPutsUntestable !== undefined)('keeps one complete version when many puts race on one key', async () => {
      const bodies = Array.from({ length: 20 }, (_, i) => `body-${i}-${'x'.repeat(10_000)}`);
      await Promise.all(bodies.map((b) => store.put('race/key.txt', b)));
      // Whichever won, it is one complete body, never a mix.
      expect(bodies).toContain(text(await store.get('race/key.txt')));
      expect(await h.rawKeys()).toHaveLength(1);
    });

    it('lists keys by string prefix, sorted, across folders', async () => {
      for (const key of ['raw/2018/H010/b.json', 'raw/2018/H002/a.json', 'raw/2019/H001/a.json', 'raw/2018/H002/c.json', 'summary/x.xlsx']) {
        await store.put(key, key);
      }
      expect(await store.list('raw/2018/')).toEqual(['raw/2018/H002/a.json', 'raw/2018/H002/c.json', 'raw/2018/H010/b.json']);
      expect(await store.list('raw/2018/H0')).toEqual(['raw/2018/H002/a.json', 'raw/2018/H002/c.json', 'raw/2018/H010/b.json']);
      expect(await store.list('raw/201')).toEqual(['raw/2018/H002/a.json', 'raw/2018/H002/c.json', 'raw/2018/H010/b.json', 'raw/2019/H001/a.json']);
      expect(await store.list('')).toHaveLength(5);
      expect(await store.list('nothing/here/')).toEqual([]);
    });

    it('sorts by UTF-16 code units, as Array.prototype.sort does', async () => {
      // U+FF5E sorts after U+1D538 in UTF-8 byte order but before it in UTF-16 code units.
      const keys = ['k/\u{1D538}.txt', 'k/\uFF5E.txt', 'k/z.txt', 'k/Z.txt', 'k/ă.txt'];
      for (const key of keys) await store.put(key, key);
      expect(await store.list('k/')).toEqual([...keys].sort());
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
      ['raw/nul\0.txt'],
    ])('refuses the key %j and stores nothing', async (key) => {
      await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect(await h.rawKeys()).toEqual([]);
    });

    it('refuses a prefix that climbs out of the store', async () => {
      await expect(store.list('../')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.list('/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.list('raw/../x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    });
  });
}
