import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface S3rverProcess {
  endpoint: string;
  port: number;
  /** s3rver checks the access key id; these are the ones it knows. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Kills the server at once (an outage), without removing its data directory. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/**
 * s3rver in a child process. It signs ListObjectsV2 continuation tokens with DES, which Node's
 * OpenSSL 3 refuses without `--openssl-legacy-provider`; giving that flag to this child only keeps
 * the test worker (and so the code under test) on the default provider, as on Lambda. Starting
 * takes ~0.2 s. Its own CLI is run, so no fixture script is needed.
 */
export async function startS3rver(options: { directory?: string } = {}): Promise<S3rverProcess> {
  // A given directory is kept (aws-local's state between calls); a temporary one is removed on close.
  const keep = options.directory !== undefined;
  const dir = options.directory ?? (await mkdtemp(join(tmpdir(), 'ntp-s3rver-')));
  if (keep) await mkdir(dir, { recursive: true });
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', bin, '--directory', dir, '--address', '127.0.0.1', '--port', '0', '--silent', '--no-vhost-buckets'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let port: number;
  try {
    port = await listeningPort(child);
  } catch (error) {
    child.kill('SIGKILL');
    if (!keep) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    kill,
    close: async () => {
      await kill();
      if (!keep) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Reads the CLI's `S3rver listening on 127.0.0.1:<port>` line. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on [^\s:]+:(\d+)/.exec(out);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`s3rver exited (${code ?? signal}) before listening: ${err.trim()}`)));
  });
}
