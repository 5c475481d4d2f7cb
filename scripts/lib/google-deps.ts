import { mkdir } from 'node:fs/promises';
import type { GoogleEnv } from '../../shared/adapters/google/google-auth.js';
import type { FolderBoundGateway } from '../../shared/adapters/google/folder-bound-gateway.js';
import type { PipelineDeps } from '../../shared/pipeline/run-pipeline.js';
import { googlePorts, type GoogleTuning } from '../../shared/runtime/google-front-end.js';
import { openEmbedded, type EmbeddedOptions } from './embedded-deps.js';

export { googleAccessAdvice, googleConcurrency, googleGatewayFactory, GoogleSetupError, type GoogleTuning } from '../../shared/runtime/google-front-end.js';

export interface GoogleRunOptions extends EmbeddedOptions {
  /** The control spreadsheet (an ID or its address). */
  configId: string;
  /** Overrides the `Thư mục Drive` of `Cấu hình`. */
  folderId?: string;
  /** Where credentials and the endpoint come from (default: process.env). */
  env?: GoogleEnv;
  tuning?: GoogleTuning;
}

/**
 * `run --google`: the pipeline over Google spreadsheets. Store, raw snapshots and outbox stay the
 * embedded ones under `workspace`. The Drive folder and the summary's ID come from the control
 * spreadsheet's `Cấu hình` tab, read in the same call as the other control tabs.
 */
export async function openGoogle(options: GoogleRunOptions): Promise<{
  deps: PipelineDeps;
  gateway: FolderBoundGateway;
  serviceAccount: string | undefined;
  /** Units in flight for runPipeline (see googleConcurrency). */
  concurrency: number;
  close(): Promise<void>;
}> {
  const google = googlePorts({
    configId: options.configId,
    env: options.env ?? process.env,
    ...(options.folderId === undefined ? {} : { folderId: options.folderId }),
    ...(options.tuning === undefined ? {} : { tuning: options.tuning }),
  });
  await mkdir(options.workspace, { recursive: true });
  const embedded = await openEmbedded(options);
  const { serviceAccount, concurrency, ...ports } = google;
  const deps: PipelineDeps = { ...embedded.deps, ...ports };
  return { deps, gateway: google.gateway, serviceAccount, concurrency, close: embedded.close };
}
