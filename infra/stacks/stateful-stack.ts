import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../shared/table.js';

export interface StatefulStackProps extends StackProps {
  /**
   * What CloudFormation does with the table when it leaves the template or the stack is destroyed.
   * @default RemovalPolicy.RETAIN
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /** @default true */
  readonly deletionProtection?: boolean;
}

/**
 * Resources whose data must outlive any deployment: the one DynamoDB table. It is built from
 * `tableDefinition`, the same definition the local runtime creates its table from.
 */
export class StatefulStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
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
  }
}

const keyType = (type: 'S' | 'N'): 'STRING' | 'NUMBER' => (type === 'S' ? 'STRING' : 'NUMBER');
