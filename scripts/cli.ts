import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoDate } from '../shared/domain/calendar-date.js';
import { periodId } from '../shared/domain/ids.js';
import { isPeriod } from '../shared/domain/period.js';
import { toRunJson } from '../shared/pipeline/json-output.js';
import { ConfigUnavailableError, runPipeline, type PipelineRun } from '../shared/pipeline/run-pipeline.js';
import { WorkbookNotFoundError } from '../shared/ports/workbook-gateway.js';
import { folderIdOf, spreadsheetIdOf } from '../shared/adapters/google/spreadsheet-id.js';
import { initGoogle, type InitGoogleResult } from '../shared/workspace/init-google.js';
import { initWorkspace } from '../shared/workspace/init-workspace.js';
import { openEmbedded } from './lib/embedded-deps.js';
import { resolveGoogleEnv } from '../shared/adapters/google/secret-key-source.js';
import { googleGatewayFactory, GoogleSetupError, openGoogle } from './lib/google-deps.js';
import { humanSummary } from './lib/human-summary.js';
import { progressBar } from './lib/progress-bar.js';

const USAGE = `Cách dùng (usage):
  npm run cli -- init --workspace <thư mục> [--demo]
  npm run cli -- run  --workspace <thư mục> [--period <kỳ>] [--as-of <yyyy-mm-dd>] [--json] [--reminder-days <n>]
  npm run cli -- init --google --folder <ID thư mục Drive> [--config <ID bảng tính cấu hình>] [--json]
  npm run cli -- run  --google --config <ID bảng tính cấu hình> [--workspace <thư mục lưu trữ>] [--period <kỳ>] [--as-of <yyyy-mm-dd>] [--json]
Google: GOOGLE_SERVICE_ACCOUNT_KEY_FILE (hoặc GOOGLE_SERVICE_ACCOUNT_KEY, GOOGLE_SERVICE_ACCOUNT_SECRET_ID trên AWS, GOOGLE_ACCESS_TOKEN); GOOGLE_API_ROOT_URL đổi địa chỉ máy chủ API;
  GOOGLE_READS_PER_MINUTE, GOOGLE_WRITES_PER_MINUTE: số lượt đọc, ghi Google Trang tính mỗi phút (mặc định 55 mỗi loại; GOOGLE_REQUESTS_PER_MINUTE đặt cả hai).
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

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
    throw new UsageError(`Không thấy ${resolve(options.workspace, 'config.xlsx')}. Tạo thư mục làm việc bằng: npm run cli -- init --workspace ${options.workspace} [--demo]`);
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

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        workspace: { type: 'string', default: 'workspace' },
        demo: { type: 'boolean', default: false },
        period: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean', default: false },
        'reminder-days': { type: 'string' },
        google: { type: 'boolean', default: false },
        config: { type: 'string' },
        folder: { type: 'string' },
      },
      strict: true,
    });
    const workspace = resolve(values.workspace);
    if (!values.google && (values.config !== undefined || values.folder !== undefined)) throw new UsageError('--config và --folder chỉ dùng cùng --google.');
    if (command === 'init' && values.google) {
      const folderId = values.folder === undefined ? undefined : folderIdOf(values.folder);
      if (folderId === undefined) throw new UsageError('init --google cần --folder <ID thư mục Drive> (hoặc địa chỉ thư mục).');
      const configId = values.config === undefined ? undefined : (spreadsheetIdOf(values.config) ?? values.config.trim());
      const gateway = googleGatewayFactory(await resolveGoogleEnv(process.env))(folderId);
      const result = await initGoogle({ gateway, folderId, ...(configId === undefined ? {} : { configId }) });
      process.stderr.write(`${initGoogleSummary(result)}\n`);
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    if (command === 'init') {
      const { created, skipped } = await initWorkspace(workspace, { demo: values.demo });
      process.stderr.write(`Đã tạo ${created.length} tệp, giữ nguyên ${skipped.length} tệp đã có trong ${workspace}\n`);
      for (const f of created) process.stderr.write(`  + ${f}\n`);
      return 0;
    }
    if (command === 'run') {
      const reminderDays = values['reminder-days'] !== undefined ? Number(values['reminder-days']) : undefined;
      if (reminderDays !== undefined && !(reminderDays >= 0)) throw new UsageError('--reminder-days phải là số ngày >= 0');
      let google: RunCommandOptions['google'];
      if (values.google) {
        const configId = values.config === undefined ? undefined : (spreadsheetIdOf(values.config) ?? values.config.trim());
        if (configId === undefined || configId === '') throw new UsageError('run --google cần --config <ID bảng tính cấu hình>.');
        const folderId = values.folder === undefined ? undefined : folderIdOf(values.folder);
        google = { configId, ...(folderId === undefined ? {} : { folderId }) };
      }
      const run = await runCommand({ workspace, period: values.period, asOf: values['as-of'], reminderDays, progress: !values.json || process.stderr.isTTY, google });
      if (values.json) process.stdout.write(`${JSON.stringify(toRunJson(run.result))}\n`);
      process.stderr.write(`${humanSummary(run)}\n`);
      return 0;
    }
    throw new UsageError(command ? `Lệnh không rõ: ${command}` : 'Thiếu lệnh.');
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.cause) process.stderr.write(`  Nguyên nhân: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}\n`);
    return 1;
  }
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
  lines.push(`Đã tạo ${created} bảng tính đơn vị; ghi ${r.written.length} ô vào bảng tính cấu hình${r.written.length > 0 ? ` (${r.written.join(', ')})` : ''}.`);
  if (r.configErrors > 0) lines.push(`Lưu ý: bảng tính cấu hình có ${r.configErrors} lỗi; lệnh run liệt kê từng lỗi.`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/cli.ts')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
