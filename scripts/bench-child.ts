/**
 * One measured step of the benchmark, in its own process so its peak RSS is its own.
 * Prints one JSON line on stdout.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { runPool } from '../shared/pipeline/pool.js';
import { runPipeline } from '../shared/pipeline/run-pipeline.js';
import { openEmbedded } from './lib/embedded-deps.js';

const [mode, workspace, asOf] = process.argv.slice(2);
if (!workspace || (mode !== 'floor' && mode !== 'run')) {
  process.stderr.write('usage: bench-child floor|run <workspace> [asOf]\n');
  process.exit(2);
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === 'floor') {
  // The floor: open every unit workbook once with the same library and concurrency as the pipeline.
  const dir = join(workspace, 'units');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.xlsx'));
  const t0 = performance.now();
  await runPool(files, 4, async (f) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, f));
  });
  process.stdout.write(`${JSON.stringify({ floorMs: Math.round(performance.now() - t0), workbooks: files.length, peakRssMb: peakRssMb() })}\n`);
} else {
  const t0 = performance.now();
  const embedded = await openEmbedded({ workspace, asOf });
  try {
    const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
    const run = await runPipeline(embedded.deps, { concurrency });
    const wallMs = Math.round(performance.now() - t0);
    process.stdout.write(
      `${JSON.stringify({
        wallMs,
        peakRssMb: peakRssMb(),
        storeWrites: run.stats.storeWrites,
        workbooksWritten: run.stats.workbooksWritten,
        emailsSent: run.stats.emailsSent,
        stageMs: run.stats.stageMs,
        units: run.result.units.length,
        statuses: run.result.units.reduce<Record<string, number>>((acc, u) => ({ ...acc, [u.status]: (acc[u.status] ?? 0) + 1 }), {}),
      })}\n`,
    );
  } finally {
    await embedded.close();
  }
}
