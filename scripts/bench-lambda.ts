/**
 * `npx tsx scripts/bench-lambda.ts [--repeat N] [--json]` (`npm run bench:lambda`): the Lambda figure.
 * Bundles every task function as `cdk synth` does (NodejsFunction, esbuild, cdk.json's context),
 * then per function: the bundle's size (minified; gzipped, about what the zip upload weighs), and
 * the time to import it in a fresh `node` process, the module-load part of a cold start, median of
 * N runs (wall time and the import's CPU time, which a busy shared machine disturbs less), without
 * and with `--enable-source-maps`, and the RSS after loading. Goals: < 1 MB,
 * < 150 ms. Figures, not assertions (test/infra/bundles.test.ts asserts the bundles load).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bundleFunctions, loadInFreshProcess } from './lib/lambda-bundles.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { repeat: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } } });
const repeat = Math.max(1, Number(values.repeat));
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const context = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context;
const outdir = mkdtempSync(join(tmpdir(), 'ntp-bench-lambda-'));
try {
  const started = performance.now();
  const bundles = bundleFunctions(outdir, context);
  log(`bundled ${bundles.length} functions in ${Math.round(performance.now() - started)} ms`);
  const rows = [];
  for (const b of bundles) {
    const plain: number[] = [];
    const mapped: number[] = [];
    const plainCpu: number[] = [];
    const mappedCpu: number[] = [];
    let rssMb = 0;
    // Interleaved, so a busy moment on the machine hits both ways alike.
    for (let i = 0; i < repeat; i++) {
      const a = await loadInFreshProcess(b.file);
      const m = await loadInFreshProcess(b.file, ['--enable-source-maps']);
      if (!a.ok || !m.ok) throw new Error(`${b.task} does not load: ${a.stderr || m.stderr}`);
      plain.push(a.loadMs);
      mapped.push(m.loadMs);
      plainCpu.push(a.cpuMs);
      mappedCpu.push(m.cpuMs);
      rssMb = Math.max(rssMb, a.rssMb);
    }
    const bytes = statSync(b.file).size;
    rows.push({
      task: b.task,
      bytes,
      gzipBytes: gzipSync(readFileSync(b.file)).length,
      loadMs: Math.round(median(plain)),
      // The least disturbed sample: on a shared machine the median moves with the neighbours' load.
      loadMsMin: Math.round(Math.min(...plain)),
      loadMsSamples: plain.map(Math.round),
      cpuMs: Math.round(median(plainCpu)),
      loadMsSourceMaps: Math.round(median(mapped)),
      cpuMsSourceMaps: Math.round(median(mappedCpu)),
      loadMsSourceMapsMin: Math.round(Math.min(...mapped)),
      rssMbAfterLoad: Math.round(rssMb),
      underSizeGoal: bytes < 1_000_000,
      underLoadGoal: median(plain) < 150,
      underLoadGoalCpu: median(plainCpu) < 150,
    });
  }
  log(
    `| function | bundle (minified) | gzipped | load, median (min) of ${repeat} | CPU time of the load | with --enable-source-maps: load (CPU) | RSS after load |`,
  );
  log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    log(
      `| ${r.task} | ${(r.bytes / 1e6).toFixed(2)} MB | ${(r.gzipBytes / 1e6).toFixed(2)} MB | ${r.loadMs} ms (${r.loadMsMin}) | ${r.cpuMs} ms | ${r.loadMsSourceMaps} ms (${r.cpuMsSourceMaps}) | ${r.rssMbAfterLoad} MB |`,
    );
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ lambda: { repeat, node: process.version, functions: rows } })}\n`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
