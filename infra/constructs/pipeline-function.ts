import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TaskName, TaskSpec } from '../task-specs.js';

/** The repository root: functions/, shared/ and the lock file NodejsFunction installs from. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Some dependencies (googleapis-common, gaxios, nodemailer) are CommonJS and call `require`; an
 * ESM bundle has none, so the banner makes one from the module's own URL.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface PipelineFunctionProps {
  task: TaskName;
  spec: TaskSpec;
  environment: Record<string, string>;
}

/**
 * One task's Lambda function as every task has it: functions/<task>.ts bundled by esbuild into one
 * ESM file for Node 22 on arm64 (Graviton: ~20 % cheaper per GB-second than x86 for the same code),
 * its own role (no managed policy; each task's grants are added by the stack), its own log group.
 */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { task, spec } = props;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `ntp-monitor ${task}: only what this task touches`,
    });
    // A log group of our own instead of logRetention (which adds a custom-resource Lambda with
    // a wildcard role) and instead of the managed AWSLambdaBasicExecutionRole (logs on every group).
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, 'functions', `${task}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: `ntp-monitor ${task}: ${spec.description}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      // Active tracing: each invocation's segment joins the execution's trace (the state machine
      // passes the trace header), so a run is one trace; X-Ray charges $5 a million traces.
      tracing: Tracing.ACTIVE,
      environment: props.environment,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        // The map ships beside the bundle for reading a stack trace by hand; it is not enabled at
        // run time (NODE_OPTIONS=--enable-source-maps): that adds ~35 ms to every cold start
        // (measured, README "Deploy on AWS"). Set it on a function to debug.
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The project pins and tests @aws-sdk 3.1162.0; the runtime's built-in SDK is another version.
        bundleAwsSDK: true,
        // Vietnamese text stays UTF-8 instead of \u escapes: a smaller bundle, the same strings.
        charset: Charset.UTF8,
        // esbuild's size summary flags every bundle over 1 MB; the sizes are measured apart (bench).
        logLevel: LogLevel.ERROR,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: the bundles are built for node22 and tested against the pinned SDK on Node 20/22 here; Lambda supports nodejs22.x until 2027-04-30. Moving to Node.js 24 is a change of its own, tested first.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) have no resource-level permissions: AWS requires Resource "*" for them.',
    });
  }
}
