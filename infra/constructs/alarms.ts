import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  stateMachine: IStateMachine;
  deadLetterQueue: IQueue;
  /** Subscribed to the alarm topic when set. */
  alarmEmail: string | undefined;
}

/** What the alert task publishes per invocation (functions/alert.ts, Powertools EMF). */
export const EMAILS_FAILED_METRIC = { namespace: 'NtpMonitor', metricName: 'emails_failed', dimensionsMap: { service: 'ntp-monitor' } } as const;

/**
 * For the engineer, not the office (the office hears of a failed run from the fail task): runs
 * that failed or timed out, digests SES did not accept, and scheduled starts that never happened.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly runsFailed: Alarm;
  readonly emailsFailed: Alarm;
  readonly startsFailed: Alarm;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'ntp-monitor alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const period = Duration.minutes(5);

    this.runsFailed = new Alarm(this, 'RunsFailed', {
      alarmDescription: 'A run failed (after RecordFailure told the office) or outlived its lease. See the execution in the Step Functions console.',
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: {
          failed: props.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: props.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
        },
        period,
        label: 'runs failed or timed out',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.emailsFailed = new Alarm(this, 'EmailsFailed', {
      alarmDescription: 'SES did not accept one or more digests (sender identity, sandbox, suppression, quota). The run JSON lists the recipients.',
      metric: new Metric({ ...EMAILS_FAILED_METRIC, statistic: 'Sum', period }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.startsFailed = new Alarm(this, 'ScheduledStartsFailed', {
      alarmDescription: 'EventBridge Scheduler could not start the state machine; the attempts are in the dead-letter queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const alarm of [this.runsFailed, this.emailsFailed, this.startsFailed]) alarm.addAlarmAction(action);
  }
}
