import type { StateMachine, StateMachineDefinition as AslDefinition } from 'aws-local-stepfunctions';

/** A JSON value as the library types it (its own type is not exported). */
export type Json = Parameters<StateMachine['run']>[0];
import type { LocalDeployment, TaskBundle } from './deployment.js';

/**
 * aws-local-stepfunctions uses Node 22's `Promise.withResolvers`; Lambda runs 22, this machine 20.
 * The standard's behaviour, for this process only (the functions run in their own processes).
 */
function polyfillWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  if (typeof P.withResolvers === 'function') return;
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void; // assigned by the executor below, which runs at once
    let reject!: (reason?: unknown) => void; // likewise
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export interface ExecutionOptions {
  /** `$$.Execution.Name`: the run id is made from it. */
  name: string;
  /** Pauses of Retry fields, in ms, instead of the definition's seconds (tests). */
  retryPauseMs?: number;
}

/**
 * One execution of the deployment's state machine on this machine: every Task state runs its
 * function's bundle through `invoke`; Map, Choice, Retry and Catch are the library's, as the
 * definition says them.
 */
export async function runExecution(
  deployment: LocalDeployment,
  invoke: (task: TaskBundle, event: Json) => Promise<Json>,
  input: Json,
  options: ExecutionOptions,
): Promise<unknown> {
  polyfillWithResolvers();
  const { StateMachine } = await import('aws-local-stepfunctions');
  const machine = new StateMachine(deployment.definition as unknown as AslDefinition, { validationOptions: { checkArn: false } });
  const handlers = Object.fromEntries(deployment.tasks.map((t) => [t.state, (event: Json) => invoke(t, event)]));
  const retryIntervalOverrides =
    options.retryPauseMs === undefined ? undefined : Object.fromEntries(deployment.tasks.map((t) => [t.state, options.retryPauseMs as number]));
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, ...(retryIntervalOverrides === undefined ? {} : { retryIntervalOverrides }) },
    context: { Execution: { Name: options.name, StartTime: new Date().toISOString(), Input: input } },
  });
  return execution.result;
}
