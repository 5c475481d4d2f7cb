import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The deployment as CDK synthesized it, read back from `cdk.out`: the state machine's definition
 * with its CloudFormation tokens resolved to local names, and for each Task state the bundle CDK
 * deploys for its Lambda function (from the function resource's `aws:asset:path` metadata) and
 * the environment the stack gives it. Nothing here is written by hand: what runs locally is what
 * a deploy would create.
 */

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface TaskBundle {
  /** The Task state's name in the definition. */
  state: string;
  /** The Lambda function's logical id. */
  functionId: string;
  /** The bundle's folder in cdk.out (holds index.mjs). */
  assetDir: string;
  /** Handler as `file.export` (`index.handler`). */
  handler: string;
  /** The function's environment with tokens resolved (see `resolveValue`). */
  environment: Record<string, string>;
  /** The function's timeout, seconds. */
  timeoutSeconds: number;
}

export interface LocalDeployment {
  /** The Amazon States Language definition, tokens resolved. */
  definition: StateMachineDefinition;
  tasks: TaskBundle[];
  stackName: string;
}

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  [key: string]: unknown;
}

interface StateDefinition {
  Type: string;
  Resource?: string;
  Iterator?: StateMachineDefinition;
  ItemProcessor?: StateMachineDefinition;
  Branches?: StateMachineDefinition[];
  [key: string]: unknown;
}

export class DeploymentReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeploymentReadError';
  }
}

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };

/** Local names the stack's resources stand for (table, bucket...), by logical id. */
export type LocalNames = (logicalId: string, type: string) => string | undefined;

export const functionArn = (logicalId: string): string => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;

export async function readDeployment(cdkOut: string, names: LocalNames): Promise<LocalDeployment> {
  const templates = (await readdir(cdkOut)).filter((f) => f.endsWith('.template.json'));
  const found: { stackName: string; template: Template; machineId: string }[] = [];
  for (const file of templates) {
    const template = JSON.parse(await readFile(join(cdkOut, file), 'utf8')) as Template;
    for (const [id, r] of Object.entries(template.Resources ?? {})) {
      if (r.Type === 'AWS::StepFunctions::StateMachine') found.push({ stackName: file.replace(/\.template\.json$/, ''), template, machineId: id });
    }
  }
  const one = found[0];
  if (found.length !== 1 || one === undefined) throw new DeploymentReadError(`Expected one state machine in ${cdkOut}, found ${found.length}.`);
  const { template, machineId, stackName } = one;
  const resolve = (value: unknown): unknown => resolveValue(value, template, names);
  const machine = template.Resources[machineId];
  const definitionText = resolve(machine?.Properties?.['DefinitionString']);
  if (typeof definitionText !== 'string') throw new DeploymentReadError(`State machine ${machineId} has no DefinitionString.`);
  const definition = JSON.parse(definitionText) as StateMachineDefinition;

  const tasks: TaskBundle[] = [];
  for (const [state, def] of taskStates(definition)) {
    const functionId = Object.keys(template.Resources).find((id) => def.Resource === functionArn(id));
    const fn = functionId === undefined ? undefined : template.Resources[functionId];
    if (functionId === undefined || fn === undefined || fn.Type !== 'AWS::Lambda::Function') {
      throw new DeploymentReadError(`Task state "${state}" does not invoke a Lambda function of the stack (Resource ${String(def.Resource)}).`);
    }
    const asset = fn.Metadata?.['aws:asset:path'];
    if (typeof asset !== 'string') throw new DeploymentReadError(`Function ${functionId} has no aws:asset:path metadata (bundled asset).`);
    const variables = (fn.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(variables)) environment[k] = String(resolve(v));
    const handler = fn.Properties?.['Handler'] ?? 'index.handler';
    if (typeof handler !== 'string') throw new DeploymentReadError(`Function ${functionId} has no literal Handler.`);
    tasks.push({
      state,
      functionId,
      assetDir: join(cdkOut, asset),
      handler,
      environment,
      timeoutSeconds: Number(fn.Properties?.['Timeout'] ?? 3),
    });
  }
  return { definition, tasks, stackName };
}

/** Every Task state, in Map iterators and Parallel branches too, by name. */
export function taskStates(definition: StateMachineDefinition): [string, StateDefinition][] {
  const out: [string, StateDefinition][] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Task') out.push([name, state]);
    const inner = [state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].filter((d): d is StateMachineDefinition => d !== undefined);
    for (const d of inner) out.push(...taskStates(d));
  }
  return out;
}

/**
 * A CloudFormation value with its intrinsic functions evaluated as far as a local run needs:
 * `Fn::Join`, `Fn::GetAtt` of a function's Arn (a local ARN naming the logical id), `Ref` of the
 * pseudo parameters and of the stack's resources (their local names), `Fn::Select`/`Fn::Split`.
 */
export function resolveValue(value: unknown, template: Template, names: LocalNames): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, template, names));
  const obj = value as Record<string, unknown>;
  const [key] = Object.keys(obj);
  const arg = key === undefined ? undefined : obj[key];
  switch (key) {
    case 'Fn::Join': {
      const [sep, parts] = arg as [string, unknown[]];
      return parts.map((p) => String(resolveValue(p, template, names))).join(sep);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number, unknown];
      return (resolveValue(list, template, names) as unknown[])[Number(index)];
    }
    case 'Fn::Split': {
      const [sep, text] = arg as [string, unknown];
      return String(resolveValue(text, template, names)).split(sep);
    }
    case 'Fn::GetAtt': {
      const [id, attr] = (Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string];
      const type = template.Resources[id]?.Type ?? '';
      if (type === 'AWS::Lambda::Function' && attr === 'Arn') return functionArn(id);
      const local = names(id, type);
      if (local !== undefined) return attr === 'Arn' ? `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${local}` : local;
      throw new DeploymentReadError(`Cannot resolve Fn::GetAtt ${id}.${attr} (${type}) locally.`);
    }
    case 'Ref': {
      const ref = String(arg);
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::Region') return LOCAL_REGION;
      if (ref === 'AWS::AccountId') return LOCAL_ACCOUNT;
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      if (ref === 'AWS::StackName') return 'local';
      const type = template.Resources[ref]?.Type ?? '';
      const local = names(ref, type);
      if (local !== undefined) return local;
      throw new DeploymentReadError(`Cannot resolve Ref ${ref} (${type}) locally.`);
    }
    default:
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveValue(v, template, names)]));
  }
}
