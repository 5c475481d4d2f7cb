import { FolderBoundGateway } from '../adapters/google/folder-bound-gateway.js';
import { googleRootUrl, type GoogleEnv } from '../adapters/google/google-auth.js';
import { GoogleCredentialsError } from '../adapters/google/google-errors.js';
import { googleGatewayFromEnv, pacerFromEnv, sheetsRatesFromEnv } from '../adapters/google/google-gateway-from-env.js';
import type { QuotaPacer } from '../adapters/google/quota-pacer.js';
import { GoogleWorkbookGateway, type GoogleWorkbookGatewayOptions } from '../adapters/google/google-workbook-gateway.js';
import { spreadsheetIdOf, spreadsheetUrl } from '../adapters/google/spreadsheet-id.js';
import { SETTING_KEYS, SETTINGS_TAB } from '../forms/settings-tab.js';
import type { WorkbookAccessAdvice } from '../stages/ingest-unit.js';
import type { PlanPorts } from '../stages/plan-run.js';

/**
 * The Google front end's wiring, the same in every mode that runs over Google spreadsheets (the
 * CLI's `run --google` and the Lambda tasks): gateways on one account sharing one auth client and
 * one pace, the control spreadsheet's `Cấu hình` applied, and what staff are told about access.
 */

/** Pacing and back-off of the Google clients (tests make them fast; production keeps the defaults). */
export type GoogleTuning = Partial<Omit<GoogleWorkbookGatewayOptions, 'auth' | 'rootUrl' | 'folderId'>>;

/** The Google front end is not set up far enough to run (no summary ID yet). */
export class GoogleSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoogleSetupError';
  }
}

/**
 * Builds the Google gateways from the environment once (GOOGLE_ACCESS_TOKEN or a service-account
 * key, GOOGLE_API_ROOT_URL, GOOGLE_READS_PER_MINUTE / GOOGLE_WRITES_PER_MINUTE or
 * GOOGLE_REQUESTS_PER_MINUTE; see createGoogleAuth, sheetsRatesFromEnv): the first without a
 * folder, later ones for a folder, all sharing one auth client (a service account fetches its
 * token once) and one pacer (the quota is the account's, whichever gateway spends it).
 * Credentials and rates are checked here, before any call.
 */
export function googleGatewayFactory(env: GoogleEnv, tuning: GoogleTuning = {}): (folderId: string | undefined) => GoogleWorkbookGateway {
  let first: GoogleWorkbookGateway;
  let pacer: QuotaPacer;
  try {
    pacer = tuning.pacer ?? pacerFromEnv(env, tuning);
    first = googleGatewayFromEnv(env, { ...tuning, pacer });
  } catch (error) {
    if (!(error instanceof GoogleCredentialsError)) throw error;
    // The adapter's message names the variable at fault and never holds key material.
    throw new GoogleSetupError(
      `Chưa cấu hình được tài khoản Google: đặt GOOGLE_SERVICE_ACCOUNT_KEY_FILE (đường dẫn tệp khoá JSON của tài khoản dịch vụ) hoặc GOOGLE_SERVICE_ACCOUNT_KEY (${error.message}).`,
      { cause: error },
    );
  }
  const rootUrl = googleRootUrl(env);
  let firstUsed = false;
  return (folderId) => {
    if (folderId === undefined && !firstUsed) {
      firstUsed = true;
      return first;
    }
    return new GoogleWorkbookGateway({
      ...tuning,
      pacer,
      auth: first.client.auth,
      ...(rootUrl === undefined ? {} : { rootUrl }),
      ...(folderId === undefined ? {} : { folderId }),
    });
  };
}

/**
 * Units in flight in a Google run: enough that the read bucket never idles while earlier units
 * wait for their write (a unit holds its slot for about read + write latency, ~2-4 s on Google),
 * i.e. the read rate times 4 s, never below the pipeline's default of 4 and capped at 32 so a
 * very high quota does not hold hundreds of workbooks in memory at once.
 */
export function googleConcurrency(env: GoogleEnv, tuning: GoogleTuning = {}): number {
  const reads = tuning.readsPerMinute ?? tuning.requestsPerMinute ?? sheetsRatesFromEnv(env).readsPerMinute;
  return Math.min(32, Math.max(4, Math.ceil((reads / 60) * 4)));
}

/**
 * What staff are told about a unit spreadsheet the service account cannot find or open. Google
 * answers 404 for an ID that does not exist and 403 for one not shared with the account (Drive
 * hides both alike; the gateway's read tells them apart), so the advice on a missing spreadsheet
 * is about the ID, and on an unreadable one about sharing.
 */
export function googleAccessAdvice(serviceAccount: string | undefined): WorkbookAccessAdvice {
  const account = serviceAccount ? `tài khoản của hệ thống (${serviceAccount})` : 'tài khoản Google mà hệ thống dùng';
  return {
    missingReason: 'Bảng tính với ID trong cột "Bảng tính" không tồn tại: ID bị sai, hoặc bảng tính đã bị xoá.',
    missingHint:
      'Kiểm tra ID trong cột "Bảng tính" của trang "Đơn vị" (ID là phần giữa "/d/" và "/edit" trong địa chỉ bảng tính). Đơn vị chưa có bảng tính thì ghi "tạo mới" vào ô đó rồi chạy lệnh init --google để tạo.',
    unreadableHint: `Chia sẻ bảng tính với ${account}, quyền Người chỉnh sửa. Nếu Google tạm thời lỗi, lần tổng hợp sau sẽ đọc lại khi bảng tính thay đổi. Số liệu hợp lệ lần trước vẫn được giữ.`,
  };
}

/** The Google side of a run's ports: the gateway, the control spreadsheet, how `Bảng tính` names units. */
export interface GooglePorts extends Pick<PlanPorts, 'gateway' | 'configRef' | 'summaryRef' | 'unitRef' | 'applySettings'> {
  gateway: FolderBoundGateway;
  access: WorkbookAccessAdvice;
  serviceAccount: string | undefined;
  /** Units in flight for runPipeline (see googleConcurrency). */
  concurrency: number;
}

/**
 * The ports over Google spreadsheets. The Drive folder and the summary's ID come from the control
 * spreadsheet's `Cấu hình` tab, read in the same call as the other control tabs (`folderId`
 * overrides the folder).
 */
export function googlePorts(options: { configId: string; folderId?: string; env: GoogleEnv; tuning?: GoogleTuning }): GooglePorts {
  const configId = spreadsheetIdOf(options.configId) ?? options.configId.trim();
  const gateway = new FolderBoundGateway(googleGatewayFactory(options.env, options.tuning));
  const serviceAccount = gateway.gateway.accountEmail;
  return {
    gateway,
    configRef: configId,
    // Known only once `Cấu hình` is read; applySettings below supplies it.
    summaryRef: '',
    unitRef: (workbook) => spreadsheetIdOf(workbook) ?? workbook.trim(),
    access: googleAccessAdvice(serviceAccount),
    serviceAccount,
    concurrency: googleConcurrency(options.env, options.tuning),
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
}
