import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/pipeline-function.js';
import { bundleFunctions, loadInFreshProcess, type LambdaBundle } from '../../scripts/lib/lambda-bundles.js';
import { TEST_CONTEXT, TEST_NOW } from './support/infra-synth.js';

/**
 * A ceiling, not the goal: the goal is < 1 MB, and the bundles are ~1.6 MB today because of what
 * shared/ imports (zod's classic API alone is 445 KB minified; README, Deploy on AWS). This keeps
 * them from growing unnoticed.
 */
const BUNDLE_CEILING_BYTES = 2 * 1024 * 1024;

const outdir = mkdtempSync(join(tmpdir(), 'ntp-bundles-'));
let bundles: LambdaBundle[];

// The one test that bundles for real (7 functions, a few seconds): the others skip bundling.
beforeAll(() => {
  bundles = bundleFunctions(outdir, { ...TEST_CONTEXT }, TEST_NOW);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the Lambda bundles CDK deploys', () => {
  it('are one per task, each an ESM file with the require banner, a source map, and the handler export', () => {
    expect(bundles.map((b) => b.task).sort()).toEqual(['Alert', 'Consolidate', 'Fail', 'Finish', 'IngestUnit', 'Plan', 'Publish']);
    for (const b of bundles) {
      const text = readFileSync(b.file, 'utf8');
      expect(text.startsWith(ESM_REQUIRE_BANNER), b.task).toBe(true);
      expect(text, b.task).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
      expect(statSync(`${b.file}.map`).size, b.task).toBeGreaterThan(0);
      // The SDK is bundled (the pinned version), not left to the runtime's.
      expect(text, b.task).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(statSync(b.file).size, b.task).toBeLessThan(BUNDLE_CEILING_BYTES);
    }
  });

  it('each load in a fresh node process with the environment the stack sets', async () => {
    for (const b of bundles) {
      const loaded = await loadInFreshProcess(b.file);
      expect(loaded, `${b.task}: ${loaded.stderr}`).toMatchObject({ ok: true, handlerType: 'function' });
    }
  });
});
