/**
 * `npm run bench [-- --json] [-- --units N --communes M]`: builds a synthetic national workspace,
 * measures the floor (opening every workbook once), a cold run and an unchanged run, each in its own
 * process (BENCH_CONCURRENCY sets how many workbooks are in flight). Goals (2 cores): cold <= 20 s, <= 1 GB, <= 3x floor; unchanged <= 3 s, 0 store writes,
 * 0 workbooks written. Figures, not assertions: timed tests would be flaky, this is measured.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { buildSyntheticWorkspace } from '../shared/workspace/synthetic-workspace.js';

const exec = promisify(execFile);

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    json: { type: 'boolean', default: false },
    units: { type: 'string', default: '700' },
    communes: { type: 'string', default: '10000' },
    dir: { type: 'string', default: '.bench/workspace' },
  },
});
const units = Number(values.units);
const communes = Number(values.communes);
const dir = resolve(values.dir);
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

interface ChildRun {
  wallMs: number;
  peakRssMb: number;
  storeWrites: number;
  workbooksWritten: number;
  stageMs: Record<string, number>;
  statuses: Record<string, number>;
}

async function child<T>(...args: string[]): Promise<T> {
  const tsx = resolve('node_modules/.bin/tsx');
  const { stdout } = await exec(tsx, [resolve('scripts/bench-child.ts'), ...args], { maxBuffer: 16 * 1024 * 1024 });
  const last = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as T;
}

log(`Building a synthetic workspace: ${units} reporting units, ${communes} communes in ${dir}`);
await rm(dir, { recursive: true, force: true });
const tb = performance.now();
await buildSyntheticWorkspace(dir, { units, communes });
log(`  built in ${Math.round(performance.now() - tb)} ms`);

log('Floor: opening every workbook once with exceljs...');
const floor = await child<{ floorMs: number }>('floor', dir);
log('Cold run...');
const cold = await child<ChildRun>('run', dir, '2024-10-15');
log('Unchanged run...');
const unchanged = await child<ChildRun>('run', dir, '2024-10-15');

const report = {
  units,
  communes,
  floorMs: floor.floorMs,
  cold: { wallMs: cold.wallMs, peakRssMb: cold.peakRssMb, storeWrites: cold.storeWrites, stageMs: cold.stageMs },
  unchanged: { wallMs: unchanged.wallMs, storeWrites: unchanged.storeWrites, workbooksWritten: unchanged.workbooksWritten, peakRssMb: unchanged.peakRssMb, stageMs: unchanged.stageMs },
  ratio: Math.round((cold.wallMs / floor.floorMs) * 100) / 100,
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const ok = (b: boolean): string => (b ? 'ok' : 'OVER GOAL');
  const lines = [
    '',
    `| measure | value | goal | |`,
    `|---|---|---|---|`,
    `| floor (open ${units} workbooks) | ${floor.floorMs} ms | | |`,
    `| cold run wall time | ${cold.wallMs} ms | <= 20000 ms | ${ok(cold.wallMs <= 20_000)} |`,
    `| cold run / floor | ${report.ratio}x | <= 3x | ${ok(report.ratio <= 3)} |`,
    `| cold run peak RSS | ${cold.peakRssMb} MB | <= 1024 MB | ${ok(cold.peakRssMb <= 1024)} |`,
    `| cold run store writes | ${cold.storeWrites} | | |`,
    `| unchanged run wall time | ${unchanged.wallMs} ms | <= 3000 ms | ${ok(unchanged.wallMs <= 3000)} |`,
    `| unchanged run store writes | ${unchanged.storeWrites} | 0 | ${ok(unchanged.storeWrites === 0)} |`,
    `| unchanged run workbooks written | ${unchanged.workbooksWritten} | 0 | ${ok(unchanged.workbooksWritten === 0)} |`,
    '',
    `cold stages (ms): ${JSON.stringify(cold.stageMs)}; statuses ${JSON.stringify(cold.statuses)}`,
    `unchanged stages (ms): ${JSON.stringify(unchanged.stageMs)}; statuses ${JSON.stringify(unchanged.statuses)}`,
  ];
  log(lines.join('\n'));
}
