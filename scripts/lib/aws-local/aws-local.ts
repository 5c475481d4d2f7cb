import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sanitiseRecipient, vietnamStamp } from '../../../shared/adapters/mail/eml-mailer.js';
import type { RunJson } from '../../../shared/pipeline/json-output.js';
import type { FinishTaskOutput, PlanTaskOutput } from '../../../shared/runtime/state-machine-io.js';
import { readDeployment } from './deployment.js';
import { lambdaInvoker, type InvokerOptions } from './lambda-invoker.js';
import { startLocalAws } from './local-aws.js';
import { runExecution } from './run-state-machine.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const exec = promisify(execFile);

export interface AwsLocalOptions {
  /** The control spreadsheet (ID or address). */
  configId: string;
  period?: string;
  asOf?: string;
  reminderDays?: number;
  /** State between calls: the local store, bucket and outbox (default `.aws-local`). */
  workspace: string;
  /** A cdk.out already synthesized (tests synthesize once); otherwise `cdk synth` runs first. */
  cdkOut?: string;
  /** The caller's environment: the Google endpoint and token (GOOGLE_API_ROOT_URL, GOOGLE_ACCESS_TOKEN...) pass to the functions. */
  env: Readonly<Record<string, string | undefined>>;
  /** Executions started at once (two overlapping runs: one publishes, the other ends cleanly). */
  executions?: number;
  killAfterWork?: InvokerOptions['killAfterWork'];
  onInvocation?: InvokerOptions['onInvocation'];
  retryPauseMs?: number;
}

export type ExecutionOutcome = { kind: 'run'; json: RunJson } | { kind: 'skipped'; reason: string };

/** Variables of the caller's environment the functions get: Google's endpoint and credentials, the pace. */
const PASSED_THROUGH = /^(GOOGLE_[A-Z_]+|TZ)$/;

/** `cdk synth` of the stack into `outDir`, bundles included, for the given control spreadsheet. */
export async function synthesize(outDir: string, configId: string, context: Record<string, string> = {}): Promise<string> {
  const cdk = join(ROOT, 'node_modules', '.bin', 'cdk');
  const extra = Object.entries(context).flatMap(([k, v]) => ['--context', `${k}=${v}`]);
  await exec(cdk, ['synth', '--quiet', '--output', outDir, '--context', `configSpreadsheetId=${configId}`, ...extra], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return outDir;
}

/**
 * `npm run aws-local`: the deployment's own state machine, as CDK synthesizes it, run on this
 * machine against local stand-ins of DynamoDB, S3 and SES and the Google endpoint of the caller's
 * environment. Each task runs the exact bundle CDK deploys, in a fresh Node process.
 */
export async function awsLocal(options: AwsLocalOptions): Promise<ExecutionOutcome[]> {
  const workspace = resolve(options.workspace);
  const cdkOut = options.cdkOut ?? (await synthesize(join(workspace, 'cdk.out'), options.configId));
  const local = await startLocalAws(join(workspace, '.state'));
  try {
    const deployment = await readDeployment(cdkOut, local.names);
    const passed: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.env)) if (v !== undefined && PASSED_THROUGH.test(k)) passed[k] = v;
    const invoke = lambdaInvoker({
      // The local endpoints win over the template's, the caller's control spreadsheet over the synthesized one.
      env: { ...passed, ...local.env, CONFIG_SPREADSHEET_ID: options.configId },
      logDir: join(workspace, 'logs'),
      ...(options.killAfterWork === undefined ? {} : { killAfterWork: options.killAfterWork }),
      ...(options.onInvocation === undefined ? {} : { onInvocation: options.onInvocation }),
    });
    const request = {
      ...(options.period === undefined ? {} : { period: options.period }),
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      ...(options.reminderDays === undefined ? {} : { reminderDays: options.reminderDays }),
    };
    const sentBefore = local.ses.requests.length;
    const outcomes = await Promise.all(
      Array.from({ length: options.executions ?? 1 }, async (): Promise<ExecutionOutcome> => {
        const name = `local-${new Date().toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
        const final = (await runExecution(deployment, invoke, request, {
          name,
          ...(options.retryPauseMs === undefined ? {} : { retryPauseMs: options.retryPauseMs }),
        })) as { plan: PlanTaskOutput; finished?: FinishTaskOutput };
        if (final.plan.skipped) return { kind: 'skipped', reason: final.plan.reason };
        if (final.finished === undefined) throw new Error(`Execution ${name} ended without a result.`);
        const body = await local.objects.get(final.finished.resultKey);
        if (body === undefined) throw new Error(`Execution ${name}: result ${final.finished.resultKey} is missing.`);
        return { kind: 'run', json: JSON.parse(Buffer.from(body).toString('utf8')) as RunJson };
      }),
    );
    await writeOutbox(
      join(workspace, 'outbox'),
      local.ses.requests.slice(sentBefore).flatMap((r) => (r.mime === undefined ? [] : [r.mime])),
    );
    return outcomes;
  } finally {
    await local.close();
  }
}

/** The messages the local SES received, as `.eml` files named as the embedded outbox names them. */
async function writeOutbox(dir: string, messages: readonly Buffer[]): Promise<void> {
  if (messages.length === 0) return;
  await mkdir(dir, { recursive: true });
  const stamp = vietnamStamp(new Date());
  const width = Math.max(3, String(messages.length).length);
  await Promise.all(
    messages.map(async (mime, i) => {
      const to = /^To: (.*)$/im.exec(mime.toString('latin1'))?.[1] ?? 'recipient';
      await writeFile(join(dir, `${stamp}-${String(i + 1).padStart(width, '0')}-${sanitiseRecipient(to)}.eml`), mime);
    }),
  );
}
