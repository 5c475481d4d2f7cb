import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { openGoogle, type GoogleTuning } from '../../scripts/lib/google-deps.js';
import type { GoogleCallStats } from '../../shared/adapters/google/google-api-client.js';
import { periodId } from '../../shared/domain/ids.js';
import { toRunJson } from '../../shared/pipeline/json-output.js';
import { runPipeline } from '../../shared/pipeline/run-pipeline.js';
import { runCli, type RunJsonDoc } from './cli.js';
import { FAKE_TOKEN, type FakeGoogleServer } from './fake-google/fake-google-server.js';

/** Environment that points the real googleapis clients (in-process or in the CLI child) at the fake. */
export function googleEnv(fake: FakeGoogleServer): Record<string, string> {
  return { GOOGLE_ACCESS_TOKEN: FAKE_TOKEN, GOOGLE_API_ROOT_URL: fake.rootUrl, GOOGLE_REQUESTS_PER_MINUTE: '60000' };
}

/** Pacing and back-off fast enough for tests (the fake answers in microseconds). */
export const FAST: GoogleTuning = { requestsPerMinute: 600_000, burst: 50, baseDelayMs: 2, maxDelayMs: 20 };

export const tempDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix));

/** `run --google --json` through the real command line. */
export async function cliRunGoogle(fake: FakeGoogleServer, workspace: string, configId: string, extra: string[] = []): Promise<RunJsonDoc> {
  const res = await runCli(['run', '--google', '--config', configId, '--workspace', workspace, '--json', ...extra], googleEnv(fake));
  if (res.code !== 0) throw new Error(`run --google exited ${res.code}: ${res.stderr}`);
  // Credentials are never printed.
  if (`${res.stdout}${res.stderr}`.includes(FAKE_TOKEN)) throw new Error('the access token appeared in the output');
  return JSON.parse(res.stdout) as RunJsonDoc;
}

/**
 * One run in this process with exactly the dependencies `run --google` builds (openGoogle), only
 * with fast pacing; returns the JSON document and the gateway's call counts.
 */
export async function runGoogleInProcess(
  fake: FakeGoogleServer,
  workspace: string,
  configId: string,
  options: { asOf: string; period?: string; tuning?: GoogleTuning },
): Promise<{ doc: RunJsonDoc; requests: number; stats: GoogleCallStats }> {
  const opened = await openGoogle({
    workspace,
    asOf: options.asOf,
    configId,
    env: { GOOGLE_ACCESS_TOKEN: FAKE_TOKEN, GOOGLE_API_ROOT_URL: fake.rootUrl },
    tuning: options.tuning ?? FAST,
  });
  try {
    const run = await runPipeline(opened.deps, { concurrency: opened.concurrency, ...(options.period ? { period: periodId(options.period) } : {}) });
    const stats = opened.gateway.stats();
    return { doc: toRunJson(run.result), requests: stats.requests, stats };
  } finally {
    await opened.close();
  }
}

/** The run document without what differs between two runs of the same data (the run id). */
export function comparable(doc: RunJsonDoc): Omit<RunJsonDoc, 'runId'> {
  const { runId: _runId, ...rest } = doc;
  return rest;
}

export async function outbox(workspace: string): Promise<ParsedMail[]> {
  let files: string[];
  try {
    files = (await readdir(join(workspace, 'outbox'))).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return Promise.all(files.map(async (f) => simpleParser(await readFile(join(workspace, 'outbox', f)))));
}

export const mailTo = (m: ParsedMail): string | undefined => (Array.isArray(m.to) ? m.to[0] : m.to)?.text;

/** Operations the fake saw, as `operation` counts. */
export function operations(fake: FakeGoogleServer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of fake.log) out[e.operation] = (out[e.operation] ?? 0) + 1;
  return out;
}
