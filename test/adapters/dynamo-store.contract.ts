import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { a1, indicatorId, periodId, unitCode } from '../../shared/domain/ids.js';
import type { IndicatorSnapshot, Store } from '../../shared/ports/store.js';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoStore } from '../../shared/adapters/dynamo/dynamo-store.js';
import { ntmRow, povertyRow, submission } from './dynamo-fixtures.js';

export interface StoreHarness {
  store: Store;
  close(): Promise<void>;
  /** Items in the whole table, read past the store (to prove re-writes add nothing). */
  countItems?: () => Promise<number>;
}

/** A fresh table on a running server, as a contract harness; `close` also runs `closeServer`. */
export async function dynamoHarness(endpoint: string, tableName: string, closeServer: () => Promise<void> = () => Promise.resolve()): Promise<StoreHarness> {
  const client = createDynamoClient({ endpoint });
  await ensureTable(client, tableName);
  return {
    store: new DynamoStore({ client, tableName }),
    countItems: async () => {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return count;
    },
    close: async () => {
      client.destroy();
      await closeServer();
    },
  };
}

const P2018 = periodId('2018');
const P2019Q3 = periodId('2019-Q3');

function snapshot(scope: string, runId: string, scale: number): IndicatorSnapshot {
  return {
    scope,
    values: {
      [indicatorId('ntm.communes_met')]: { v: 12 * scale, n: 12 * scale, d: 40 },
      [indicatorId('poverty.rate')]: { v: 3.25 * scale },
    },
    first: { [indicatorId('ntm.communes_met')]: 12, [indicatorId('poverty.rate')]: 3.25 },
    runId,
    updatedAt: `2019-07-0${scale}T00:00:00.000Z`,
  };
}

/**
 * The behaviour every Store must show, run against each DynamoDB implementation available here.
 * `makeStore` is called once per test and must return an empty store.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await makeStore();
    });
    afterEach(async () => {
      await h.close();
    });

    it('round-trips submissions with every field, and keeps periods apart', async () => {
      const full = submission(P2018, 'H001', 3, {
        status: 'invalid',
        sourceVersion: 'rev-42',
        sourceModifiedMs: 1_562_288_523_000,
        contextKey: 'c0ffee0123456789',
        receivedAt: '2019-07-01T00:00:00.000Z',
        acceptedAt: '2019-07-02T00:00:00.000Z',
        staleCommunes: [unitCode('X01001')],
        issues: [
          {
            code: 'number_ambiguous',
            severity: 'error',
            tab: 'Giảm nghèo',
            cell: a1(7, 4),
            value: '1,955',
            message: 'Số “1,955” không rõ là 1955 hay 1,955.',
            hint: 'Gõ 1955 hoặc 1,955 kèm chữ số thập phân khác.',
          },
          { code: 'column_extra', severity: 'warning', tab: 'NTM', message: 'Cột “Ghi chú thêm” bị bỏ qua.' },
        ],
        rawKey: 'raw/2018/H001/rev-42.json',
      });
      full.data.ntm = [ntmRow(1, { recognisedYear: 2017, note: 'Đạt chuẩn nông thôn mới nâng cao' }), ntmRow(2)];
      const bare = submission(P2018, 'H002', 0, { status: 'missing', data: {} });
      const otherPeriod = submission(P2019Q3, 'H001', 1);
      await h.store.saveSubmissions([full, bare, otherPeriod]);

      const loaded = await h.store.loadSubmissions(P2018);
      expect([...loaded.keys()].sort()).toEqual(['H001', 'H002']);
      expect(loaded.get(unitCode('H001'))).toEqual(full);
      expect(loaded.get(unitCode('H002'))).toEqual(bare);
      // Optional fields that were never set must not come back as `undefined` keys.
      expect(Object.keys(loaded.get(unitCode('H002')) ?? {}).sort()).toEqual(
        ['checkedAt', 'data', 'issues', 'period', 'staleCommunes', 'status', 'unit'].sort(),
      );
      expect((await h.store.loadSubmissions(P2019Q3)).get(unitCode('H001'))).toEqual(otherPeriod);
      expect((await h.store.loadSubmissions(periodId('2020'))).size).toBe(0);
    });

    it('keeps the criteria pattern of every commune exactly', async () => {
      const rec = submission(P2018, 'H003', 40);
      await h.store.saveSubmissions([rec]);
      const back = (await h.store.loadSubmissions(P2018)).get(unitCode('H003'));
      const criteria = back?.data.ntm?.map((r) => r.criteria.map((c) => (c ? 1 : 0)).join(''));
      expect(criteria).toEqual(rec.data.ntm?.map((r) => r.criteria.map((c) => (c ? 1 : 0)).join('')));
      expect(back?.data.ntm?.[0]?.criteria).toHaveLength(19);
    });

    it('reads a partition larger than one 1 MB query page', async () => {
      // 300 submissions of ~14 KB each: about 4 MB, so at least four query pages.
      const records = Array.from({ length: 300 }, (_, i) => submission(P2018, `H${String(i).padStart(3, '0')}`, 40));
      const size = records.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
      expect(size).toBeGreaterThan(3 * 1024 * 1024);
      await h.store.saveSubmissions(records);
      const loaded = await h.store.loadSubmissions(P2018);
      expect(loaded.size).toBe(300);
      expect(loaded.get(unitCode('H299'))).toEqual(records[299]);
      expect(loaded.get(unitCode('H000'))).toEqual(records[0]);
    });

    it('re-writing the same records leaves the same items and counts only what was written', async () => {
      const records = Array.from({ length: 60 }, (_, i) => submission(P2018, `H${i}`, 2));
      const start = h.store.writeCount;
      await h.store.saveSubmissions(records);
      expect(h.store.writeCount - start).toBe(60);
      const itemsAfterFirst = await h.countItems?.();
      const first = await h.store.loadSubmissions(P2018);

      await h.store.saveSubmissions(records);
      expect(h.store.writeCount - start).toBe(120);
      expect(await h.countItems?.()).toBe(itemsAfterFirst);
      expect(await h.store.loadSubmissions(P2018)).toEqual(first);

      // Two versions of one record in one call: the later one wins (one item, one write).
      const v1 = submission(P2018, 'H900', 1, { sourceVersion: 'a' });
      const v2 = submission(P2018, 'H900', 1, { sourceVersion: 'b' });
      await h.store.saveSubmissions([v1, v2]);
      expect(h.store.writeCount - start).toBe(121);
      expect((await h.store.loadSubmissions(P2018)).get(unitCode('H900'))?.sourceVersion).toBe('b');
      if (h.countItems !== undefined) expect(await h.countItems()).toBe((itemsAfterFirst ?? 0) + 1);

      await h.store.saveSubmissions([]);
      expect(h.store.writeCount - start).toBe(121);
    });

    it('stores latest snapshots per scope and one history item per run', async () => {
      const scopes = ['T01', 'H001', 'nhóm:xã biên giới'];
      const start = h.store.writeCount;
      await h.store.saveIndicatorSnapshots(
        P2018,
        scopes.map((s) => snapshot(s, 'run-2019-07-01', 1)),
      );
      expect(h.store.writeCount - start).toBe(6);
      await h.store.saveIndicatorSnapshots(
        P2018,
        scopes.map((s) => snapshot(s, 'run-2019-07-02', 2)),
      );
      // The same run again (a retried run) replaces its history item instead of adding one.
      await h.store.saveIndicatorSnapshots(
        P2018,
        scopes.map((s) => snapshot(s, 'run-2019-07-02', 2)),
      );

      const latest = await h.store.loadIndicatorSnapshots(P2018);
      expect([...latest.keys()].sort()).toEqual([...scopes].sort());
      expect(latest.get('nhóm:xã biên giới')).toEqual(snapshot('nhóm:xã biên giới', 'run-2019-07-02', 2));

      const history = await h.store.loadIndicatorHistory(P2018, 'H001');
      expect(history).toEqual([snapshot('H001', 'run-2019-07-01', 1), snapshot('H001', 'run-2019-07-02', 2)]);
      expect(await h.store.loadIndicatorHistory(P2018, 'H002')).toEqual([]);
      expect((await h.store.loadIndicatorSnapshots(P2019Q3)).size).toBe(0);
    });

    it('round-trips alert states per (key, recipient) and overwrites each one alone', async () => {
      const sent = (key: string, recipient: string | undefined, fingerprint: string, day: string) => ({
        key,
        ...(recipient === undefined ? {} : { recipient }),
        fingerprint,
        lastSentAt: `2019-07-${day}T00:00:00.000Z`,
      });
      await h.store.saveAlertStates(P2018, [
        sent('target_missed|H001|ntm.communes_met', 'vp@tinh.vn', 'f1', '01'),
        sent('target_missed|H001|ntm.communes_met', 'huyen#1@tinh.vn', 'f1', '01'),
        sent('report_late|H002', 'vp@tinh.vn', 'f2', '01'),
        // As stored before states were per recipient.
        sent('report_late|H003', undefined, 'f4', '01'),
      ]);
      await h.store.saveAlertStates(P2018, [sent('target_missed|H001|ntm.communes_met', 'huyen#1@tinh.vn', 'f3', '08')]);
      const states = await h.store.loadAlertStates(P2018);
      const byId = (list: readonly { key: string; recipient?: string }[]) =>
        [...list].sort((a, b) => `${a.key} ${a.recipient ?? ''}`.localeCompare(`${b.key} ${b.recipient ?? ''}`));
      expect(byId(states)).toEqual(
        byId([
          sent('target_missed|H001|ntm.communes_met', 'vp@tinh.vn', 'f1', '01'),
          sent('target_missed|H001|ntm.communes_met', 'huyen#1@tinh.vn', 'f3', '08'),
          sent('report_late|H002', 'vp@tinh.vn', 'f2', '01'),
          sent('report_late|H003', undefined, 'f4', '01'),
        ]),
      );
      expect(states.find((s) => s.key === 'report_late|H003')).not.toHaveProperty('recipient');
      expect(await h.store.loadAlertStates(P2019Q3)).toEqual([]);
    });

    it('keeps when an alert was first sent and when it was told resolved, and reads states without them', async () => {
      const key = 'data_invalid|H009|';
      await h.store.saveAlertStates(P2018, [
        { key, recipient: 'vp@tinh.vn', fingerprint: 'invalid|3', lastSentAt: '2019-07-09T00:00:00.000Z', firstSentAt: '2019-07-01T00:00:00.000Z' },
        {
          key,
          recipient: 'huyen@tinh.vn',
          fingerprint: 'invalid|3',
          lastSentAt: '2019-07-10T00:00:00.000Z',
          firstSentAt: '2019-07-01T00:00:00.000Z',
          resolvedAt: '2019-07-10T00:00:00.000Z',
        },
        { key, recipient: 'xa@tinh.vn', fingerprint: 'invalid|3', lastSentAt: '2019-07-02T00:00:00.000Z' },
      ]);
      const states = (await h.store.loadAlertStates(P2018)).filter((s) => s.key === key);
      const of = (who: string) => states.find((s) => s.recipient === who);
      expect(of('vp@tinh.vn')).toEqual({
        key,
        recipient: 'vp@tinh.vn',
        fingerprint: 'invalid|3',
        lastSentAt: '2019-07-09T00:00:00.000Z',
        firstSentAt: '2019-07-01T00:00:00.000Z',
      });
      expect(of('huyen@tinh.vn')?.resolvedAt).toBe('2019-07-10T00:00:00.000Z');
      expect(of('xa@tinh.vn')).not.toHaveProperty('firstSentAt');
      expect(of('xa@tinh.vn')).not.toHaveProperty('resolvedAt');
    });

    it('keeps delivery failures per recipient until cleared', async () => {
      const failure = (recipient: string, attempts: number, officeTold: string[] = []) => ({
        recipient,
        address: recipient.toUpperCase(),
        message: '550 5.1.1 không có hộp thư này',
        permanent: true,
        firstFailedAt: '2019-07-01T00:00:00.000Z',
        lastFailedAt: `2019-07-0${attempts}T00:00:00.000Z`,
        attempts,
        officeTold,
      });
      await h.store.saveDeliveryFailures(P2018, [failure('a@tinh.vn', 1), failure('b#2@tinh.vn', 1)]);
      await h.store.saveDeliveryFailures(P2018, [failure('a@tinh.vn', 2, ['vp@tinh.vn'])]);
      expect(await h.store.loadDeliveryFailures(P2018)).toEqual([failure('a@tinh.vn', 2, ['vp@tinh.vn']), failure('b#2@tinh.vn', 1)]);
      expect(await h.store.loadDeliveryFailures(P2019Q3)).toEqual([]);
      await h.store.clearDeliveryFailures(P2018, ['a@tinh.vn', 'a@tinh.vn', 'never@tinh.vn']);
      expect(await h.store.loadDeliveryFailures(P2018)).toEqual([failure('b#2@tinh.vn', 1)]);
    });

    it('lists runs of a period in run id order', async () => {
      const run = (runId: string, units: number) => ({
        runId,
        period: P2018,
        asOf: '2018-06-30',
        startedAt: `${runId.slice(4)}T00:00:00.000Z`,
        finishedAt: `${runId.slice(4)}T00:00:05.000Z`,
        counts: { units, errors: 3, alerts: 0 },
      });
      const start = h.store.writeCount;
      await h.store.saveRun(run('run-2019-07-02', 12));
      await h.store.saveRun(run('run-2019-07-01', 10));
      await h.store.saveRun(run('run-2019-07-01', 10));
      expect(h.store.writeCount - start).toBe(3);
      expect(await h.store.listRuns(P2018)).toEqual([run('run-2019-07-01', 10), run('run-2019-07-02', 12)]);
      expect(await h.store.listRuns(P2019Q3)).toEqual([]);
    });

    it('gets and sets meta values', async () => {
      expect(await h.store.getMeta('summary-hash')).toBeUndefined();
      await h.store.setMeta('summary-hash', 'abc');
      await h.store.setMeta('summary-hash', 'def');
      await h.store.setMeta('tóm tắt', 'Bảng tổng hợp');
      expect(await h.store.getMeta('summary-hash')).toBe('def');
      expect(await h.store.getMeta('tóm tắt')).toBe('Bảng tổng hợp');
    });

    it('stores a submission larger than the item limit compressed, and replaces it with a small one', async () => {
      // ~3,000 communes with notes: well over 400 KB as JSON.
      const big = submission(P2018, 'H500', 0);
      big.data = {
        ntm: Array.from({ length: 3000 }, (_, i) => ntmRow(i, { note: `Ghi chú xã số ${i}: đã rà soát tiêu chí` })),
        giam_ngheo: Array.from({ length: 3000 }, (_, i) => povertyRow(i)),
      };
      expect(JSON.stringify(big).length).toBeGreaterThan(500_000);
      await h.store.saveSubmissions([big]);
      expect((await h.store.loadSubmissions(P2018)).get(unitCode('H500'))).toEqual(big);

      const small = submission(P2018, 'H500', 2, { sourceVersion: 'after' });
      await h.store.saveSubmissions([small]);
      expect((await h.store.loadSubmissions(P2018)).get(unitCode('H500'))).toEqual(small);
    });

    it("loads one unit's record alone", async () => {
      const a = submission(P2018, 'H001', 2);
      await h.store.saveSubmissions([a, submission(P2018, 'H002', 1)]);
      expect(await h.store.loadSubmission(P2018, unitCode('H001'))).toEqual(a);
      expect(await h.store.loadSubmission(P2018, unitCode('H404'))).toBeUndefined();
      expect(await h.store.loadSubmission(P2019Q3, unitCode('H001'))).toBeUndefined();
    });

    it('grants a lease to one owner at a time, again to that owner, and to another once expired or given back', async () => {
      const t0 = new Date('2024-12-20T01:00:00.000Z');
      const later = (ms: number): Date => new Date(t0.getTime() + ms);
      expect(await h.store.acquireLease('run', 'exec-1', 60_000, t0)).toEqual({ acquired: true });
      expect(await h.store.acquireLease('run', 'exec-2', 60_000, later(1_000))).toEqual({
        acquired: false,
        holder: { owner: 'exec-1', expiresAt: '2024-12-20T01:01:00.000Z' },
      });
      // A retried task of the same execution keeps it, and extends it.
      expect(await h.store.acquireLease('run', 'exec-1', 60_000, later(30_000))).toEqual({ acquired: true });
      expect((await h.store.acquireLease('run', 'exec-2', 60_000, later(61_000))).acquired).toBe(false);
      expect(await h.store.acquireLease('run', 'exec-2', 60_000, later(91_000))).toEqual({ acquired: true });
      // Giving back a lease one no longer holds leaves the holder's in place.
      await h.store.releaseLease('run', 'exec-1');
      expect((await h.store.acquireLease('run', 'exec-3', 60_000, later(92_000))).acquired).toBe(false);
      await h.store.releaseLease('run', 'exec-2');
      expect(await h.store.acquireLease('run', 'exec-3', 60_000, later(93_000))).toEqual({ acquired: true });
      // Leases of other names are apart.
      expect(await h.store.acquireLease('other', 'exec-9', 60_000, later(93_000))).toEqual({ acquired: true });
    });

    it('keeps the digest marks of each run apart', async () => {
      expect(await h.store.loadDigestMarks(P2018, 'run-1')).toEqual(new Map());
      const sending = { status: 'sending' } as const;
      await h.store.saveDigestMarks(
        P2018,
        'run-1',
        new Map([
          ['a@x.vn', sending],
          ['b@x.vn', sending],
          ['c@x.vn', sending],
        ]),
      );
      await h.store.saveDigestMarks(
        P2018,
        'run-1',
        new Map([
          ['a@x.vn', { status: 'sent' }],
          ['c@x.vn', { status: 'failed', recipient: 'C@x.vn', message: '550 không có người nhận' }],
        ]),
      );
      await h.store.saveDigestMarks(P2018, 'run-2', new Map([['a@x.vn', sending]]));
      expect(await h.store.loadDigestMarks(P2018, 'run-1')).toEqual(
        new Map([
          ['a@x.vn', { status: 'sent' }],
          ['b@x.vn', sending],
          ['c@x.vn', { status: 'failed', recipient: 'C@x.vn', message: '550 không có người nhận' }],
        ]),
      );
      expect(await h.store.loadDigestMarks(P2018, 'run-2')).toEqual(new Map([['a@x.vn', sending]]));
    });
  });
}
