import { Annotations, Duration, TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { intensiveWindows } from '../intensive-windows.js';

export interface SchedulesProps {
  stateMachine: IStateMachine;
  deadLetterQueue: IQueue;
  dailyCron: string;
  dueDates: readonly string[];
  intensiveDays: number;
  intensiveRate: string;
  /** The synth's "now", to leave out windows that have ended (tests fix it). */
  now: Date;
}

/**
 * When runs start: EventBridge Scheduler (not an EventBridge rule, whose cron is UTC only) in
 * Asia/Ho_Chi_Minh. A daily run, and for each due date a second schedule active only in the days
 * before it. Where two schedules fire at the same minute, the run lease lets one execution run and
 * the other end as `Skipped` at its first task.
 */
export class Schedules extends Construct {
  readonly daily: Schedule;
  readonly intensive: Schedule[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    // The execution's input is the run request; empty: the current period, as of today.
    const target = new StepFunctionsStartExecution(props.stateMachine, {
      input: ScheduleTargetInput.fromObject({}),
      deadLetterQueue: props.deadLetterQueue,
      // A start that failed (throttled, state machine missing) is retried for an hour, then goes to
      // the queue, whose alarm tells the engineer; a later schedule tick starts the next run anyway.
      retryAttempts: 3,
      maxEventAge: Duration.hours(1),
    });
    this.daily = new Schedule(this, 'Daily', {
      description: 'ntp-monitor: the daily run (Asia/Ho_Chi_Minh)',
      schedule: ScheduleExpression.expression(props.dailyCron, TimeZone.ASIA_HO_CHI_MINH),
      target,
    });
    const plan = intensiveWindows(props.dueDates, props.intensiveDays, props.now);
    for (const window of plan.windows) {
      this.intensive.push(
        new Schedule(this, `Before${window.dueDate.replace(/-/g, '')}`, {
          description: `ntp-monitor: runs in the ${props.intensiveDays} days before the due date ${window.dueDate} (Asia/Ho_Chi_Minh)`,
          schedule: ScheduleExpression.expression(props.intensiveRate, TimeZone.ASIA_HO_CHI_MINH),
          target,
          ...(window.start === undefined ? {} : { start: window.start }),
          end: window.end,
        }),
      );
    }
    if (plan.past.length > 0) {
      Annotations.of(this).addInfo(`Due dates already past, no schedule made: ${plan.past.join(', ')} (remove them from the dueDates context).`);
    }
  }
}
