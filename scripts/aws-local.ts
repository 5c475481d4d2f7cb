/**
 * `npm run --silent aws-local -- --config <spreadsheetId> [--period <p>] [--as-of yyyy-mm-dd]
 * [--workspace <dir>] [--cdk-out <dir>] --json`: the AWS deployment's own state machine run on this
 * machine (see scripts/lib/aws-local/aws-local.ts). Prints the same JSON document as `run --json`.
 */
import { parseArgs } from 'node:util';
import { parseIsoDate } from '../shared/domain/calendar-date.js';
import { isPeriod } from '../shared/domain/period.js';
import { awsLocal } from './lib/aws-local/aws-local.js';

const USAGE = `Cách dùng (usage):
  npm run --silent aws-local -- --config <ID bảng tính cấu hình> [--period <kỳ>] [--as-of <yyyy-mm-dd>] [--workspace <thư mục>] [--cdk-out <thư mục>] [--json]
Chạy máy trạng thái (state machine) của bản triển khai AWS trên máy này, với DynamoDB, S3, SES giả lập
và máy chủ Google ở GOOGLE_API_ROOT_URL (GOOGLE_ACCESS_TOKEN).
`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        period: { type: 'string' },
        'as-of': { type: 'string' },
        workspace: { type: 'string', default: '.aws-local' },
        'cdk-out': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`Tuỳ chọn không hợp lệ: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const usage = (message: string): number => {
    process.stderr.write(`${message}\n\n${USAGE}`);
    return 2;
  };
  if (values.config === undefined || values.config.trim() === '') return usage('Thiếu --config <ID bảng tính cấu hình>.');
  if (values.period !== undefined && !isPeriod(values.period)) return usage(`Kỳ không hợp lệ: "${values.period}" (ví dụ: 2018, 2018-Q3).`);
  if (values['as-of'] !== undefined && parseIsoDate(values['as-of']) === undefined)
    return usage(`--as-of phải là một ngày có thật, dạng yyyy-mm-dd; nhận được "${values['as-of']}".`);
  try {
    const [outcome] = await awsLocal({
      configId: values.config,
      workspace: values.workspace,
      env: process.env,
      ...(values.period === undefined ? {} : { period: values.period }),
      ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] }),
      ...(values['cdk-out'] === undefined ? {} : { cdkOut: values['cdk-out'] }),
    });
    if (outcome === undefined || outcome.kind === 'skipped') {
      process.stderr.write(`Lần chạy không tổng hợp: ${outcome?.reason ?? 'không có kết quả'}\n`);
      return 0;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(outcome.json)}\n`);
    const counts = new Map<string, number>();
    for (const u of outcome.json.units) counts.set(u.status, (counts.get(u.status) ?? 0) + 1);
    process.stderr.write(
      `Đã chạy ${outcome.json.runId} (kỳ ${outcome.json.period}): ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}; ${outcome.json.alerts.length} cảnh báo.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
