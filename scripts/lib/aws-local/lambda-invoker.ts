import { spawn } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskBundle } from './deployment.js';
import type { Json } from './run-state-machine.js';

const RUNNER = join(import.meta.dirname, 'lambda-runner.mjs');

/** An error as Step Functions reports a Lambda task's failure: `name` is what Retry and Catch match. */
export class LambdaTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface InvokerOptions {
  /** Environment every function gets on top of its own (local endpoints, credentials). */
  env: Record<string, string>;
  /** Where each function's stdout and stderr go, one file per function (as its log group). */
  logDir: string;
  /**
   * Fault injection: the invocation numbers (1-based, per state) whose process is killed once its
   * handler has done its work, before its reply is read, as a Lambda that dies at the last moment.
   */
  killAfterWork?: Record<string, readonly number[]>;
  /** Called after every invocation that replied: its state, wall time and the process's peak RSS (a Lambda's "Max Memory Used"). */
  onInvocation?: (record: { state: string; ms: number; peakRssMb: number }) => void;
}

/**
 * Invokes a task's bundle in a fresh Node.js process per call (every invocation a cold start, the
 * strictest case for module loading), with the function's environment from the template.
 */
export function lambdaInvoker(options: InvokerOptions): (task: TaskBundle, event: Json) => Promise<Json> {
  const calls = new Map<string, number>();
  return async (task, event) => {
    const n = (calls.get(task.state) ?? 0) + 1;
    calls.set(task.state, n);
    const [file, exportName] = task.handler.split('.') as [string, string];
    const bundle = join(task.assetDir, `${file}.mjs`);
    const timeoutMs = task.timeoutSeconds * 1000;
    await mkdir(options.logDir, { recursive: true });
    const log = join(options.logDir, `${task.state}.log`);
    const child = spawn(process.execPath, [RUNNER, bundle, exportName, String(timeoutMs)], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ...task.environment,
        ...options.env,
        AWS_LAMBDA_FUNCTION_NAME: task.functionId,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const started = Date.now();
    const out: Buffer[] = [];
    const reply: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => out.push(c));
    const replyPipe = child.stdio[3];
    if (replyPipe && 'on' in replyPipe) replyPipe.on('data', (c: Buffer) => reply.push(c));
    child.stdin?.end(JSON.stringify(event));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const kill = options.killAfterWork?.[task.state]?.includes(n) === true;
    if (kill && replyPipe && 'on' in replyPipe) replyPipe.once('data', () => child.kill('SIGKILL'));
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    clearTimeout(timer);
    await appendFile(log, `--- ${task.state} #${n} (${new Date().toISOString()})\n${Buffer.concat(out).toString('utf8')}`);
    if (timedOut) throw new LambdaTaskError('Sandbox.Timedout', `Task timed out after ${task.timeoutSeconds} seconds`);
    if (kill || exit.signal !== null || exit.code !== 0)
      throw new LambdaTaskError('Lambda.Unknown', `The function's process ended before replying (${exit.signal ?? `exit ${exit.code}`}).`);
    const message = JSON.parse(Buffer.concat(reply).toString('utf8')) as (
      { ok: true; result: Json } | { ok: false; errorType: string; errorMessage: string }
    ) & { peakRssMb: number };
    options.onInvocation?.({ state: task.state, ms: Date.now() - started, peakRssMb: message.peakRssMb });
    if (!message.ok) throw new LambdaTaskError(message.errorType, message.errorMessage);
    return message.result;
  };
}
