import { join } from 'node:path';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoStore } from '../../shared/adapters/dynamo/dynamo-store.js';
import { startEmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';
import { createMailer } from '../../shared/adapters/mail/create-mailer.js';
import { FsObjectStore } from '../../shared/adapters/object-store/fs-object-store.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { fixedClock, systemClock } from '../../shared/ports/clock.js';
import type { PipelineDeps } from '../../shared/pipeline/run-pipeline.js';
import { LazyStore } from './lazy-store.js';

export const TABLE_NAME = 'ntp-monitor';

export interface EmbeddedOptions {
  workspace: string;
  asOf?: string;
  /** Use a DynamoDB endpoint (e.g. DynamoDB Local) instead of the in-process server. */
  dynamoEndpoint?: string;
  smtpUrl?: string;
  mailFrom?: string;
}

/** The embedded default: workbooks in a folder, in-process DynamoDB-compatible store, local objects, .eml outbox. */
export function openEmbedded(options: EmbeddedOptions): Promise<{ deps: PipelineDeps; close: () => Promise<void> }> {
  // The SDK warns once per process that its 2027 releases need Node 22. Lambda runs 22; on a Node 20
  // desk machine the warning would only confuse office staff, so the embedded CLI silences it
  // (the SDK's own switch; set the variable to "false" to see it).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const state = join(options.workspace, '.state');
  const objects = new FsObjectStore(join(state, 'objects'));
  let server: Awaited<ReturnType<typeof startEmbeddedDynamo>> | undefined;
  let client: ReturnType<typeof createDynamoClient> | undefined;
  // Opened when a stage first needs it: a run refused by its plan (a usage error) writes nothing.
  const store = new LazyStore(async () => {
    const started = options.dynamoEndpoint ? undefined : await startEmbeddedDynamo({ path: join(state, 'dynamodb') });
    const endpoint = options.dynamoEndpoint ?? (started as { endpoint: string }).endpoint;
    const opened = createDynamoClient({ endpoint });
    try {
      await ensureTable(opened, TABLE_NAME);
    } catch (error) {
      opened.destroy();
      await started?.close();
      throw error;
    }
    server = started;
    client = opened;
    return new DynamoStore({ client: opened, tableName: TABLE_NAME, objects });
  });
  const deps: PipelineDeps = {
    gateway: new XlsxWorkbookGateway({ dir: options.workspace }),
    store,
    objects,
    mailer: createMailer({
      outboxDir: join(options.workspace, 'outbox'),
      from: options.mailFrom ?? 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.example>',
      smtpUrl: options.smtpUrl,
    }),
    clock: options.asOf ? fixedClock(options.asOf) : systemClock,
    wallClock: systemClock,
    configRef: 'config.xlsx',
    summaryRef: 'summary.xlsx',
    unitRef: (workbook) => `units/${workbook}`,
  };
  // A promise although nothing here waits: the store opens lazily, and callers need not know.
  return Promise.resolve({
    deps,
    close: async () => {
      await store.settled();
      client?.destroy();
      await server?.close();
    },
  });
}
