import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAwsEnv } from '../../shared/runtime/aws-env.js';
import type { Template } from 'aws-cdk-lib/assertions';
import { definitionOf, logicalIdOf, logicalIdsOfType, resourcesOf, synthStack, type AslDefinition } from './support/infra-synth.js';

type Pair = `${string} -> ${string}`;

/** The parts of an AWS::Scheduler::Schedule these tests read. */
interface ScheduleResource {
  Properties: { StartDate?: unknown; EndDate?: unknown; ScheduleExpressionTimezone?: unknown; Target: { RoleArn: unknown } };
}

/** Schedules of the template (findResources types every resource as `any`). */
const schedulesOf = (props?: object): ScheduleResource[] =>
  Object.values(template.findResources('AWS::Scheduler::Schedule', props) as Record<string, ScheduleResource>);

let template: Template;
let ids: { table: string; bucket: string; secret: string; stateMachine: string; queue: string; topic: string; configSet: string; identity: string };

beforeAll(() => {
  template = synthStack().template;
  ids = {
    table: logicalIdOf(template, 'AWS::DynamoDB::Table', 'DataTable'),
    bucket: logicalIdOf(template, 'AWS::S3::Bucket', 'DataObjects'),
    secret: logicalIdOf(template, 'AWS::SecretsManager::Secret', 'GoogleServiceAccountKey'),
    stateMachine: logicalIdOf(template, 'AWS::StepFunctions::StateMachine', 'RunStateMachine'),
    queue: logicalIdOf(template, 'AWS::SQS::Queue', 'ScheduleDeadLetters'),
    topic: logicalIdOf(template, 'AWS::SNS::Topic', 'AlarmsTopic'),
    configSet: logicalIdOf(template, 'AWS::SES::ConfigurationSet', 'MailConfigurationSet'),
    identity: logicalIdOf(template, 'AWS::SES::EmailIdentity', 'MailIdentity'),
  };
});

/** The (action, resource) pairs a role's policies allow, resources written compactly. */
function allowedPairs(roleId: string): Set<Pair> {
  const pairs = new Set<Pair>();
  for (const resource of Object.values(resourcesOf(template))) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = resource.Properties?.['Roles'];
    if (!JSON.stringify(roles).includes(`"${roleId}"`)) continue;
    const doc = resource.Properties?.['PolicyDocument'] as { Statement: { Effect: string; Action: string | string[]; Resource: unknown }[] };
    for (const st of doc.Statement) {
      expect(st.Effect).toBe('Allow');
      const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
      const targets = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
      for (const action of actions) for (const target of targets) pairs.add(`${action} -> ${compact(target)}`);
    }
  }
  return pairs;
}

/** `{Fn::GetAtt: [X, Arn]}` as `X.Arn`, `{Ref: X}` as `X`, joins concatenated. */
function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Fn::GetAtt' in v) return (v['Fn::GetAtt'] as string[]).join('.');
  if ('Ref' in v) return String(v['Ref']);
  if ('Fn::Join' in v) return (v['Fn::Join'] as [string, unknown[]])[1].map(compact).join('');
  return JSON.stringify(value);
}

const pairs = (actions: string[], resource: string): Pair[] => actions.map((a): Pair => `${a} -> ${resource}`);

describe('schedules', () => {
  it('runs daily at 07:00 in Asia/Ho_Chi_Minh, starting the state machine with an empty request', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      StartDate: Match.absent(),
      EndDate: Match.absent(),
      State: 'ENABLED',
      Target: {
        Arn: { Ref: ids.stateMachine },
        Input: '{}',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.queue, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
  });

  it('runs every two hours 07:00-19:00 in the week before each due date still ahead', () => {
    const intensive = schedulesOf({ Properties: { ScheduleExpression: 'cron(0 7-19/2 * * ? *)' } });
    const windows = intensive.map((r) => ({ start: r.Properties.StartDate, end: r.Properties.EndDate, tz: r.Properties.ScheduleExpressionTimezone }));
    // 2026-12-20 has passed (no schedule); 2027-06-20's window began before TEST_NOW (active at once).
    expect(windows).toEqual([
      { start: undefined, end: '2027-06-20T16:59:59.000Z', tz: 'Asia/Ho_Chi_Minh' },
      { start: '2027-12-12T17:00:00.000Z', end: '2027-12-20T16:59:59.000Z', tz: 'Asia/Ho_Chi_Minh' },
    ]);
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
  });

  it('lets the scheduler start only this state machine and write only to its dead-letter queue', () => {
    const schedule = schedulesOf()[0];
    const roleId = (schedule?.Properties.Target.RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
    expect(allowedPairs(roleId)).toEqual(new Set([`states:StartExecution -> ${ids.stateMachine}`, `sqs:SendMessage -> ${ids.queue}.Arn`]));
  });
});

describe('state machine', () => {
  let asl: AslDefinition;
  beforeAll(() => {
    asl = definitionOf(template);
  });
  const fn = (prefix: string): string => `arn:${logicalIdOf(template, 'AWS::Lambda::Function', prefix)}`;

  it('is a Standard machine, logged (ALL) and traced, timed out at the lease', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }] },
    });
    expect(asl.TimeoutSeconds).toBe(240 * 60);
  });

  it('runs Plan, the Map, Consolidate, Publish, Alert, Finish, with one Lambda per Task state', () => {
    const s = asl.States;
    expect(asl.StartAt).toBe('Plan');
    expect(Object.keys(s).sort()).toEqual(
      [
        'Alert',
        'CheckSkipped',
        'Consolidate',
        'Done',
        'FailureAfterPlan',
        'FailureBeforePlan',
        'Finish',
        'IngestUnits',
        'Plan',
        'Publish',
        'RecordFailure',
        'RunFailed',
        'Skipped',
      ].sort(),
    );
    expect(s['Plan']).toMatchObject({ Type: 'Task', Resource: fn('TasksPlanFunction'), ResultPath: '$.plan', Next: 'CheckSkipped' });
    expect(s['Plan']?.Parameters).toEqual({ 'request.$': '$', 'execution.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' });
    expect(s['CheckSkipped']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.plan.skipped', BooleanEquals: true, Next: 'Skipped' }],
      Default: 'IngestUnits',
    });
    expect(s['Skipped']?.Type).toBe('Succeed');
    expect(s['IngestUnits']).toMatchObject({ Type: 'Map', ItemsPath: '$.plan.units', ResultPath: '$.ingested', Next: 'Consolidate' });
    expect(s['IngestUnits']?.ItemSelector).toEqual({ 'runId.$': '$.plan.runId', 'planKey.$': '$.plan.planKey', 'unit.$': '$$.Map.Item.Value' });
    expect(s['Consolidate']).toMatchObject({ Resource: fn('TasksConsolidateFunction'), ResultPath: '$.consolidated', Next: 'Publish' });
    expect(s['Consolidate']?.Parameters).toEqual({
      'runId.$': '$.plan.runId',
      'planKey.$': '$.plan.planKey',
      'beforeKey.$': '$.plan.beforeKey',
      'ingested.$': '$.ingested',
    });
    const keys = { 'planKey.$': '$.plan.planKey', 'consolidatedKey.$': '$.consolidated.consolidatedKey' };
    expect(s['Publish']).toMatchObject({ Resource: fn('TasksPublishFunction'), ResultPath: '$.published', Next: 'Alert', Parameters: keys });
    expect(s['Alert']).toMatchObject({ Resource: fn('TasksAlertFunction'), ResultPath: '$.alerted', Next: 'Finish', Parameters: keys });
    expect(s['Finish']).toMatchObject({ Resource: fn('TasksFinishFunction'), ResultPath: '$.finished', Next: 'Done' });
    expect(s['Finish']?.Parameters).toEqual({
      ...keys,
      'ingested.$': '$.ingested',
      'consolidated.$': '$.consolidated',
      'published.$': '$.published',
      'alerted.$': '$.alerted',
    });
    expect(s['Done']?.Type).toBe('Succeed');
    const taskResources = Object.values(s)
      .concat(Object.values(s['IngestUnits']?.ItemProcessor?.States ?? {}))
      .flatMap((st) => (st.Type === 'Task' ? [st.Resource] : []));
    expect(new Set(taskResources).size).toBe(7);
  });

  it('ingests units with the concurrency the quota allows, and records a unit that still fails', () => {
    const map = asl.States['IngestUnits'];
    expect(map?.MaxConcurrency).toBe(4);
    const inner = map?.ItemProcessor;
    expect(inner?.StartAt).toBe('IngestUnit');
    const unit = inner?.States['IngestUnit'];
    expect(unit).toMatchObject({ Type: 'Task', Resource: fn('TasksIngestUnitFunction'), End: true });
    expect(unit?.Parameters).toBeUndefined();
    expect(unit?.Retry?.[0]).toMatchObject({
      ErrorEquals: expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'States.Timeout', 'PacingDeadlineError']) as unknown,
      IntervalSeconds: 5,
      MaxAttempts: 3,
      BackoffRate: 2,
      JitterStrategy: 'FULL',
    });
    expect(unit?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'UnitFailed' }]);
    expect(inner?.States['UnitFailed']).toEqual({
      Type: 'Pass',
      Parameters: { 'unit.$': '$.unit', 'failed.$': '$.error.Error' },
      End: true,
    });
  });

  it('derives the concurrency from the quota it is given', () => {
    const slow = definitionOf(synthStack({ googleReadsPerMinute: 55, googleWritesPerMinute: 20 }).template);
    expect(slow.States['IngestUnits']?.MaxConcurrency).toBe(2);
    const project = definitionOf(synthStack({ googleReadsPerMinute: 300, googleWritesPerMinute: 300 }).template);
    expect(project.States['IngestUnits']?.MaxConcurrency).toBe(20);
  });

  it('retries transient errors and sends every other failure to RecordFailure, then fails the execution', () => {
    const s = asl.States;
    for (const name of ['Plan', 'Consolidate', 'Publish', 'Alert', 'Finish', 'RecordFailure']) {
      expect(s[name]?.Retry?.[0], name).toMatchObject({
        ErrorEquals: [
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
          'Lambda.TooManyRequestsException',
          'Lambda.ClientExecutionTimeoutException',
          'Lambda.Unknown',
          'Sandbox.Timedout',
          'States.Timeout',
        ],
        MaxAttempts: 3,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      });
      expect(s[name]?.Retry?.[1]?.ErrorEquals, name).toEqual(['StoreUnavailableError', 'ObjectStoreUnavailableError']);
    }
    expect(s['Plan']?.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FailureBeforePlan' }]);
    for (const name of ['IngestUnits', 'Consolidate', 'Publish', 'Alert', 'Finish']) {
      expect(s[name]?.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FailureAfterPlan' }]);
    }
    const context = { 'execution.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' };
    expect(s['FailureBeforePlan']).toEqual({ Type: 'Pass', Parameters: { 'error.$': '$.error', ...context }, Next: 'RecordFailure' });
    expect(s['FailureAfterPlan']).toEqual({ Type: 'Pass', Parameters: { 'error.$': '$.error', 'plan.$': '$.plan', ...context }, Next: 'RecordFailure' });
    // No Parameters: the fail task takes the Pass state's output, FailTaskInput, whole.
    expect(s['RecordFailure']).toMatchObject({ Type: 'Task', Resource: fn('TasksFailFunction'), Next: 'RunFailed' });
    expect(s['RecordFailure']?.Parameters).toBeUndefined();
    expect(s['RecordFailure']?.Catch).toBeUndefined();
    expect(s['RunFailed']).toMatchObject({ Type: 'Fail', Error: 'RunFailed' });
  });

  it('may invoke its seven functions and nothing else', () => {
    const roleId = logicalIdOf(template, 'AWS::IAM::Role', 'RunStateMachineRole');
    const invoked = [...allowedPairs(roleId)].filter((p) => p.startsWith('lambda:'));
    const functions = logicalIdsOfType(template, 'AWS::Lambda::Function');
    expect(new Set(invoked)).toEqual(new Set(functions.flatMap((f) => [`lambda:InvokeFunction -> ${f}.Arn`, `lambda:InvokeFunction -> ${f}.Arn:*`])));
    const others = [...allowedPairs(roleId)].filter((p) => !p.startsWith('lambda:'));
    expect(
      others.every((p) => /^(logs|xray):[A-Za-z]+ -> \*$/.test(p)),
      others.join('\n'),
    ).toBe(true);
  });
});

describe('task functions', () => {
  const tasks = {
    Plan: { memory: 512, timeout: 120 },
    IngestUnit: { memory: 512, timeout: 120 },
    Consolidate: { memory: 1769, timeout: 300 },
    Publish: { memory: 1769, timeout: 300 },
    Alert: { memory: 1024, timeout: 300 },
    Finish: { memory: 1024, timeout: 60 },
    Fail: { memory: 256, timeout: 60 },
  } as const;
  const fnProps = (task: string): Record<string, unknown> =>
    resourcesOf(template)[logicalIdOf(template, 'AWS::Lambda::Function', `Tasks${task}Function`)]?.Properties ?? {};

  it('are Node 22 ESM bundles on arm64, traced, logging to their own group, sized per task', () => {
    for (const [task, want] of Object.entries(tasks)) {
      const props = fnProps(task);
      expect(props, task).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: want.memory,
        Timeout: want.timeout,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: logicalIdOf(template, 'AWS::Logs::LogGroup', `Tasks${task}Logs`) } },
        Role: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::IAM::Role', `Tasks${task}Role`), 'Arn'] },
      });
    }
    template.resourceCountIs('AWS::Lambda::Function', 7);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('get only the variables their task reads, and parseAwsEnv accepts them', () => {
    const base = ['TABLE_NAME', 'BUCKET_NAME', 'CONFIG_SPREADSHEET_ID', 'MAIL_FROM', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'];
    const google = ['GOOGLE_SERVICE_ACCOUNT_SECRET_ID', 'GOOGLE_READS_PER_MINUTE', 'GOOGLE_WRITES_PER_MINUTE'];
    const expected: Record<keyof typeof tasks, string[]> = {
      Plan: [...base, ...google, 'RUN_LEASE_MINUTES'],
      IngestUnit: [...base, ...google],
      Consolidate: base,
      Publish: [...base, ...google],
      Alert: [...base, 'SES_CONFIGURATION_SET'],
      Finish: base,
      Fail: [...base, 'SES_CONFIGURATION_SET', 'OFFICE_EMAIL'],
    };
    for (const task of Object.keys(tasks) as (keyof typeof tasks)[]) {
      const env = (fnProps(task)['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(env).sort(), task).toEqual([...expected[task]].sort());
      expect(env, task).toMatchObject({
        TABLE_NAME: { Ref: ids.table },
        BUCKET_NAME: { Ref: ids.bucket },
        CONFIG_SPREADSHEET_ID: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd',
        MAIL_FROM: 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.langson.gov.vn>',
        POWERTOOLS_SERVICE_NAME: 'ntp-monitor',
        POWERTOOLS_METRICS_NAMESPACE: 'NtpMonitor',
      });
      if ('GOOGLE_SERVICE_ACCOUNT_SECRET_ID' in env) {
        expect(env).toMatchObject({ GOOGLE_SERVICE_ACCOUNT_SECRET_ID: { Ref: ids.secret }, GOOGLE_READS_PER_MINUTE: '55', GOOGLE_WRITES_PER_MINUTE: '55' });
      }
      if ('SES_CONFIGURATION_SET' in env) expect(env['SES_CONFIGURATION_SET']).toEqual({ Ref: ids.configSet });
      // Deploy-time references stand for names; the rest must be what the task's zod schema takes.
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : 'resolved-at-deploy']));
      expect(() => parseAwsEnv(resolved), task).not.toThrow();
    }
    expect((fnProps('Plan')['Environment'] as { Variables: Record<string, unknown> }).Variables['RUN_LEASE_MINUTES']).toBe('240');
    expect((fnProps('Fail')['Environment'] as { Variables: Record<string, unknown> }).Variables['OFFICE_EMAIL']).toBe('vanphong@ntm.langson.gov.vn');
  });

  it('each have their own role with only what their task touches', () => {
    const t = `${ids.table}.Arn`;
    const b = `${ids.bucket}.Arn`;
    const obj = (prefix: string): string => `${b}/${prefix}*`;
    const ses = [
      `arn:AWS::Partition:ses:ap-southeast-1:AWS::AccountId:identity/${ids.identity}`,
      `arn:AWS::Partition:ses:ap-southeast-1:AWS::AccountId:configuration-set/${ids.configSet}`,
    ];
    const common = (task: string): Pair[] => [
      ...pairs(['logs:CreateLogStream', 'logs:PutLogEvents'], `${logicalIdOf(template, 'AWS::Logs::LogGroup', `Tasks${task}Logs`)}.Arn`),
      ...pairs(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'),
    ];
    const secret: Pair = `secretsmanager:GetSecretValue -> ${ids.secret}`;
    const list: Pair = `s3:ListBucket -> ${b}`;
    const expected: Record<keyof typeof tasks, Pair[]> = {
      Plan: [
        ...pairs(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], t),
        `s3:GetObject -> ${obj('store/')}`,
        list,
        `s3:PutObject -> ${obj('runs/')}`,
        secret,
      ],
      IngestUnit: [
        ...pairs(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'], t),
        `s3:GetObject -> ${obj('runs/')}`,
        `s3:GetObject -> ${obj('store/')}`,
        list,
        `s3:PutObject -> ${obj('raw/')}`,
        `s3:PutObject -> ${obj('store/')}`,
        secret,
      ],
      Consolidate: [
        ...pairs(['dynamodb:Query', 'dynamodb:BatchWriteItem'], t),
        `s3:GetObject -> ${obj('runs/')}`,
        `s3:GetObject -> ${obj('store/')}`,
        list,
        `s3:PutObject -> ${obj('runs/')}`,
      ],
      Publish: [...pairs(['dynamodb:GetItem', 'dynamodb:PutItem'], t), `s3:GetObject -> ${obj('runs/')}`, list, secret],
      Alert: [
        ...pairs(['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'], t),
        `s3:GetObject -> ${obj('runs/')}`,
        list,
        ...ses.map((r): Pair => `ses:SendEmail -> ${r}`),
      ],
      Finish: [...pairs(['dynamodb:PutItem', 'dynamodb:DeleteItem'], t), `s3:GetObject -> ${obj('runs/')}`, list, `s3:PutObject -> ${obj('runs/')}`],
      Fail: [
        ...pairs(['dynamodb:PutItem', 'dynamodb:DeleteItem'], t),
        `s3:GetObject -> ${obj('runs/')}`,
        list,
        ...ses.map((r): Pair => `ses:SendEmail -> ${r}`),
      ],
    };
    for (const task of Object.keys(tasks) as (keyof typeof tasks)[]) {
      const roleId = logicalIdOf(template, 'AWS::IAM::Role', `Tasks${task}Role`);
      expect(allowedPairs(roleId), task).toEqual(new Set([...common(task), ...expected[task]]));
      const role = resourcesOf(template)[roleId]?.Properties ?? {};
      expect(role['ManagedPolicyArns'], task).toBeUndefined();
      expect(JSON.stringify(role['AssumeRolePolicyDocument'])).toContain('lambda.amazonaws.com');
    }
  });
});

describe('data stores', () => {
  it('keeps the table on demand, recoverable, protected, encrypted, with run records expiring', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled with no key: KMS with the AWS-managed aws/dynamodb key.
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        GlobalSecondaryIndexes: Match.absent(),
      },
    });
  });

  it('keeps the bucket private, encrypted, versioned, TLS-only, with raw/ to cheaper storage and runs/ expiring', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Prefix: 'raw/',
              Status: 'Enabled',
              Transitions: [
                { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
                { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
              ],
            }),
            Match.objectLike({ Prefix: 'runs/', Status: 'Enabled', ExpirationInDays: 90 }),
          ]),
        },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('makes the Google key secret empty, for the engineer to fill, and keeps it', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { Name: 'ntp-monitor/google-service-account', GenerateSecretString: Match.absent(), SecretString: Match.absent() },
    });
  });

  it('sends from the configured SES identity with a configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'ntm.langson.gov.vn',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: ids.configSet } },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
  });
});

describe('alarms', () => {
  const topicAction = (): unknown => [{ Ref: ids.topic }];

  it('fires on failed or timed-out runs', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: topicAction(),
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0)' }),
        Match.objectLike({
          Id: 'failed',
          MetricStat: Match.objectLike({
            Metric: { Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: ids.stateMachine } }] },
            Stat: 'Sum',
          }),
        }),
        Match.objectLike({ Id: 'timedOut', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ExecutionsTimedOut' }) }) }),
      ]),
    });
  });

  it("fires on digests SES did not accept (the alert task's emails_failed)", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'NtpMonitor',
      MetricName: 'emails_failed',
      Dimensions: [{ Name: 'service', Value: 'ntp-monitor' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: topicAction(),
    });
  });

  it("fires on scheduled starts in the scheduler's dead-letter queue", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      AlarmActions: topicAction(),
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ky-thuat@ntm.langson.gov.vn', TopicArn: { Ref: ids.topic } });
  });
});
