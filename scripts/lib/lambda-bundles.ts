import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { NtpMonitorStack } from '../../infra/ntp-monitor-stack.js';
import { readStackSettings } from '../../infra/stack-settings.js';

const exec = promisify(execFile);

export interface LambdaBundle {
  /** The Lambda resource's construct path, e.g. NtpMonitor/Tasks/Plan/Function/Resource. */
  path: string;
  task: string;
  /** index.mjs in the cloud assembly (the file CDK zips and uploads). */
  file: string;
}

/** Stand-ins for what the stack sets: enough for parseAwsEnv and the SDK clients to be made. */
export const DUMMY_LAMBDA_ENV: Record<string, string> = {
  TABLE_NAME: 'ntp-monitor-test',
  BUCKET_NAME: 'ntp-monitor-test',
  CONFIG_SPREADSHEET_ID: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd',
  MAIL_FROM: 'Văn phòng <khong-tra-loi@example.gov.vn>',
  AWS_REGION: 'ap-southeast-1',
  POWERTOOLS_SERVICE_NAME: 'ntp-monitor',
  POWERTOOLS_METRICS_NAMESPACE: 'NtpMonitor',
  // This machine runs Node 20; Lambda runs 22, where the SDK has nothing to warn about.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Synthesizes the stack (no cdk-nag: the bundles are the point) with NodejsFunction's real esbuild bundling into `outdir` and returns
 * each function's bundle, found as the local runner finds it: the Lambda resource's
 * `aws:asset:path` metadata.
 */
export function bundleFunctions(outdir: string, context: Record<string, unknown>, now: Date = new Date()): LambdaBundle[] {
  // As the CLI synthesizes: the asset and path metadata the local runner reads.
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true, ...context } });
  const settings = readStackSettings((key) => app.node.tryGetContext(key));
  const stack = new NtpMonitorStack(app, settings.stackName, { env: { region: settings.region }, settings, now });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }> };
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((r) => {
      const path = String(r.Metadata?.['aws:cdk:path']);
      const asset = r.Metadata?.['aws:asset:path'];
      if (typeof asset !== 'string') throw new Error(`${path} has no aws:asset:path metadata`);
      const task = path.split('/')[2] ?? path;
      return { path, task, file: join(assembly.directory, asset, 'index.mjs') };
    });
}

export interface LoadResult {
  ok: boolean;
  /** Time to import the module (ms), measured inside the fresh process. */
  loadMs: number;
  /** CPU time (user + system) of that import: what a core of its own would take, on a shared machine. */
  cpuMs: number;
  handlerType: string;
  /** Resident set size after the import (MB): the floor of the function's memory. */
  rssMb: number;
  stderr: string;
}

/**
 * Imports a bundle in a fresh `node` process, as Lambda's runtime does at a cold start, with the
 * environment a deployment sets (module scope builds the ports, so a missing module, a CommonJS
 * `require` in ESM or a bad env schema fails here). `nodeOptions` adds flags such as
 * `--enable-source-maps`.
 */
export async function loadInFreshProcess(file: string, nodeOptions: string[] = []): Promise<LoadResult> {
  if (!existsSync(file))
    return { ok: false, loadMs: Number.NaN, cpuMs: Number.NaN, handlerType: 'missing', rssMb: Number.NaN, stderr: `${file} does not exist` };
  const script = [
    'const t0 = performance.now();',
    'const c0 = process.cpuUsage();',
    `const m = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const ms = performance.now() - t0;',
    'const c = process.cpuUsage(c0);',
    'process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, handlerType: typeof m.handler, rss: process.memoryUsage().rss }));',
  ].join('\n');
  try {
    const { stdout, stderr } = await exec(process.execPath, [...nodeOptions, '--input-type=module', '-e', script], {
      env: { PATH: process.env['PATH'] ?? '', ...DUMMY_LAMBDA_ENV },
      timeout: 30_000,
    });
    const out = JSON.parse(stdout) as { ms: number; cpuMs: number; handlerType: string; rss: number };
    return { ok: out.handlerType === 'function', loadMs: out.ms, cpuMs: out.cpuMs, handlerType: out.handlerType, rssMb: out.rss / 2 ** 20, stderr };
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    return { ok: false, loadMs: Number.NaN, cpuMs: Number.NaN, handlerType: 'error', rssMb: Number.NaN, stderr: e.stderr ?? e.message ?? String(error) };
  }
}
