import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.js';
import { DataStores } from './constructs/data-stores.js';
import { MailSender } from './constructs/mail-sender.js';
import { RunStateMachine } from './constructs/run-state-machine.js';
import { Schedules } from './constructs/schedules.js';
import { TaskFunctions } from './constructs/task-functions.js';
import { placeholderWarnings, type StackSettings } from './stack-settings.js';

export interface NtpMonitorStackProps extends StackProps {
  settings: StackSettings;
  /** The moment due-date windows are judged against (default: now); tests fix it. */
  now?: Date;
}

/**
 * The AWS deployment: EventBridge Scheduler → Step Functions → the Lambda tasks of functions/,
 * over one DynamoDB table, one S3 bucket, SES and the Google key in Secrets Manager.
 */
export class NtpMonitorStack extends Stack {
  readonly stores: DataStores;
  readonly functions: TaskFunctions;
  readonly run: RunStateMachine;
  readonly schedules: Schedules;
  readonly alarms: Alarms;
  readonly googleSecret: Secret;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: NtpMonitorStackProps) {
    super(scope, id, { description: 'ntp-monitor: monitoring of the National Target Programmes from Google spreadsheets', ...props });
    const s = props.settings;
    for (const warning of placeholderWarnings(s)) Annotations.of(this).addWarningV2('ntp-monitor:placeholder-setting', warning);

    this.stores = new DataStores(this, 'Data');
    const mail = new MailSender(this, 'Mail', { identity: s.sesIdentity });

    // Made here, empty (no GenerateSecretString: a random value would only look like a key); the
    // engineer puts the service-account JSON in after the first deploy. Kept if the stack goes.
    this.googleSecret = new Secret(this, 'GoogleServiceAccountKey', {
      secretName: s.googleSecretName,
      description: 'ntp-monitor: the Google service account key (JSON) the tasks read Sheets and Drive with',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cfnSecret = this.googleSecret.node.defaultChild;
    if (cfnSecret instanceof CfnSecret) cfnSecret.addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(this.googleSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value is a Google service-account key, made and revoked in Google Cloud, which no Secrets Manager rotation function can issue. Rotate it there and put the new JSON in this secret (README, Deploy on AWS).',
    });

    this.functions = new TaskFunctions(this, 'Tasks', {
      stores: this.stores,
      mail,
      googleSecret: this.googleSecret,
      configSpreadsheetId: s.configSpreadsheetId,
      mailFrom: s.mailFrom,
      officeEmail: s.officeEmail,
      googleReadsPerMinute: s.googleReadsPerMinute,
      googleWritesPerMinute: s.googleWritesPerMinute,
      runLeaseMinutes: s.runLeaseMinutes,
    });
    const byTask = this.functions.byTask;
    this.run = new RunStateMachine(this, 'Run', {
      functions: {
        plan: byTask.plan.function,
        'ingest-unit': byTask['ingest-unit'].function,
        consolidate: byTask.consolidate.function,
        publish: byTask.publish.function,
        alert: byTask.alert.function,
        finish: byTask.finish.function,
        fail: byTask.fail.function,
      },
      googleReadsPerMinute: s.googleReadsPerMinute,
      googleWritesPerMinute: s.googleWritesPerMinute,
      runLeaseMinutes: s.runLeaseMinutes,
    });

    this.deadLetterQueue = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: EventBridge Scheduler's, for starts it could not deliver (a scheduler target DLQ, not an SQS redrive, so the rule does not see it).",
    });
    this.schedules = new Schedules(this, 'Schedules', {
      stateMachine: this.run.stateMachine,
      deadLetterQueue: this.deadLetterQueue,
      dailyCron: s.dailyCron,
      dueDates: s.dueDates,
      intensiveDays: s.intensiveDays,
      intensiveRate: s.intensiveRate,
      now: props.now ?? new Date(),
    });
    this.alarms = new Alarms(this, 'Alarms', { stateMachine: this.run.stateMachine, deadLetterQueue: this.deadLetterQueue, alarmEmail: s.alarmEmail });

    new CfnOutput(this, 'GoogleSecretArn', { description: 'Put the service-account JSON here (README, Deploy on AWS)', value: this.googleSecret.secretArn });
    new CfnOutput(this, 'StateMachineArn', {
      description: 'Start a run by hand: aws stepfunctions start-execution --state-machine-arn …',
      value: this.run.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'TableName', { value: this.stores.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.stores.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
