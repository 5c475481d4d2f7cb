import { CfnOutput, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { SesIdentitySetting } from '../stack-settings.js';

export interface MailSenderProps {
  identity: SesIdentitySetting;
}

/**
 * The SES (v2) side of the digests: the sender identity and a configuration set. A domain
 * identity is verified by the three DKIM CNAME records in the stack's outputs; an address
 * identity by the link SES mails to it on deploy.
 */
export class MailSender extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailSenderProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // Addresses that bounced or complained are not sent to again: SES's reputation rules, and
      // SesMailer reports the suppression to the office like any refused address.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.identity.kind === 'domain' ? Identity.domain(props.identity.domain) : Identity.email(props.identity.address),
      configurationSet: this.configurationSet,
    });
    if (props.identity.kind === 'domain') {
      const domain = props.identity.domain;
      const records = [
        [this.identity.dkimDnsTokenName1, this.identity.dkimDnsTokenValue1],
        [this.identity.dkimDnsTokenName2, this.identity.dkimDnsTokenValue2],
        [this.identity.dkimDnsTokenName3, this.identity.dkimDnsTokenValue3],
      ] as const;
      records.forEach(
        ([name, value], i) =>
          new CfnOutput(this, `DkimRecord${i + 1}`, { description: `DKIM record ${i + 1} to add to the DNS of ${domain}`, value: `${name} CNAME ${value}` }),
      );
    }
  }

  get configurationSetArn(): string {
    return Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName });
  }

  /** SES v2 SendEmail from this identity with this configuration set, and nothing else. */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail'], resources: [this.identity.emailIdentityArn, this.configurationSetArn] }),
    );
  }
}
