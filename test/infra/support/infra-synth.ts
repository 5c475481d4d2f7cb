import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../infra/app.js';
import { PROJECT_ROOT } from '../../../infra/constructs/pipeline-function.js';
import { NtpMonitorStack } from '../../../infra/ntp-monitor-stack.js';
import { readStackSettings } from '../../../infra/stack-settings.js';

/** A deployment as an engineer would configure it (not cdk.json's placeholders). */
export const TEST_CONTEXT = {
  configSpreadsheetId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd',
  mailFrom: 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.langson.gov.vn>',
  sesIdentity: 'ntm.langson.gov.vn',
  officeEmail: 'vanphong@ntm.langson.gov.vn',
  alarmEmail: 'ky-thuat@ntm.langson.gov.vn',
  googleSecretName: 'ntp-monitor/google-service-account',
  dailyCron: 'cron(0 7 * * ? *)',
  // One past, one whose window has begun, one to come (TEST_NOW is 2027-06-15).
  dueDates: ['2026-12-20', '2027-06-20', '2027-12-20'],
  intensiveDays: 7,
  intensiveRate: 'cron(0 7-19/2 * * ? *)',
  googleReadsPerMinute: 55,
  googleWritesPerMinute: 55,
  runLeaseMinutes: 240,
  stackName: 'NtpMonitor',
  region: 'ap-southeast-1',
} satisfies Record<string, unknown>;

export const TEST_NOW = new Date('2027-06-15T03:00:00Z');

/** cdk.json's own context, as `cdk synth` reads it. */
export function cdkJsonContext(): Record<string, unknown> {
  const parsed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return parsed.context;
}

/** Skips NodejsFunction's esbuild run: the tests about the template do not need the bundles. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

/** The stack alone (no cdk-nag), bundling skipped: what the template assertions read. */
export function synthStack(context: Record<string, unknown> = {}, now: Date = TEST_NOW): { stack: NtpMonitorStack; template: Template } {
  const app = new App({ context: { ...SKIP_BUNDLING, ...TEST_CONTEXT, ...context } });
  const settings = readStackSettings((key) => app.node.tryGetContext(key));
  const stack = new NtpMonitorStack(app, settings.stackName, { env: { region: settings.region }, settings, now });
  return { stack, template: Template.fromStack(stack) };
}

/** The whole app as infra/app.ts builds it (cdk-nag included), into `outdir`. */
export function buildTestApp(outdir: string, context: Record<string, unknown>, now: Date = TEST_NOW): ReturnType<typeof buildApp> {
  return buildApp(new App({ outdir, context }), { now });
}

type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };
export type Resources = Record<string, { Type: string; Properties?: Record<string, CfnValue>; Metadata?: Record<string, CfnValue>; DeletionPolicy?: string }>;

export const resourcesOf = (template: Template): Resources => (template.toJSON() as { Resources: Resources }).Resources;

export function logicalIdsOfType(template: Template, type: string): string[] {
  return Object.entries(resourcesOf(template))
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** The one resource of `type` whose logical id starts with `prefix` (ids are prefix + hash). */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = logicalIdsOfType(template, type).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemSelector?: Record<string, unknown>;
  ItemsPath?: string;
  MaxConcurrency?: number;
  ResultPath?: string;
  Next?: string;
  End?: boolean;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; JitterStrategy?: string; MaxDelaySeconds?: number }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  Choices?: { Variable: string; BooleanEquals?: boolean; Next: string }[];
  Default?: string;
  ItemProcessor?: { StartAt: string; States: Record<string, AslState> };
  Error?: string;
}

export interface AslDefinition {
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, AslState>;
}

/**
 * The state machine's definition with each `Fn::GetAtt [id, Arn]` written as `arn:<id>`, as the
 * local runner resolves it: a Task's Resource names the Lambda resource it runs.
 */
export function definitionOf(template: Template): AslDefinition {
  const [id] = logicalIdsOfType(template, 'AWS::StepFunctions::StateMachine');
  const props = id === undefined ? undefined : resourcesOf(template)[id]?.Properties;
  const joined = props?.['DefinitionString'] as { 'Fn::Join': [string, (string | { 'Fn::GetAtt': [string, string] })[]] } | undefined;
  if (joined === undefined) throw new Error('no state machine definition');
  const text = joined['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `arn:${part['Fn::GetAtt'][0]}`)).join('');
  return JSON.parse(text) as AslDefinition;
}
