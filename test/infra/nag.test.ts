import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, cdkJsonContext, SKIP_BUNDLING, TEST_CONTEXT } from './support/infra-synth.js';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: Violation[] }[];
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes the app as infra/app.ts builds it; returns what cdk-nag reported (nothing when clean). */
function synthWithNag(context: Record<string, unknown>): { findings: string[]; stack: ReturnType<typeof buildTestApp>['stack'] } {
  const outdir = mkdtempSync(join(tmpdir(), 'ntp-nag-'));
  dirs.push(outdir);
  const { app, stack } = buildTestApp(outdir, { ...SKIP_BUNDLING, ...context });
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  }
  const reportPath = join(outdir, 'validation-report.json');
  const report: ValidationReport = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as ValidationReport) : { pluginReports: [] };
  const findings = report.pluginReports.flatMap((p) =>
    p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} ${c.constructPath}`)),
  );
  if (failure !== undefined && findings.length === 0)
    throw failure instanceof Error ? failure : new Error('synth failed without a validation report', { cause: failure });
  return { findings, stack };
}

/** Every acknowledgement in the tree: construct path, rule id, reason. */
function acknowledgementsOf(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^Annotation::/, ''), reason })),
        ),
    );
}

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in the stack as configured', () => {
    const { findings, stack } = synthWithNag(TEST_CONTEXT);
    expect(findings).toEqual([]);
    // Nor anything else CDK itself warns or errs about.
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  it("find nothing unacknowledged with cdk.json's defaults (what `npx cdk synth` builds), which warn of their placeholders", () => {
    const { findings, stack } = synthWithNag(cdkJsonContext());
    expect(findings).toEqual([]);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('placeholder|example\\.gov\\.vn'));
    expect(warnings).toHaveLength(2);
  });

  it('give each acknowledgement a reason, and each answers a finding that is there without it', () => {
    const acknowledged = acknowledgementsOf(synthWithNag(TEST_CONTEXT).stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThan(60);

    // The same app with acknowledging switched off: every acknowledged id must be reported
    // on that construct or one below it, or the acknowledgement has gone stale.
    const acknowledge = Object.getOwnPropertyDescriptor(Validations.prototype, 'acknowledge');
    if (acknowledge === undefined) throw new Error('Validations.acknowledge is not a method of the prototype');
    Object.defineProperty(Validations.prototype, 'acknowledge', { ...acknowledge, value: () => undefined });
    let bare: string[];
    try {
      bare = synthWithNag(TEST_CONTEXT).findings;
    } finally {
      Object.defineProperty(Validations.prototype, 'acknowledge', acknowledge);
    }
    for (const ack of acknowledged) {
      const answered = bare.some((f) => {
        const [, rule, path] = f.split(' ');
        return rule === ack.id && path !== undefined && (path === ack.path || path.startsWith(`${ack.path}/`));
      });
      expect(answered, `${ack.id} on ${ack.path} answers no finding`).toBe(true);
    }
    // And nothing is acknowledged wholesale: only these rules, with IAM5 per finding.
    expect(new Set(acknowledged.map((a) => a.id.replace(/\[.*\]$/, '')))).toEqual(
      new Set(['AwsSolutions-S1', 'AwsSolutions-SMG4', 'AwsSolutions-SQS3', 'AwsSolutions-L1', 'AwsSolutions-IAM5']),
    );
    expect(acknowledged.filter((a) => a.id === 'AwsSolutions-IAM5')).toEqual([]);
  });
});
