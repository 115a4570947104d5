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
import type { Construct } from 'constructs';
import { ADMIN_API_SCOPES } from '../../shared/auth/access-policy.js';
import { tableDefinition } from '../../shared/table.js';
import { AdminUserPool } from '../constructs/admin-user-pool.js';
import { HouseFunction } from '../constructs/house-function.js';

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
