import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseIsoDate } from '../shared/domain/calendar-date.js';
import { periodId } from '../shared/domain/ids.js';
import { isPeriod } from '../shared/domain/period.js';
import { toRunJson } from '../shared/pipeline/json-output.js';
import { ConfigUnavailableError, runPipeline, type PipelineRun } from '../shared/pipeline/run-pipeline.js';
import { PeriodNotScheduledError } from '../shared/stages/plan-run.js';
import { WorkbookNotFoundError } from '../shared/ports/workbook-gateway.js';
import { folderIdOf, spreadsheetIdOf } from '../shared/adapters/google/spreadsheet-id.js';
import { initGoogle, type InitGoogleResult } from '../shared/workspace/init-google.js';
import { initWorkspace } from '../shared/workspace/init-workspace.js';
import { openEmbedded } from './lib/embedded-deps.js';
import { resolveGoogleEnv } from '../shared/adapters/google/secret-key-source.js';
import { googleGatewayFactory, GoogleSetupError, openGoogle } from './lib/google-deps.js';
import { flagOption, onlyOptions, parseCli, stringOption, UsageError, type CliOptionSpecs } from './lib/cli-args.js';
import { humanSummary } from './lib/human-summary.js';
import { initSummary } from './lib/init-summary.js';
import { seedDemoHistory } from './lib/demo-history-seed.js';
import { progressBar } from './lib/progress-bar.js';

export const USAGE = `Cách dùng (usage):
  npm run cli -- init --workspace <thư mục> [--demo]
      tạo tệp cấu hình config.xlsx và bảng tính của từng đơn vị (không ghi đè tệp đã có); --demo: kèm số liệu mẫu
  npm run cli -- run  --workspace <thư mục> [--period <kỳ>] [--as-of <yyyy-mm-dd>] [--json] [--reminder-days <n>]
      một lần kiểm tra: --period một kỳ có trong "Lịch báo cáo" (mặc định: kỳ có hạn nộp muộn nhất), --as-of ngày tính,
      --json kết quả dạng JSON trên stdout, --reminder-days số ngày trước khi nhắc lại một cảnh báo (mặc định 7)
  npm run cli -- init --google --folder <ID thư mục Drive> [--config <ID bảng tính cấu hình>] [--json]
  npm run cli -- run  --google --config <ID bảng tính cấu hình> [--workspace <thư mục lưu trữ>] [--period <kỳ>] [--as-of <yyyy-mm-dd>] [--json]
  npm run cli -- --help   (hoặc -h): in hướng dẫn này
Mã thoát: 0 chạy xong (kể cả khi bảng tính có lỗi), 1 không chạy được, 2 gọi lệnh sai (không ghi gì).
Google: GOOGLE_SERVICE_ACCOUNT_KEY_FILE (hoặc GOOGLE_SERVICE_ACCOUNT_KEY, GOOGLE_SERVICE_ACCOUNT_SECRET_ID trên AWS, GOOGLE_ACCESS_TOKEN); GOOGLE_API_ROOT_URL đổi địa chỉ máy chủ API;
  GOOGLE_READS_PER_MINUTE, GOOGLE_WRITES_PER_MINUTE: số lượt đọc, ghi Google Trang tính mỗi phút (mặc định 55 mỗi loại; GOOGLE_REQUESTS_PER_MINUTE đặt cả hai).
Thư: SMTP_URL gửi qua máy chủ SMTP (mặc định ghi tệp .eml vào <thư mục>/outbox), MAIL_FROM địa chỉ người gửi.
`;

export { UsageError } from './lib/cli-args.js';

export interface RunCommandOptions {
  workspace: string;
  period?: string;
  asOf?: string;
  reminderDays?: number;
  progress?: boolean;
  /** Google front end: the control spreadsheet (and optionally a Drive folder overriding `Cấu hình`). */
  google?: { configId: string; folderId?: string };
}

/** `run`: one pipeline run over an embedded workspace. */
export async function runCommand(options: RunCommandOptions): Promise<PipelineRun> {
  if (!options.google && !existsSync(resolve(options.workspace, 'config.xlsx'))) {
    throw new UsageError(
      `Không thấy ${resolve(options.workspace, 'config.xlsx')}. Tạo thư mục làm việc bằng: npm run cli -- init --workspace ${options.workspace} [--demo]`,
    );
  }
  if (options.period !== undefined && !isPeriod(options.period)) throw new UsageError(`Kỳ không hợp lệ: "${options.period}" (ví dụ: 2018, 2018-Q3, 2018-H1).`);
  if (options.asOf !== undefined && parseIsoDate(options.asOf) === undefined) {
    throw new UsageError(`--as-of phải là một ngày có thật, dạng yyyy-mm-dd (ví dụ 2018-10-15); nhận được "${options.asOf}".`);
  }
  const local = { workspace: options.workspace, asOf: options.asOf, smtpUrl: process.env.SMTP_URL, mailFrom: process.env.MAIL_FROM };
  const google = options.google ? await openGoogle({ ...local, env: await resolveGoogleEnv(process.env), ...options.google }) : undefined;
  const embedded = google ?? (await openEmbedded(local));
  try {
    return await runPipeline(embedded.deps, {
      period: options.period !== undefined ? periodId(options.period) : undefined,
      reminderDays: options.reminderDays,
      concurrency: google?.concurrency,
      onProgress: options.progress ? progressBar('Đang kiểm tra bảng tính') : undefined,
    });
  } catch (error) {
    const account = google?.serviceAccount ?? 'tài khoản Google mà hệ thống dùng';
    if (google && error instanceof ConfigUnavailableError) {
      throw new GoogleSetupError(`${error.message}: kiểm tra ID và chia sẻ bảng tính cấu hình với ${account} (quyền Người chỉnh sửa)`, { cause: error.cause });
    }
    // Units' spreadsheets never fail the run (they become findings): this is the summary's.
    if (google && error instanceof WorkbookNotFoundError) {
      throw new GoogleSetupError(
        `Không tìm thấy bảng tổng hợp "${error.ref}" (trang "Cấu hình" của bảng tính cấu hình): chạy lại init --google để tạo lại, hoặc chia sẻ bảng tính đó với ${account}`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await embedded.close();
  }
}

/** Every option of the command line, with what its value looks like. */
const OPTIONS: CliOptionSpecs = {
  workspace: { type: 'string', example: '<thư mục>' },
  demo: { type: 'boolean' },
  period: { type: 'string', example: '2018' },
  'as-of': { type: 'string', example: '2018-10-15' },
  json: { type: 'boolean' },
  'reminder-days': { type: 'string', example: '7' },
  google: { type: 'boolean' },
  config: { type: 'string', example: '<ID bảng tính cấu hình>' },
  folder: { type: 'string', example: '<ID thư mục Drive>' },
  help: { type: 'boolean', short: 'h' },
};

/** The options each command takes; any other is a usage error, not silently ignored. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  init: ['workspace', 'demo', 'google', 'folder', 'config', 'json', 'help'],
  run: ['workspace', 'period', 'as-of', 'json', 'reminder-days', 'google', 'config', 'folder', 'help'],
};

export async function main(argv: string[]): Promise<number> {
  try {
    const parsed = parseCli(argv, OPTIONS);
    const [command, ...extra] = parsed.positionals;
    if (flagOption(parsed, 'help') || command === 'help') {
      process.stderr.write(USAGE);
      return 0;
    }
    if (command === undefined) throw new UsageError('Thiếu lệnh (init hoặc run).');
    const allowed = COMMAND_OPTIONS[command];
    if (allowed === undefined) throw new UsageError(`Lệnh không rõ: ${command} (chỉ có init và run).`);
    if (extra.length > 0) throw new UsageError(`Thừa tham số: ${extra.map((e) => `"${e}"`).join(', ')}.`);
    onlyOptions(parsed, command, allowed);
    const google = flagOption(parsed, 'google');
    const json = flagOption(parsed, 'json');
    const configOption = stringOption(parsed, 'config');
    const folderOption = stringOption(parsed, 'folder');
    const workspace = resolve(stringOption(parsed, 'workspace') ?? 'workspace');
    if (!google && (configOption !== undefined || folderOption !== undefined)) throw new UsageError('--config và --folder chỉ dùng cùng --google.');
    if (command === 'init' && google) {
      const folderId = folderOption === undefined ? undefined : folderIdOf(folderOption);
      if (folderId === undefined) throw new UsageError('init --google cần --folder <ID thư mục Drive> (hoặc địa chỉ thư mục).');
      if (flagOption(parsed, 'demo'))
        throw new UsageError('--demo chỉ dùng cho thư mục làm việc (init --workspace <thư mục> --demo), không dùng cùng --google.');
      const configId = configOption === undefined ? undefined : (spreadsheetIdOf(configOption) ?? configOption.trim());
      const gateway = googleGatewayFactory(await resolveGoogleEnv(process.env))(folderId);
      const result = await initGoogle({ gateway, folderId, ...(configId === undefined ? {} : { configId }) });
      process.stderr.write(`${initGoogleSummary(result)}\n`);
      if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    if (command === 'init') {
      if (json) throw new UsageError('--json chỉ dùng cùng init --google.');
      const demo = flagOption(parsed, 'demo');
      const result = await initWorkspace(workspace, { demo });
      if (demo && !result.configExisted) await seedDemoHistory(workspace);
      process.stderr.write(`${initSummary(result, { workspace, demo })}\n`);
      return 0;
    }
    const reminderText = stringOption(parsed, 'reminder-days');
    const reminderDays = reminderText === undefined ? undefined : Number(reminderText.trim());
    if (reminderText !== undefined && (!/^\d+(?:\.\d+)?$/.test(reminderText.trim()) || !(reminderDays !== undefined && reminderDays >= 0))) {
      throw new UsageError(`--reminder-days phải là số ngày >= 0 (ví dụ --reminder-days 7); nhận được "${reminderText}".`);
    }
    let googleRun: RunCommandOptions['google'];
    if (google) {
      const configId = configOption === undefined ? undefined : (spreadsheetIdOf(configOption) ?? configOption.trim());
      if (configId === undefined || configId === '') throw new UsageError('run --google cần --config <ID bảng tính cấu hình>.');
      const folderId = folderOption === undefined ? undefined : folderIdOf(folderOption);
      googleRun = { configId, ...(folderId === undefined ? {} : { folderId }) };
    }
    const run = await runCommand({
      workspace,
      period: stringOption(parsed, 'period'),
      asOf: stringOption(parsed, 'as-of'),
      reminderDays,
      progress: !json || process.stderr.isTTY,
      google: googleRun,
    });
    if (json) process.stdout.write(`${JSON.stringify(toRunJson(run.result))}\n`);
    process.stderr.write(`${humanSummary(run)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PeriodNotScheduledError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.cause) process.stderr.write(`  Nguyên nhân: ${causeText(error.cause)}\n`);
    return 1;
  }
}

/** An error's cause for people: an error's message, a primitive as is, anything else as JSON. */
function causeText(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'object' && cause !== null) return JSON.stringify(cause);
  return String(cause);
}

/** What `init --google` did, for people (stderr). */
function initGoogleSummary(r: InitGoogleResult): string {
  const label = { created: 'tạo mới', adopted: 'dùng lại (đã có trong thư mục)', kept: 'đã có', skipped: 'bỏ qua' } as const;
  const lines = [
    `Bảng tính cấu hình: ${r.configId}${r.configCreated ? ' (tạo mới)' : ''}`,
    `Bảng tổng hợp: ${r.summaryId}${r.summaryCreated ? ' (tạo mới)' : ''}`,
  ];
  for (const u of r.units) {
    const shared = u.sharedWith.length > 0 ? `, chia sẻ với ${u.sharedWith.join(', ')}` : '';
    lines.push(`  ${u.code} ${u.name}: ${label[u.action]}${u.spreadsheetId ? ` ${u.spreadsheetId}` : ''}${shared}${u.reason ? ` - ${u.reason}` : ''}`);
  }
  const created = r.units.filter((u) => u.action === 'created').length;
  lines.push(
    `Đã tạo ${created} bảng tính đơn vị; ghi ${r.written.length} ô vào bảng tính cấu hình${r.written.length > 0 ? ` (${r.written.join(', ')})` : ''}.`,
  );
  if (r.configErrors > 0) lines.push(`Lưu ý: bảng tính cấu hình có ${r.configErrors} lỗi; lệnh run liệt kê từng lỗi.`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/cli.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
