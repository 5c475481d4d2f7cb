import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { RunJson } from '../../shared/pipeline/json-output.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Runs the real command line (`tsx scripts/cli.ts ...`) in a child process; `wrap` prefixes the
 * command (e.g. `setpriv ...` to run it without root's permission override).
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, wrap: readonly string[] = []): Promise<CliResult> {
  const command = [...wrap, resolve(ROOT, 'node_modules/.bin/tsx'), resolve(ROOT, 'scripts/cli.ts'), ...args];
  return new Promise((done) => {
    execFile(command[0] as string, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs `run --json` and parses stdout; fails with stderr when the run did not complete. */
export async function runJson(workspace: string, extra: string[] = []): Promise<RunJsonDoc> {
  const res = await runCli(['run', '--workspace', workspace, '--json', ...extra]);
  if (res.code !== 0) throw new Error(`run exited ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as RunJsonDoc;
}

/** The contract's JSON document, as the product declares it. */
export type RunJsonDoc = RunJson;

export function indicator(doc: RunJsonDoc, unit: string, id: string): number | undefined {
  return doc.indicators.find((i) => i.unit === unit && i.indicator === id)?.value;
}
