import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NtpMonitorStack } from './ntp-monitor-stack.js';
import { readStackSettings, StackSettingsError } from './stack-settings.js';

/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`): settings from the context, one stack, and
 * cdk-nag's AWS Solutions checks on every synth, so `cdk synth` and `cdk deploy` stop on any
 * finding that is not acknowledged with its reason.
 */
export function buildApp(app: App = new App(), options: { now?: Date } = {}): { app: App; stack: NtpMonitorStack } {
  const settings = readStackSettings((key) => app.node.tryGetContext(key));
  // The region is fixed (default ap-southeast-1, Singapore, the region nearest Vietnam with every
  // service used here); the account is the deploying credentials' unless set, so `cdk synth`
  // needs no credentials and no lookup.
  const stack = new NtpMonitorStack(app, settings.stackName, {
    env: { region: settings.region, ...(settings.account === undefined ? {} : { account: settings.account }) },
    settings,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

// Run as the CDK app, not when imported by a test.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  try {
    buildApp().app.synth();
  } catch (error) {
    if (!(error instanceof StackSettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
