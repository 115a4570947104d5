import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ADMIN_API_SCOPES } from '../../shared/auth/access-policy.js';
import { tableDefinition } from '../../shared/platform/dynamodb/table.js';
import {
  type QueueName,
  queueDefinitions,
  type ScheduleName,
  scheduleDefinitions,
  streamSource,
} from '../../shared/platform/pipeline-settings.js';
import { AdminUserPool } from '../constructs/admin-user-pool.js';
import { AlarmTopic } from '../constructs/alarm-topic.js';
import { pascalCase } from '../constructs/construct-id.js';
import { DocumentBucket, type DocumentBucketProps } from '../constructs/document-bucket.js';
import { HouseFunction } from '../constructs/house-function.js';
import { MailSender, type MailSenderProps } from '../constructs/mail-sender.js';
import { DeadLetterQueue, QueueWithDeadLetterQueue } from '../constructs/secure-queue.js';

/** The repository root: function entries are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The description of the token trigger function (the one function of this stack). */
export const TOKEN_TRIGGER_DESCRIPTION =
  'Cognito pre-token-generation (v2): region_code claim from custom:region_code, scopes by group';

/** The admin API's sign-in settings (see `AdminUserPoolProps`). */
export interface AdminIdentitySettings {
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly domainPrefix: string;
  /** Retention of the token trigger's log group. */
  readonly logRetention: RetentionDays;
}

export interface StatefulStackProps extends StackProps {
  /**
   * What CloudFormation does with the table when it leaves the template or the stack is destroyed.
   * @default RemovalPolicy.RETAIN
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** The Cognito user pool of the admin API. */
  readonly adminIdentity: AdminIdentitySettings;
  /** The SES sender of the notification and digest emails. */
  readonly mail: MailSenderProps;
  /** Address subscribed to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** The document bucket's settings. @default - private, retained, no browser uploads */
  readonly documents?: DocumentBucketProps;
}

/**
 * Resources whose data must outlive any deployment: the one DynamoDB table, built from
 * `tableDefinition` (the same definition the local runtime creates its table from), and the
 * Cognito user pool of the admin API, whose users only exist there. The pool's token trigger lives
 * here too, because the pool refers to it.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly adminIdentity: AdminUserPool;
  /** One queue with its dead-letter queue per entry of `queueDefinitions`. */
  readonly pipelineQueues: Readonly<Record<QueueName, QueueWithDeadLetterQueue>>;
  /** The on-failure destination of the table stream's event source mapping. */
  readonly streamFailureQueue: Queue;
  /** The dead-letter queue of each schedule's target. */
  readonly scheduleDeadLetterQueues: Readonly<Record<ScheduleName, Queue>>;
  /** The SNS topic of every operations alarm. */
  readonly alarmTopic: AlarmTopic;
  readonly mailSender: MailSender;
  /** The bucket of the KIM documents (SK versions). */
  readonly documents: DocumentBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey.name, type: AttributeType.STRING },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamViewType],
      billingMode: BillingMode[tableDefinition.billingMode],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      // The AWS managed key (aws/dynamodb): KMS encryption with key use in CloudTrail, and nothing
      // for a regency to rotate, pay monthly for, or lose. See docs/deploy.md.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: {
          name: index.partitionKey.name,
          type: AttributeType[keyType(index.partitionKey.type)],
        },
        sortKey: { name: index.sortKey.name, type: AttributeType[keyType(index.sortKey.type)] },
        ...(index.projection.type === 'INCLUDE'
          ? {
              projectionType: ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.projection.nonKeyAttributes],
            }
          : { projectionType: ProjectionType.ALL }),
      });
    }

    const tokenTrigger = new HouseFunction(this, 'PreTokenGeneration', {
      entry: `${PROJECT_ROOT}functions/auth/pre-token-generation.ts`,
      description: TOKEN_TRIGGER_DESCRIPTION,
      memorySize: 128,
      timeout: Duration.seconds(5),
      logRetention: props.adminIdentity.logRetention,
    });
    this.adminIdentity = new AdminUserPool(this, 'AdminIdentity', {
      tokenTrigger,
      scopes: Object.values(ADMIN_API_SCOPES),
      callbackUrls: props.adminIdentity.callbackUrls,
      logoutUrls: props.adminIdentity.logoutUrls,
      domainPrefix: props.adminIdentity.domainPrefix,
      deletionProtection: props.deletionProtection ?? true,
    });

    // Queues hold messages in flight and failed ones: they live here, apart from their consumers.
    const pipelineQueue = (name: QueueName) => {
      const definition = queueDefinitions[name];
      return new QueueWithDeadLetterQueue(this, `${pascalCase(name)}Queue`, {
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(definition.retentionDays),
        deadLetterRetentionPeriod: Duration.days(definition.deadLetterRetentionDays),
        maxReceiveCount: definition.maxReceiveCount,
      });
    };
    this.pipelineQueues = { coverage: pipelineQueue('coverage'), notify: pipelineQueue('notify') };
    this.streamFailureQueue = new DeadLetterQueue(this, 'StreamFailureQueue', {
      deadLetterQueueOf: `the on-failure destination of the table stream's event source mapping (function ${streamSource.function}), which receives the stream coordinates of batches that failed all retries`,
    }).queue;
    const scheduleDeadLetterQueue = (name: ScheduleName) =>
      new DeadLetterQueue(this, `${pascalCase(name)}ScheduleDeadLetterQueue`, {
        deadLetterQueueOf: `the dead-letter queue of the ${name} schedule's target (function ${scheduleDefinitions[name].function}), which receives invocations EventBridge Scheduler could not deliver`,
      }).queue;
    this.scheduleDeadLetterQueues = {
      rebuildCoverage: scheduleDeadLetterQueue('rebuildCoverage'),
      digest: scheduleDeadLetterQueue('digest'),
      termReminders: scheduleDeadLetterQueue('termReminders'),
    };

    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail });
    // The identity's verification (DNS records or a clicked link) belongs to the account, not to a deploy.
    this.mailSender = new MailSender(this, 'Mail', props.mail);
    this.documents = new DocumentBucket(this, 'Documents', props.documents);

    this.mailSender.dkimRecords().forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `DKIM record ${index + 1} of the SES domain identity ${props.mail.identity}: add it at the domain's DNS`,
        value: record,
      });
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic of the operations alarms (subscribe more addresses to it)',
      value: this.alarmTopic.topic.topicArn,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Cognito user pool of the admin API (aws cognito-idp admin-create-user --user-pool-id)',
      value: this.adminIdentity.userPool.userPoolId,
    });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'App client of the hosted UI (authorization code + PKCE, no secret)',
      value: this.adminIdentity.client.userPoolClientId,
    });
    new CfnOutput(this, 'TokenIssuer', {
      description: 'Issuer (iss) of the access tokens the admin API accepts',
      // The issuer the HTTP API's JWT authorizer checks (ProviderURL lacks the scheme).
      value: `https://cognito-idp.${this.region}.amazonaws.com/${this.adminIdentity.userPool.userPoolId}`,
    });
    new CfnOutput(this, 'HostedUiUrl', {
      description: 'Base URL of the hosted UI: /oauth2/authorize, /oauth2/token, /logout',
      value: this.adminIdentity.domain.baseUrl(),
    });
  }
}

const keyType = (type: 'S' | 'N'): 'STRING' | 'NUMBER' => (type === 'S' ? 'STRING' : 'NUMBER');
