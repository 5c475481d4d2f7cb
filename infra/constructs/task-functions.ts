import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TASK_NAMES, TASK_SPECS, type ObjectPrefix, type TaskName, type TaskSpec } from '../task-specs.js';
import type { DataStores } from './data-stores.js';
import type { MailSender } from './mail-sender.js';
import { PipelineFunction } from './pipeline-function.js';

export interface TaskFunctionsProps {
  stores: DataStores;
  mail: MailSender;
  googleSecret: ISecret;
  configSpreadsheetId: string;
  mailFrom: string;
  officeEmail: string;
  googleReadsPerMinute: number;
  googleWritesPerMinute: number;
  runLeaseMinutes: number;
}

/** Construct ids: PascalCase of the task (`ingest-unit` → `IngestUnit`), stable across deploys. */
export const taskConstructId = (task: TaskName): string =>
  task
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/**
 * The seven task functions, each with only the environment shared/runtime/aws-env.ts needs for
 * it and only the grants its task uses (task-specs.ts): the table's actions on the table alone,
 * objects by prefix, the Google key by its ARN, SES on the sender identity and configuration set.
 */
export class TaskFunctions extends Construct {
  readonly byTask: Readonly<Record<TaskName, PipelineFunction>>;

  constructor(scope: Construct, id: string, props: TaskFunctionsProps) {
    super(scope, id);
    const made: Partial<Record<TaskName, PipelineFunction>> = {};
    for (const task of TASK_NAMES) {
      const spec = TASK_SPECS[task];
      const fn = new PipelineFunction(this, taskConstructId(task), { task, spec, environment: environmentFor(spec, props) });
      grantTask(fn, spec, props);
      made[task] = fn;
    }
    this.byTask = made as Record<TaskName, PipelineFunction>;
  }
}

function environmentFor(spec: TaskSpec, props: TaskFunctionsProps): Record<string, string> {
  return {
    // parseAwsEnv requires these four in every task.
    TABLE_NAME: props.stores.table.tableName,
    BUCKET_NAME: props.stores.bucket.bucketName,
    CONFIG_SPREADSHEET_ID: props.configSpreadsheetId,
    MAIL_FROM: props.mailFrom,
    POWERTOOLS_SERVICE_NAME: 'ntp-monitor',
    POWERTOOLS_METRICS_NAMESPACE: 'NtpMonitor',
    ...(spec.lease ? { RUN_LEASE_MINUTES: String(props.runLeaseMinutes) } : {}),
    ...(spec.google
      ? {
          // The ARN, not the name: one exact secret, and no lookup of a name that could be re-created.
          GOOGLE_SERVICE_ACCOUNT_SECRET_ID: props.googleSecret.secretArn,
          GOOGLE_READS_PER_MINUTE: String(props.googleReadsPerMinute),
          GOOGLE_WRITES_PER_MINUTE: String(props.googleWritesPerMinute),
        }
      : {}),
    ...(spec.mail ? { SES_CONFIGURATION_SET: props.mail.configurationSet.configurationSetName } : {}),
    ...(spec.office ? { OFFICE_EMAIL: props.officeEmail } : {}),
  };
}

function grantTask(fn: PipelineFunction, spec: TaskSpec, props: TaskFunctionsProps): void {
  const { table, bucket } = props.stores;
  const role = fn.role;
  table.grant(role, ...spec.table.map((action) => `dynamodb:${action}`));

  const objects = (prefixes: readonly ObjectPrefix[]): string[] => prefixes.map((p) => bucket.arnForObjects(`${p}*`));
  if (spec.reads.length > 0) {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: objects(spec.reads) }));
    // With ListBucket S3 answers a missing key with 404 NoSuchKey, which S3ObjectStore.get reads as
    // "absent"; without it S3 answers 403 and a missing artifact would read as access denied.
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  }
  if (spec.writes.length > 0) role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: objects(spec.writes) }));
  if (spec.google) role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.googleSecret.secretArn] }));
  if (spec.mail) props.mail.grantSend(role);

  // The object grants are per prefix (bucket/prefix/*): each object is its own resource, and the
  // keys under a prefix are made at run time (periods, units, run ids, content digests).
  const cfnBucket = bucket.node.defaultChild;
  if (!(cfnBucket instanceof CfnElement)) throw new Error('The bucket has no CloudFormation resource');
  const bucketId = Stack.of(bucket).getLogicalId(cfnBucket);
  for (const prefix of new Set([...spec.reads, ...spec.writes])) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
      reason: `Objects under ${prefix} are keyed at run time by period, unit, run id or content digest; the grant is limited to that prefix of this stack's bucket and to ${describeObjectActions(prefix, spec)}.`,
    });
  }
}

function describeObjectActions(prefix: ObjectPrefix, spec: TaskSpec): string {
  const actions = [spec.reads.includes(prefix) ? 's3:GetObject' : undefined, spec.writes.includes(prefix) ? 's3:PutObject' : undefined].filter(
    (a) => a !== undefined,
  );
  return actions.join(' and ');
}
