import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDbClient,
  GetItemCommand,
  PutItemCommand,
} from '../../platform/dynamodb/client.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import type { SignInLink, SignInLinkStore } from '../sign-in-link.js';

const toLink = (item: Record<string, unknown>): SignInLink => ({
  tokenHash: String(item.tokenHash),
  registrationId: String(item.registrationId),
  validUntil: String(item.validUntil),
});

/**
 * DynamoDB adapter of {@link SignInLinkStore}: one item per link, keyed by the token's hash, with
 * the table's TTL (`expiresAt`) set to its end so that unused links go away by themselves.
 */
export class DynamoDbSignInLinks implements SignInLinkStore {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async put(link: SignInLink): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall({
          ...keys.signInLink(link.tokenHash),
          type: itemTypes.signInLink,
          ...link,
          expiresAt: Math.ceil(Date.parse(link.validUntil) / 1000),
        }),
        // 256 random bits: an existing item is a clash, never something to overwrite.
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async get(tokenHash: string): Promise<SignInLink | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.signInLink(tokenHash)),
        ConsistentRead: true,
      }),
    );
    return output.Item ? toLink(unmarshall(output.Item)) : undefined;
  }

  async consume(tokenHash: string, registrationId: string): Promise<SignInLink | undefined> {
    try {
      const output = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.signInLink(tokenHash)),
          ConditionExpression: 'attribute_exists(PK) AND registrationId = :registrationId',
          ExpressionAttributeValues: marshall({ ':registrationId': registrationId }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return output.Attributes ? toLink(unmarshall(output.Attributes)) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
