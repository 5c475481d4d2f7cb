import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type CatchProps,
  type IChainable,
  type RetryProps,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ingestConcurrency, ingestRetrySeconds } from '../google-quota.js';
import type { TaskName } from '../task-specs.js';

export interface RunStateMachineProps {
  functions: Readonly<Record<TaskName, IFunction>>;
  googleReadsPerMinute: number;
  googleWritesPerMinute: number;
  /** The run lease: the execution may not outlive it. */
  runLeaseMinutes: number;
}

/**
 * Errors worth another try: Lambda's own (throttled, service hiccup, the SDK's connection), a
 * function whose process died or ran out of time before replying (`Lambda.Unknown`,
 * `Sandbox.Timedout`: it may have done its work, and repeating it is what makes that safe), and
 * the store's "unavailable" errors (shared/ports/*-errors.ts; the error name is the Lambda
 * errorType). Every task is idempotent by run id (shared/runtime/tasks/).
 */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  Errors.TIMEOUT,
];
export const STORE_TRANSIENT_ERRORS = ['StoreUnavailableError', 'ObjectStoreUnavailableError'];

/** Stable state names: the local runner (`npm run aws-local`) maps Task states to bundles by them. */
export const STATE_NAMES = {
  plan: 'Plan',
  skippedChoice: 'CheckSkipped',
  skipped: 'Skipped',
  ingestMap: 'IngestUnits',
  ingestUnit: 'IngestUnit',
  unitFailed: 'UnitFailed',
  consolidate: 'Consolidate',
  publish: 'Publish',
  alert: 'Alert',
  finish: 'Finish',
  done: 'Done',
  failureBeforePlan: 'FailureBeforePlan',
  failureAfterPlan: 'FailureAfterPlan',
  recordFailure: 'RecordFailure',
  runFailed: 'RunFailed',
} as const;

/**
 * The run, as a Standard state machine over the inputs and outputs of
 * shared/runtime/state-machine-io.ts: Plan, a Map over the changed units, Consolidate, Publish,
 * Alert, Finish. Any task failing after its retries goes to RecordFailure (the fail task: run
 * recorded, office told, lease given back), then the execution fails (and the alarm fires).
 */
export class RunStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly ingestConcurrency: number;

  constructor(scope: Construct, id: string, props: RunStateMachineProps) {
    super(scope, id);
    const fns = props.functions;
    const retry = (interval: Duration, extraErrors: readonly string[] = []): RetryProps[] => [
      {
        errors: [...LAMBDA_TRANSIENT_ERRORS, ...extraErrors],
        interval,
        backoffRate: 2,
        maxAttempts: 3,
        jitterStrategy: JitterType.FULL,
        maxDelay: Duration.minutes(1),
      },
      { errors: STORE_TRANSIENT_ERRORS, interval: Duration.seconds(10), backoffRate: 2, maxAttempts: 2, jitterStrategy: JitterType.FULL },
    ];
    const task = (
      name: string,
      fn: IFunction,
      payload: Record<string, unknown> | undefined,
      resultPath: string,
      retries: RetryProps[] = retry(Duration.seconds(2)),
    ): LambdaInvoke => {
      const state = new LambdaInvoke(this, name, {
        stateName: name,
        lambdaFunction: fn,
        // The function's ARN as the Task's Resource, its return value as the result (no
        // StatusCode/Payload envelope to unwrap).
        payloadResponseOnly: true,
        ...(payload === undefined ? {} : { payload: TaskInput.fromObject(payload) }),
        resultPath,
        // Our own Retry below instead of CDK's default one (six attempts on service errors).
        retryOnServiceExceptions: false,
      });
      for (const r of retries) state.addRetry(r);
      return state;
    };

    // --- failure path: one Task for the fail function, its input built by one of two Pass states,
    // since JSONPath cannot pass `$.plan` when Plan itself failed and there is none.
    // No payload: the fail task takes the Pass state's output, a FailTaskInput, whole.
    const recordFailure = task(STATE_NAMES.recordFailure, fns.fail, undefined, '$.recorded');
    recordFailure.next(
      new Fail(this, STATE_NAMES.runFailed, {
        stateName: STATE_NAMES.runFailed,
        error: 'RunFailed',
        cause: 'A task failed after its retries; the fail task recorded the run and told the office.',
      }),
    );
    const context = { execution: JsonPath.stringAt('$$.Execution.Name'), startedAt: JsonPath.stringAt('$$.Execution.StartTime') };
    const failureBeforePlan = new Pass(this, STATE_NAMES.failureBeforePlan, {
      stateName: STATE_NAMES.failureBeforePlan,
      parameters: { error: JsonPath.objectAt('$.error'), ...context },
    }).next(recordFailure);
    const failureAfterPlan = new Pass(this, STATE_NAMES.failureAfterPlan, {
      stateName: STATE_NAMES.failureAfterPlan,
      parameters: { error: JsonPath.objectAt('$.error'), plan: JsonPath.objectAt('$.plan'), ...context },
    }).next(recordFailure);
    const catchInto = <T extends { addCatch(handler: IChainable, props: CatchProps): unknown }>(state: T, handler: IChainable): T => {
      state.addCatch(handler, { errors: [Errors.ALL], resultPath: '$.error' });
      return state;
    };

    // --- the run
    const plan = catchInto(task(STATE_NAMES.plan, fns.plan, { request: JsonPath.objectAt('$'), ...context }, '$.plan'), failureBeforePlan);

    // The Map's item ({runId, planKey, unit}) is the task's whole input. Its retries first wait for
    // the pace to serve the other tasks in flight (google-quota.ts); a pace slot out of reach
    // within the task's deadline (PacingDeadlineError) is worth another try too.
    const ingestRetry = Duration.seconds(ingestRetrySeconds(props.googleReadsPerMinute, props.googleWritesPerMinute));
    const ingestUnit = task(STATE_NAMES.ingestUnit, fns['ingest-unit'], undefined, '$', retry(ingestRetry, ['PacingDeadlineError']));
    // A unit that still fails is a result, not a failed run: its stored record stands, and the next
    // run reads it again (UnitIngestResult's `failed` branch). Only the error's name is kept: its
    // cause holds the stack trace (1-2 KB), and hundreds of those could pass the 256 KB Step
    // Functions allows between states; the function's log has the whole of it.
    ingestUnit.addCatch(
      new Pass(this, STATE_NAMES.unitFailed, {
        stateName: STATE_NAMES.unitFailed,
        parameters: { unit: JsonPath.stringAt('$.unit'), failed: JsonPath.stringAt('$.error.Error') },
      }),
      { errors: [Errors.ALL], resultPath: '$.error' },
    );
    this.ingestConcurrency = ingestConcurrency(props.googleReadsPerMinute, props.googleWritesPerMinute);
    const ingestUnits = catchInto(
      new MapState(this, STATE_NAMES.ingestMap, {
        stateName: STATE_NAMES.ingestMap,
        itemsPath: '$.plan.units',
        itemSelector: { runId: JsonPath.stringAt('$.plan.runId'), planKey: JsonPath.stringAt('$.plan.planKey'), unit: JsonPath.stringAt('$$.Map.Item.Value') },
        maxConcurrency: this.ingestConcurrency,
        resultPath: '$.ingested',
      }),
      failureAfterPlan,
    );
    ingestUnits.itemProcessor(ingestUnit);

    const keys = { planKey: JsonPath.stringAt('$.plan.planKey'), consolidatedKey: JsonPath.stringAt('$.consolidated.consolidatedKey') };
    const consolidate = catchInto(
      task(
        STATE_NAMES.consolidate,
        fns.consolidate,
        {
          runId: JsonPath.stringAt('$.plan.runId'),
          planKey: JsonPath.stringAt('$.plan.planKey'),
          beforeKey: JsonPath.stringAt('$.plan.beforeKey'),
          ingested: JsonPath.listAt('$.ingested'),
        },
        '$.consolidated',
      ),
      failureAfterPlan,
    );
    const publish = catchInto(task(STATE_NAMES.publish, fns.publish, keys, '$.published'), failureAfterPlan);
    const alert = catchInto(task(STATE_NAMES.alert, fns.alert, keys, '$.alerted'), failureAfterPlan);
    const finish = catchInto(
      task(
        STATE_NAMES.finish,
        fns.finish,
        {
          ...keys,
          ingested: JsonPath.listAt('$.ingested'),
          consolidated: JsonPath.objectAt('$.consolidated'),
          published: JsonPath.objectAt('$.published'),
          alerted: JsonPath.objectAt('$.alerted'),
        },
        '$.finished',
      ),
      failureAfterPlan,
    );

    const run = ingestUnits
      .next(consolidate)
      .next(publish)
      .next(alert)
      .next(finish)
      .next(new Succeed(this, STATE_NAMES.done, { stateName: STATE_NAMES.done }));
    const definition = plan.next(
      new Choice(this, STATE_NAMES.skippedChoice, { stateName: STATE_NAMES.skippedChoice })
        // Another execution holds the run lease: this one publishes nothing.
        .when(Condition.booleanEquals('$.plan.skipped', true), new Succeed(this, STATE_NAMES.skipped, { stateName: STATE_NAMES.skipped }))
        .otherwise(run),
    );

    // Under /aws/vendedlogs/ the log delivery uses the service's resource policy, not one per group.
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-run`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'ntp-monitor run: plan, ingest the changed units (paced by the Google quota), consolidate, publish, alert, finish',
      definitionBody: DefinitionBody.fromChainable(definition),
      stateMachineType: StateMachineType.STANDARD,
      // A run never outlives its lease: past it another run may take the lease and publish.
      timeout: Duration.minutes(props.runLeaseMinutes),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });

    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Log delivery (logs:CreateLogDelivery, GetLogDelivery, ListLogDeliveries, DescribeLogGroups, ...) and X-Ray (PutTraceSegments, GetSamplingRules, ...) have no resource-level permissions: AWS requires Resource "*" for them.',
    });
    for (const task of Object.values(fns)) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(task)}.Arn>:*]`,
        reason:
          'lambda:InvokeFunction on the function and its versions/aliases (ARN:*), as CDK grants for a Task state; the state machine invokes only its own seven functions.',
      });
    }
  }
}

function logicalIdOf(fn: IFunction): string {
  const child = fn.node.defaultChild;
  // A Function's default child is its CfnFunction, a CfnElement; anything else is a programming error.
  if (!(child instanceof CfnElement)) throw new Error(`Function ${fn.node.path} has no CloudFormation resource`);
  return fn.stack.getLogicalId(child);
}
