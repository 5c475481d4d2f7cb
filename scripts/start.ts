/**
 * `npm start`: the demo in one command. Creates ./workspace from the reference figures when it does
 * not exist, then runs the pipeline once per period `Lịch báo cáo` schedules (oldest first, so the
 * summary workbook ends on the latest), each with a progress bar and a short summary; `--period`
 * runs that one only. The demo's figures are historical plans, so "today" is fixed inside each demo
 * period (DEMO_AS_OF_BY_PERIOD) to show pacing; pass `-- --as-of yyyy-mm-dd` to choose another day.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { XlsxWorkbookGateway } from '../shared/adapters/xlsx/xlsx-gateway.js';
import { DEMO_AS_OF, DEMO_AS_OF_BY_PERIOD } from '../shared/demo/demo-as-of.js';
import { parseControlWorkbook } from '../shared/forms/control-workbook.js';
import { CONTROL_TABS } from '../shared/forms/tab-specs.js';
import { PeriodNotScheduledError } from '../shared/stages/plan-run.js';
import { initWorkspace } from '../shared/workspace/init-workspace.js';
import { runCommand } from './cli.js';
import { flagOption, parseCli, stringOption, UsageError, type CliOptionSpecs } from './lib/cli-args.js';
import { humanSummary } from './lib/human-summary.js';

const START_USAGE = `Cách dùng: npm start [-- --workspace <thư mục>] [-- --as-of <yyyy-mm-dd>] [-- --period <kỳ>]
  tạo thư mục làm việc mẫu (mặc định ./workspace) nếu chưa có, rồi chạy kiểm tra cho từng kỳ có lịch báo cáo (hoặc chỉ kỳ --period; ngày tính mặc định ${DEMO_AS_OF} cho kỳ 2018, ${DEMO_AS_OF_BY_PERIOD['2023'] ?? ''} cho kỳ 2023).
`;

const OPTIONS: CliOptionSpecs = {
  workspace: { type: 'string', example: '<thư mục>' },
  'as-of': { type: 'string', example: DEMO_AS_OF },
  period: { type: 'string', example: '2018' },
  help: { type: 'boolean', short: 'h' },
};

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
      process.stderr.write(`  đã tạo ${created.length} tệp (tệp cấu hình và bảng tính của từng đơn vị)\n`);
    }
    const asOf = stringOption(parsed, 'as-of');
    const chosen = stringOption(parsed, 'period');
    for (const period of chosen === undefined ? await scheduledPeriods(workspace) : [chosen]) {
      const run = await runCommand({ workspace, asOf: asOf ?? DEMO_AS_OF_BY_PERIOD[period] ?? DEMO_AS_OF, period, progress: true });
      process.stderr.write(`\n${humanSummary(run)}\n\n`);
    }
    process.stderr.write(`Xem kết quả:\n  ${resolve(workspace, 'summary.xlsx')}  (bảng tổng hợp)\n  ${resolve(workspace, 'units')}/*.xlsx  (trang "Kết quả kiểm tra" của từng đơn vị)\n  ${resolve(workspace, 'outbox')}/*.eml  (thư cảnh báo)\n`);
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

/** The periods `Lịch báo cáo` schedules, oldest first. */
async function scheduledPeriods(workspace: string): Promise<string[]> {
  const config = parseControlWorkbook(await new XlsxWorkbookGateway({ dir: workspace }).read('config.xlsx', CONTROL_TABS.map((t) => t.name)));
  return [...new Set(config.schedule.map((s) => s.period as string))].sort();
}

process.exitCode = await start(process.argv.slice(2));
