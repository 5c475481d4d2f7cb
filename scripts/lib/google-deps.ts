import { mkdir } from 'node:fs/promises';
import { FolderBoundGateway } from '../../shared/adapters/google/folder-bound-gateway.js';
import { googleRootUrl, serviceAccountEmail, type GoogleEnv } from '../../shared/adapters/google/google-auth.js';
import { GoogleCredentialsError } from '../../shared/adapters/google/google-errors.js';
import { googleGatewayFromEnv } from '../../shared/adapters/google/google-gateway-from-env.js';
import { GoogleWorkbookGateway, type GoogleWorkbookGatewayOptions } from '../../shared/adapters/google/google-workbook-gateway.js';
import { spreadsheetIdOf, spreadsheetUrl } from '../../shared/adapters/google/spreadsheet-id.js';
import { SETTING_KEYS, SETTINGS_TAB } from '../../shared/forms/settings-tab.js';
import type { WorkbookAccessAdvice } from '../../shared/stages/ingest-unit.js';
import type { PipelineDeps } from '../../shared/pipeline/run-pipeline.js';
import { openEmbedded, type EmbeddedOptions } from './embedded-deps.js';

/** Pacing and back-off of the Google clients (tests make them fast; production keeps the defaults). */
export type GoogleTuning = Partial<Omit<GoogleWorkbookGatewayOptions, 'auth' | 'rootUrl' | 'folderId'>>;

export interface GoogleRunOptions extends EmbeddedOptions {
  /** The control spreadsheet (an ID or its address). */
  configId: string;
  /** Overrides the `Thư mục Drive` of `Cấu hình`. */
  folderId?: string;
  /** Where credentials and the endpoint come from (default: process.env). */
  env?: GoogleEnv;
  tuning?: GoogleTuning;
}

/** The Google front end is not set up far enough to run (no summary ID yet). */
export class GoogleSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoogleSetupError';
  }
}

/**
 * Builds the Google gateways from the environment once (GOOGLE_ACCESS_TOKEN or a service-account
 * key, GOOGLE_API_ROOT_URL, GOOGLE_REQUESTS_PER_MINUTE; see createGoogleAuth): the first without a
 * folder, later ones for a folder, all sharing one auth client so a service account fetches its
 * token once. Credentials are checked here, before any call.
 */
export function googleGatewayFactory(env: GoogleEnv, tuning: GoogleTuning = {}): (folderId: string | undefined) => GoogleWorkbookGateway {
  let first: GoogleWorkbookGateway;
  try {
    first = googleGatewayFromEnv(env, tuning);
  } catch (error) {
    if (!(error instanceof GoogleCredentialsError)) throw error;
    // The adapter's message names the variable at fault and never holds key material.
    throw new GoogleSetupError(
      `Chưa cấu hình được tài khoản Google: đặt GOOGLE_SERVICE_ACCOUNT_KEY_FILE (đường dẫn tệp khoá JSON của tài khoản dịch vụ) hoặc GOOGLE_SERVICE_ACCOUNT_KEY (${error.message}).`,
      { cause: error },
    );
  }
  const rootUrl = googleRootUrl(env);
  const rateText = env['GOOGLE_REQUESTS_PER_MINUTE']?.trim();
  // Already validated by googleGatewayFromEnv.
  const rate = rateText ? Number(rateText) : undefined;
  let firstUsed = false;
  return (folderId) => {
    if (folderId === undefined && !firstUsed) {
      firstUsed = true;
      return first;
    }
    return new GoogleWorkbookGateway({
      ...(rate === undefined ? {} : { requestsPerMinute: rate }),
      ...tuning,
      auth: first.client.auth,
      ...(rootUrl === undefined ? {} : { rootUrl }),
      ...(folderId === undefined ? {} : { folderId }),
    });
  };
}

/** What staff are told about a unit spreadsheet the service account cannot find or open. */
export function googleAccessAdvice(serviceAccount: string | undefined): WorkbookAccessAdvice {
  const account = serviceAccount ? `tài khoản của hệ thống (${serviceAccount})` : 'tài khoản Google mà hệ thống dùng';
  return {
    missingReason: `ID trong cột "Bảng tính" có thể bị sai, hoặc bảng tính chưa được chia sẻ với ${account}.`,
    missingHint: `Chia sẻ bảng tính với ${account}, quyền Người chỉnh sửa, và kiểm tra ID trong cột "Bảng tính" của trang "Đơn vị" (ID là phần giữa "/d/" và "/edit" trong địa chỉ bảng tính). Đơn vị chưa có bảng tính thì chạy lệnh init --google để tạo.`,
    unreadableHint: `Nếu lỗi là không có quyền truy cập: chia sẻ bảng tính với ${account}, quyền Người chỉnh sửa. Nếu Google tạm thời lỗi, lần tổng hợp sau sẽ đọc lại khi bảng tính thay đổi. Số liệu hợp lệ lần trước vẫn được giữ.`,
  };
}

/**
 * `run --google`: the pipeline over Google spreadsheets. Store, raw snapshots and outbox stay the
 * embedded ones under `workspace`. The Drive folder and the summary's ID come from the control
 * spreadsheet's `Cấu hình` tab, read in the same call as the other control tabs.
 */
export async function openGoogle(
  options: GoogleRunOptions,
): Promise<{ deps: PipelineDeps; gateway: FolderBoundGateway; serviceAccount: string | undefined; close(): Promise<void> }> {
  const configId = spreadsheetIdOf(options.configId) ?? options.configId.trim();
  const make = googleGatewayFactory(options.env ?? process.env, options.tuning);
  const gateway = new FolderBoundGateway(make);
  const serviceAccount = serviceAccountEmail(gateway.gateway.client.auth);
  const access = googleAccessAdvice(serviceAccount);
  await mkdir(options.workspace, { recursive: true });
  const embedded = await openEmbedded(options);
  const deps: PipelineDeps = {
    ...embedded.deps,
    gateway,
    configRef: configId,
    // Known only once `Cấu hình` is read; applySettings below supplies it.
    summaryRef: '',
    unitRef: (workbook) => spreadsheetIdOf(workbook) ?? workbook.trim(),
    access,
    applySettings: (settings) => {
      gateway.useFolder(options.folderId ?? settings.driveFolder);
      const summary = settings.summary === undefined ? undefined : (spreadsheetIdOf(settings.summary) ?? settings.summary);
      if (summary === undefined) {
        throw new GoogleSetupError(
          `Bảng tính cấu hình chưa có ID bảng tổng hợp (trang "${SETTINGS_TAB.name}", dòng "${SETTING_KEYS.summary}"). Chạy trước: npm run cli -- init --google --folder <ID thư mục Drive> --config ${configId}`,
        );
      }
      gateway.statAlongside([summary]);
      return { summaryRef: summary, summaryLink: spreadsheetUrl(summary) };
    },
  };
  return { deps, gateway, serviceAccount, close: embedded.close };
}
