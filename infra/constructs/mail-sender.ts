import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';

export interface MailSenderProps {
  /** The SES identity: a domain (Easy DKIM, any address of it) or one email address. */
  readonly identity: string;
  /** The sender address of every email: the identity itself or an address of its domain. */
  readonly from: string;
  /** @default - a name CloudFormation generates */
  readonly configurationSetName?: string;
  /** Base of the links in the emails. */
  readonly appBaseUrl: string;
  /**
   * Verified recipient addresses the senders may also mail while the account is in the SES
   * sandbox, where SES checks the sender's permission on the recipient's identity too.
   * @default - none (production access)
   */
  readonly sandboxRecipients?: readonly string[];
}

/** How a function sends: SES v2 `SendEmail` with Simple content only, or Raw MIME too (attachments). */
export type MailContent = 'simple' | 'simple-and-raw';

/**
 * The Amazon SES v2 sender of the notification and digest emails: the email identity and its
 * configuration set (TLS required, bounces and complaints on the suppression list, reputation
 * metrics), the identity's default configuration set. `grantSend` gives a function exactly the
 * right to send as this identity through this configuration set, and the variables its mail
 * config reads.
 */
export class MailSender extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly configurationSetArn: string;
  private readonly props: MailSenderProps;

  constructor(scope: Construct, id: string, props: MailSenderProps) {
    super(scope, id);
    this.props = props;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      sendingEnabled: true,
      reputationMetrics: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const isAddress = props.identity.includes('@');
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: isAddress ? Identity.email(props.identity) : Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * The three Easy DKIM CNAME records to publish at the domain's DNS before SES sends as a domain
   * identity (`name CNAME value`); none for an email address identity, which is verified by the
   * link SES mails to it.
   */
  dkimRecords(): string[] {
    if (this.props.identity.includes('@')) return [];
    const identity = this.identity;
    return [
      `${identity.dkimDnsTokenName1} CNAME ${identity.dkimDnsTokenValue1}`,
      `${identity.dkimDnsTokenName2} CNAME ${identity.dkimDnsTokenValue2}`,
      `${identity.dkimDnsTokenName3} CNAME ${identity.dkimDnsTokenValue3}`,
    ];
  }

  /**
   * Lets `fn` send as the identity through the configuration set (`ses:SendEmail`, and
   * `ses:SendRawEmail` when it sends Raw MIME), on those two resources only (and on the sandbox
   * recipients' identities, when there are any), and sets
   * `MAIL_FROM`, `MAIL_CONFIGURATION_SET` and `APP_BASE_URL`.
   */
  grantSend(fn: HouseFunction, content: MailContent): void {
    const stack = Stack.of(this);
    const recipientArns = (this.props.sandboxRecipients ?? []).map((address) =>
      stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: address,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: content === 'simple' ? ['ses:SendEmail'] : ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn, ...recipientArns],
      }),
    );
    fn.lambdaFunction.addEnvironment('MAIL_FROM', this.props.from);
    fn.lambdaFunction.addEnvironment('MAIL_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.lambdaFunction.addEnvironment('APP_BASE_URL', this.props.appBaseUrl);
  }
}
