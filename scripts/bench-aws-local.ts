/**
 * `npm run bench:aws-local [-- --json] [-- --units N --communes C --quota Q]`: a national first run
 * through the AWS deployment's own state machine on this machine (`aws-local`): N = 700 district
 * spreadsheets of C = 14 communes each (~10,000 communes) on the local fake Google server, which
 * enforces a quota scaled 10x (Q = 600 Sheets reads and 600 writes per minute). The stack is
 * synthesized with the pace scaled the same way, so the Map's concurrency is what the stack
 * derives from that quota. Every task runs its bundle in a fresh Node process (a cold start).
 * Measured: wall time against the quota floor max(reads, writes) / Q, Sheets calls, 429s, and per
 * task the invocations, their median and longest time and the peak RSS of their processes (what
 * Lambda reports as "Max Memory Used"). Figures, not assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_SHEETS_REQUESTS_PER_MINUTE } from '../shared/adapters/google/google-api-client.js';
import { initGoogle } from '../shared/workspace/init-google.js';
import { FAKE_TOKEN, FakeGoogleServer } from '../test/support/fake-google/fake-google-server.js';
import { seedAdoptedUnits, seedGeneratedControl } from '../test/support/generated-province.js';
import { awsLocal, synthesize } from './lib/aws-local/aws-local.js';
import { googleGatewayFactory } from './lib/google-deps.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    json: { type: 'boolean', default: false },
    units: { type: 'string', default: '700' },
    communes: { type: 'string', default: '14' },
    quota: { type: 'string', default: '600' },
  },
});
const units = Number(values.units);
const communes = Number(values.communes);
const quota = Number(values.quota);
// The product's pace scaled like the quota: 55 of 60 per minute.
const pace = Math.floor((quota * DEFAULT_SHEETS_REQUESTS_PER_MINUTE) / 60);
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

const dir = await mkdtemp(join(tmpdir(), 'ntp-bench-aws-'));
const fake = await FakeGoogleServer.start({ quota: { readsPerMinute: quota, writesPerMinute: quota } });
try {
  log(`Synthesizing the stack (bundles included); the tasks pace at ${pace} reads and writes a minute...`);
  const p = seedGeneratedControl(fake, units, `Tỉnh ${units} huyện`, communes);
  // The stack accepts at most Google's per-project 300 a minute; at that rate its Map already runs
  // at its ceiling of concurrent units, which is what a 10x world needs.
  const stackRate = String(Math.min(300, pace));
  const cdkOut = await synthesize(join(dir, 'cdk.out'), p.control, { googleReadsPerMinute: stackRate, googleWritesPerMinute: stackRate });
  log(`Seeding ${units} adopted district spreadsheets of ${communes} communes each...`);
  seedAdoptedUnits(fake, p);
  const env = {
    GOOGLE_ACCESS_TOKEN: FAKE_TOKEN,
    GOOGLE_API_ROOT_URL: fake.rootUrl,
    GOOGLE_READS_PER_MINUTE: String(pace),
    GOOGLE_WRITES_PER_MINUTE: String(pace),
  };
  await initGoogle({ gateway: googleGatewayFactory(env)(p.folder), folderId: p.folder, configId: p.control });
  fake.clearLog();

  const tasks = new Map<string, { ms: number[]; rss: number[] }>();
  log('First run through the state machine...');
  const t0 = performance.now();
  const [outcome] = await awsLocal({
    configId: p.control,
    workspace: join(dir, 'workspace'),
    cdkOut,
    env,
    asOf: '2024-12-25',
    onInvocation: ({ state, ms, peakRssMb }) => {
      const t = tasks.get(state) ?? { ms: [], rss: [] };
      t.ms.push(ms);
      t.rss.push(peakRssMb);
      tasks.set(state, t);
    },
  });
  const wallMs = Math.round(performance.now() - t0);
  if (outcome?.kind !== 'run') throw new Error('the execution did not run');
  const reads = fake.countBucket('read');
  const writes = fake.countBucket('write');
  const floorMs = Math.round((Math.max(reads, writes) / quota) * 60_000);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const perTask = [...tasks].map(([state, t]) => ({
    state,
    invocations: t.ms.length,
    medianMs: median(t.ms),
    maxMs: Math.max(...t.ms),
    peakRssMb: Math.max(...t.rss),
  }));
  const statuses: Record<string, number> = {};
  for (const u of outcome.json.units) statuses[u.status] = (statuses[u.status] ?? 0) + 1;
  const report = {
    units,
    communes: units * communes,
    quotaPerMinute: quota,
    pacePerMinute: pace,
    reads,
    writes,
    refused429: fake.quotaRefusals(),
    wallMs,
    floorMs,
    ratio: Math.round((wallMs / floorMs) * 100) / 100,
    statuses,
    perTask,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    log(
      [
        '',
        `| ${units} units, ${units * communes} communes, quota ${quota}/min | Sheets reads | Sheets writes | 429 | floor | wall | wall / floor |`,
        '|---|---|---|---|---|---|---|',
        `| first run through aws-local | ${reads} | ${writes} | ${report.refused429} | ${(floorMs / 1000).toFixed(1)} s | ${(wallMs / 1000).toFixed(1)} s | ${report.ratio}x |`,
        '',
        '| task | invocations | median | longest | peak RSS |',
        '|---|---|---|---|---|',
        ...perTask.map((t) => `| ${t.state} | ${t.invocations} | ${t.medianMs} ms | ${t.maxMs} ms | ${t.peakRssMb} MB |`),
        '',
        `statuses: ${JSON.stringify(statuses)}`,
      ].join('\n'),
    );
  }
} finally {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}
