import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Runs the real command line (`tsx scripts/cli.ts ...`) in a child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      resolve(ROOT, 'node_modules/.bin/tsx'),
      [resolve(ROOT, 'scripts/cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `run --json` and parses stdout; fails with stderr when the run did not complete. */
export async function runJson(workspace: string, extra: string[] = []): Promise<RunJsonDoc> {
  const res = await runCli(['run', '--workspace', workspace, '--json', ...extra]);
  if (res.code !== 0) throw new Error(`run exited ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as RunJsonDoc;
}

export interface RunJsonDoc {
  runId: string;
  period: string;
  asOf: string;
  units: { code: string; name: string; status: string; errors: number; warnings: number }[];
  issues: { unit: string; tab: string; cell: string | null; code: string; severity: string; message: string; hint?: string; value?: string }[];
  indicators: { programme: string; unit: string; indicator: string; value: number; numerator?: number; denominator?: number }[];
  targets: { unit: string; indicator: string; target: number; op: string; value: number | null; status: string }[];
  alerts: { kind: string; unit: string; indicator?: string; severity: string; message: string; recipients: string[] }[];
}

export function indicator(doc: RunJsonDoc, unit: string, id: string): number | undefined {
  return doc.indicators.find((i) => i.unit === unit && i.indicator === id)?.value;
}
