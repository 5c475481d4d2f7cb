import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRunJson, type RunJson } from '../../shared/pipeline/json-output.js';
import { runPipeline, type PipelineDeps } from '../../shared/pipeline/run-pipeline.js';
import type { MailDelivery } from '../../shared/ports/mailer.js';
import type { ObjectStore } from '../../shared/ports/object-store.js';
import type { Store } from '../../shared/ports/store.js';
import { WorkbookWriteError, type WorkbookGateway } from '../../shared/ports/workbook-gateway.js';
import { openEmbedded } from '../../scripts/lib/embedded-deps.js';
import { AS_OF, unitTabs, writeXlsxProvince, type Tab } from '../support/small-province.js';
import { readTab, writeFixtureWorkbook } from '../support/xlsx-fixture.js';
import { resultsOf } from '../support/unit-results.js';

/**
 * For each port call that concerns one unit (Huyện C), a failure is injected on the first run.
 * The run must complete with the other units exactly as in a fault-free run, and a second run
 * without the fault must reach the fault-free result, after which nothing is written or sent.
 */

const C_REF = 'units/c.xlsx';
const C_UNIT = '003';
const OFFICE = 'vanphong@tinh.example';

type Inject = (deps: PipelineDeps) => PipelineDeps;
/** A fault, and the finding it leaves on Huyện C in the run it happens (undefined: none, the unit is processed as usual). */
interface Fault {
  inject: Inject;
  finding: string | undefined;
}

const failing = (what: string): Error => Object.assign(new Error(`injected: ${what}`), { code: 'EIO' });

const FAULTS: Record<string, Fault> = {
  'read of the unit workbook': {
    finding: 'workbook_unreadable',
    inject: (deps) => ({
      ...deps,
      gateway: wrapGateway(deps.gateway, {
        read: (inner, ref, tabs) => (ref === C_REF ? Promise.reject(failing('read')) : inner.read(ref, tabs)),
      }),
    }),
  },
  'stat of the unit workbook (missing from the listing)': {
    finding: undefined,
    inject: (deps) => ({
      ...deps,
      gateway: wrapGateway(deps.gateway, {
        stat: async (inner, refs) => {
          const out = await inner.stat(refs);
          out.delete(C_REF);
          return out;
        },
      }),
    }),
  },
  'write of the feedback tab': {
    finding: 'feedback_not_written',
    inject: (deps) => ({
      ...deps,
      gateway: wrapGateway(deps.gateway, {
        writeTabs: (inner, ref, tabs, options) =>
          ref === C_REF ? Promise.reject(new WorkbookWriteError(ref, 'busy', 'tệp đang được mở bởi chương trình khác')) : inner.writeTabs(ref, tabs, options),
      }),
    }),
  },
  'store put of the unit record': { finding: 'store_failed', inject: (deps) => ({ ...deps, store: failingSubmissionStore(deps.store, C_UNIT) }) },
  // The unit has no address of its own: its alerts reach the office, whose server refuses them once.
  'send of the e-mail about it': {
    finding: undefined,
    inject: (deps) => ({
      ...deps,
      mailer: {
        send: async (messages) => {
          // Outcomes come back in the order of the messages, as the port promises.
          const sent = (await deps.mailer.send(messages.filter((m) => m.to !== OFFICE))).values();
          return messages.map((m): MailDelivery =>
            m.to === OFFICE ? { to: m.to, ok: false, message: '550 5.1.1 injected', permanent: true } : (sent.next().value as MailDelivery),
          );
        },
      },
    }),
  },
  'object put of the raw snapshot': {
    finding: 'snapshot_not_kept',
    inject: (deps) => ({ ...deps, objects: failingObjects(deps.objects, `raw/2024/${C_UNIT}/`) }),
  },
};

interface Harness {
  workspace: string;
  run(fault?: Inject): Promise<{ json: RunJson; storeWrites: number; mail: number }>;
}

async function harness(): Promise<Harness> {
  const workspace = await mkdtemp(join(tmpdir(), 'ntp-fault-'));
  await writeXlsxProvince(workspace);
  return {
    workspace,
    async run(fault) {
      const opened = await openEmbedded({ workspace, asOf: AS_OF });
      try {
        const deps = fault ? fault(opened.deps) : opened.deps;
        const run = await runPipeline(deps);
        return { json: toRunJson(run.result), storeWrites: run.stats.storeWrites, mail: run.mail.length };
      } finally {
        await opened.close();
      }
    },
  };
}

/** A run's results without what differs between any two runs (run id) or between first and later runs (`unchanged`). */
function results(json: RunJson): unknown {
  return { issues: json.issues, indicators: json.indicators, targets: json.targets, alerts: json.alerts };
}

/** The e-mails of a workspace's outbox, parsed back: recipient and body without the run's time. */
async function outbox(workspace: string): Promise<{ to: string; body: string }[]> {
  const dir = join(workspace, 'outbox');
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const mail = await simpleParser(await readFile(join(dir, f)));
      const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '';
      return { to, body: (mail.text ?? '').replace(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/g, '') };
    }),
  );
}

const dirs: string[] = [];
let clean: Harness;
let cleanFirst: RunJson;

beforeAll(async () => {
  clean = await harness();
  dirs.push(clean.workspace);
  cleanFirst = (await clean.run()).json;
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe.each(Object.entries(FAULTS))('a failing %s of one unit', (_name, fault) => {
  let h: Harness;
  let faulty: RunJson;
  let healed: RunJson;
  let quiet: { json: RunJson; storeWrites: number; mail: number };

  beforeAll(async () => {
    h = await harness();
    dirs.push(h.workspace);
    faulty = (await h.run(fault.inject)).json;
    healed = (await h.run()).json;
    quiet = await h.run();
  });

  it('completes the run, and the other units come out exactly as in a fault-free run', () => {
    expect(resultsOf(faulty)).toEqual(resultsOf(cleanFirst));
    expect(faulty.units.map((u) => u.code)).toEqual(['001', '002', '003']);
  });

  it('leaves its finding on that unit alone', () => {
    const codes = (json: RunJson): string[] => json.issues.filter((i) => i.unit === C_UNIT).map((i) => i.code);
    const added = codes(faulty).filter((c) => !codes(cleanFirst).includes(c));
    expect(added).toEqual(fault.finding === undefined ? [] : [fault.finding]);
  });

  it('reaches the fault-free result once the fault is gone, then writes and sends nothing', () => {
    expect(results(healed)).toEqual(results(cleanFirst));
    expect(quiet.storeWrites).toBe(0);
    expect(quiet.mail).toBe(0);
    expect(quiet.json.units.map((u) => u.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('sends nobody a second copy: the other units get what a fault-free run sends them, and no digest goes out twice', async () => {
    const sent = await outbox(h.workspace);
    const reference = await outbox(clean.workspace);
    for (const recipient of ['huyena@tinh.example', 'huyenb@tinh.example', 'pho.huyenb@tinh.example']) {
      expect(sent.filter((m) => m.to === recipient).map((m) => m.body)).toEqual(reference.filter((m) => m.to === recipient).map((m) => m.body));
    }
    const keys = sent.map((m) => `${m.to}\n${m.body}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The office hears about this run's results in the end, whatever happened on the way.
    expect(sent.some((m) => m.to === OFFICE)).toBe(true);
  });
});

// ---- port wrappers ----

interface GatewayOverrides {
  read?: (inner: WorkbookGateway, ...args: Parameters<WorkbookGateway['read']>) => ReturnType<WorkbookGateway['read']>;
  stat?: (inner: WorkbookGateway, ...args: Parameters<WorkbookGateway['stat']>) => ReturnType<WorkbookGateway['stat']>;
  writeTabs?: (inner: WorkbookGateway, ...args: Parameters<WorkbookGateway['writeTabs']>) => ReturnType<WorkbookGateway['writeTabs']>;
}

function wrapGateway(inner: WorkbookGateway, o: GatewayOverrides): WorkbookGateway {
  return {
    stat: (refs) => (o.stat ? o.stat(inner, refs) : inner.stat(refs)),
    read: (ref, tabs) => (o.read ? o.read(inner, ref, tabs) : inner.read(ref, tabs)),
    writeTabs: (ref, tabs, options) => (o.writeTabs ? o.writeTabs(inner, ref, tabs, options) : inner.writeTabs(ref, tabs, options)),
    exists: (ref) => inner.exists(ref),
  };
}

/** The real store, refusing any batch that holds the unit's record (as a store refuses one bad item). */
function failingSubmissionStore(inner: Store, unit: string): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'saveSubmissions') {
        return (records: Parameters<Store['saveSubmissions']>[0]) =>
          records.some((r) => r.unit === unit) ? Promise.reject(failing('saveSubmissions')) : target.saveSubmissions(records);
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function failingObjects(inner: ObjectStore, prefix: string): ObjectStore {
  return {
    put: (key, body, type) => (key.startsWith(prefix) ? Promise.reject(failing('objects.put')) : inner.put(key, body, type)),
    get: (key) => inner.get(key),
    list: (p) => inner.list(p),
  };
}

describe('a staff save between our read and our write', () => {
  it('is not overwritten nor lost: nothing is written this run, and the next run checks the saved version', async () => {
    const h = await harness();
    dirs.push(h.workspace);
    const path = join(h.workspace, C_REF);
    // Huyện C's staff add the poverty tab they were missing while the run is checking the workbook.
    const saveDuringRun: Inject = (deps) => ({
      ...deps,
      gateway: wrapGateway(deps.gateway, {
        read: async (inner, ref, tabs) => {
          const raw = await inner.read(ref, tabs);
          if (ref === C_REF) await writeFixtureWorkbook(path, [...unitTabs(false).c, POVERTY_C]);
          return raw;
        },
      }),
    });
    const during = (await h.run(saveDuringRun)).json;
    expect(during.issues.filter((i) => i.unit === C_UNIT).map((i) => i.code)).toContain('workbook_changed');
    // The staff's version is on disk as they saved it, without our feedback tab.
    expect(await readTab(path, 'Giảm nghèo')).toEqual(POVERTY_C.rows);
    await expect(readTab(path, 'Kết quả kiểm tra')).rejects.toThrow(/not found/);
    const next = (await h.run()).json;
    expect(next.units.find((u) => u.code === C_UNIT)?.status).toBe('ok');
    expect(next.issues.filter((i) => i.unit === C_UNIT && i.code === 'tab_missing')).toEqual([]);
    expect(await readTab(path, 'Kết quả kiểm tra')).toBeDefined();
  });
});

const POVERTY_C: Tab = {
  name: 'Giảm nghèo',
  rows: [
    ['Mã xã', 'Tên xã', 'Tổng số hộ', 'Số hộ nghèo', 'Số hộ cận nghèo'],
    ['00005', 'Xã Năm', 600, 30, 20],
  ],
};
