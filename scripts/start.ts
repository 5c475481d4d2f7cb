/**
 * `npm start`: the demo in one command. Creates ./workspace from the reference figures when it does
 * not exist, then runs the pipeline once for every period `Lịch báo cáo` schedules (oldest first;
 * the demo has 2018 and 2025), each with a progress bar and a short summary naming its period.
 * The summary workbook is the contract's one file, so it ends with the newest period's figures.
 * The demo's figures are historical plans, so "today" is fixed inside each period (demoAsOf) to
 * show pacing; `-- --as-of yyyy-mm-dd` chooses another day, `-- --period <kỳ>` runs one period.
 */
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEMO_AS_OF, demoAsOf } from '../shared/demo/demo-as-of.js';
import { PeriodNotScheduledError } from '../shared/stages/plan-run.js';
import { initWorkspace } from '../shared/workspace/init-workspace.js';
import { runCommand } from './cli.js';
import { flagOption, parseCli, stringOption, UsageError, type CliOptionSpecs } from './lib/cli-args.js';
import { humanSummary } from './lib/human-summary.js';
import { seedDemoHistory } from './lib/demo-history-seed.js';
import { scheduledPeriods } from './lib/scheduled-periods.js';

const START_USAGE = `Cách dùng: npm start [-- --workspace <thư mục>] [-- --as-of <yyyy-mm-dd>] [-- --period <kỳ>]
  tạo thư mục làm việc mẫu (mặc định ./workspace) nếu chưa có, rồi chạy kiểm tra một lần cho mỗi kỳ có trong "Lịch báo cáo"
  (ngày tính mặc định: 15/10 của năm của kỳ, ví dụ ${DEMO_AS_OF}).
`;

const OPTIONS: CliOptionSpecs = {
  workspace: { type: 'string', example: '<thư mục>' },
  'as-of': { type: 'string', example: DEMO_AS_OF },
  period: { type: 'string', example: '2018' },
  help: { type: 'boolean', short: 'h' },
};

/** The copy of one period's summary that `npm start` keeps beside summary.xlsx. */
const periodSummaryName = (period: string): string => `summary-${period}.xlsx`;

async function start(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseCli(argv, OPTIONS);
    if (flagOption(parsed, 'help')) {
      process.stderr.write(START_USAGE);
      return 0;
    }
    if (parsed.positionals.length > 0) throw new UsageError(`Thừa tham số: ${parsed.positionals.map((p) => `"${p}"`).join(', ')}.`);
    const workspace = resolve(stringOption(parsed, 'workspace') ?? 'workspace');
    if (!existsSync(resolve(workspace, 'config.xlsx'))) {
      process.stderr.write(`Tạo thư mục làm việc mẫu (demo) tại ${workspace}...\n`);
      const { created } = await initWorkspace(workspace, { demo: true });
      await seedDemoHistory(workspace);
      process.stderr.write(`  đã tạo ${created.length} tệp (tệp cấu hình và bảng tính của từng đơn vị)\n`);
    }
    const asOf = stringOption(parsed, 'as-of');
    const only = stringOption(parsed, 'period');
    const periods = only === undefined ? await scheduledPeriods(workspace) : [only];
    for (const period of periods) {
      const run = await runCommand({ workspace, asOf: asOf ?? demoAsOf(period), period, progress: true });
      process.stderr.write(`\n${humanSummary(run)}\n\n`);
      // summary.xlsx is the contract's one summary, rewritten by each period's run: each period
      // the demo ran also keeps its own copy, so every period's summary can be opened.
      if (periods.length > 1) await copyFile(resolve(workspace, 'summary.xlsx'), resolve(workspace, periodSummaryName(period)));
    }
    if (periods.length > 1)
      process.stderr.write(
        `Bảng tổng hợp summary.xlsx là của kỳ chạy sau cùng (${periods[periods.length - 1] ?? ''}); bảng của từng kỳ: ${periods.map((p) => periodSummaryName(p)).join(', ')}.\n`,
      );
    process.stderr.write(
      `Xem kết quả:\n  ${resolve(workspace, 'summary.xlsx')}  (bảng tổng hợp)\n  ${resolve(workspace, 'units')}/*.xlsx  (trang "Kết quả kiểm tra" của từng đơn vị)\n  ${resolve(workspace, 'outbox')}/*.eml  (thư cảnh báo)\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PeriodNotScheduledError) {
      process.stderr.write(`${error.message}\n\n${START_USAGE}`);
      return 2;
    }
    process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await start(process.argv.slice(2));
