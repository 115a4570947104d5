import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
} from '../../platform/dynamodb/client.js';
import { keys } from '../../platform/dynamodb/table.js';
import type { RegistrationState, RegistrationStateSource } from '../../village-coverage/ports.js';
import { planListing } from './items.js';

const STATE_ATTRIBUTES = 'id, villageCode, #status, version, updatedAt';

const toRegistrationState = (item: Record<string, unknown>): RegistrationState => ({
  id: String(item.id),
  villageCode: String(item.villageCode),
  status: item.status as RegistrationState['status'],
  version: Number(item.version),
  updatedAt: String(item.updatedAt),
});

/** DynamoDB adapter of {@link RegistrationStateSource}: what the coverage rebuild recounts. */
export class DynamoDbRegistrationStateSource implements RegistrationStateSource {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  /**
   * Every registration of a region as the coverage rebuild recounts it (id, village, status,
   * version), through the region's index: Queries only, never a Scan.
   */
  async *listRegistrationStates(regionCode: string): AsyncIterable<RegistrationState> {
    const plan = planListing(regionCode);
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const response = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: plan.indexName,
          KeyConditionExpression: '#partition = :partition',
          ...(plan.villageCode === undefined ? {} : { FilterExpression: 'villageCode = :village' }),
          ProjectionExpression: STATE_ATTRIBUTES,
          ExpressionAttributeNames: { '#partition': plan.partitionAttribute, '#status': 'status' },
          ExpressionAttributeValues: marshall({
            ':partition': plan.partitionValue,
            ...(plan.villageCode === undefined ? {} : { ':village': plan.villageCode }),
          }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of response.Items ?? []) yield toRegistrationState(unmarshall(item));
      startKey = response.LastEvaluatedKey;
    } while (startKey);
  }

  /** One registration's state, read strongly consistent; undefined when there is none. */
  async getRegistrationState(id: string): Promise<RegistrationState | undefined> {
    const response = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.registration(id)),
        ConsistentRead: true,
        ProjectionExpression: STATE_ATTRIBUTES,
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return response.Item ? toRegistrationState(unmarshall(response.Item)) : undefined;
  }
}
