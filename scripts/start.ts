/**
 * `npm start`: the demo in one command. Creates ./workspace from the reference figures when it does
 * not exist, then runs the pipeline once with a progress bar and a short summary.
 * The demo's figures are historical plans, so "today" is fixed inside the demo period
 * (DEMO_AS_OF) to show pacing; pass `-- --as-of yyyy-mm-dd` to choose another day.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_AS_OF } from '../shared/demo/demo-as-of.js';
import { initWorkspace } from '../shared/workspace/init-workspace.js';
import { runCommand } from './cli.js';
import { humanSummary } from './lib/human-summary.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { workspace: { type: 'string', default: 'workspace' }, 'as-of': { type: 'string' }, period: { type: 'string' } },
});
const workspace = resolve(values.workspace);

try {
  if (!existsSync(resolve(workspace, 'config.xlsx'))) {
    process.stderr.write(`Tạo thư mục làm việc mẫu (demo) tại ${workspace}...\n`);
    const { created } = await initWorkspace(workspace, { demo: true });
    process.stderr.write(`  đã tạo ${created.length} tệp (tệp cấu hình và bảng tính của từng đơn vị)\n`);
  }
  const run = await runCommand({ workspace, asOf: values['as-of'] ?? DEMO_AS_OF, period: values.period, progress: true });
  process.stderr.write(`\n${humanSummary(run)}\n\n`);
  process.stderr.write(`Xem kết quả:\n  ${resolve(workspace, 'summary.xlsx')}  (bảng tổng hợp)\n  ${resolve(workspace, 'units')}/*.xlsx  (trang "Kết quả kiểm tra" của từng đơn vị)\n  ${resolve(workspace, 'outbox')}/*.eml  (thư cảnh báo)\n`);
} catch (error) {
  process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
