import { marshall } from '@aws-sdk/util-dynamodb';
import type { OfficerMailStatus } from '../../notifications/ports.js';
import { type DynamoDbClient, UpdateItemCommand } from '../../platform/dynamodb/client.js';
import { itemTypes, keys } from '../../platform/dynamodb/table.js';
import type { ConflictRetryOptions } from '../../platform/dynamodb/transact.js';
import type { EmailUndeliverable, Officer, OfficerRepository } from '../officer.js';
import { DynamoDbRegionDirectory, type RegionDirectoryLayout } from './region-directory.js';

const isUndeliverableMark = (value: unknown): value is EmailUndeliverable =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>).at === 'string' &&
  typeof (value as Record<string, unknown>).reason === 'string';

/** The officer directory's items: versioned officers, `OFFICEREMAIL#<region>#<email>` claims. */
const officerDirectory: RegionDirectoryLayout<Officer> = {
  name: 'Officer',
  keyOf: keys.officer,
  partition: keys.officersPartition,
  claimKeyOf: keys.officerEmailClaim,
  entryType: itemTypes.officer,
  claimType: itemTypes.officerEmailClaim,
  ownerAttribute: 'officerId',
  toEntry: (item) => ({
    id: String(item.id),
    name: String(item.name),
    email: String(item.email),
    regionCode: String(item.regionCode),
    active: item.active === true,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    version: Number(item.version),
    ...(isUndeliverableMark(item.emailUndeliverable)
      ? { emailUndeliverable: { at: item.emailUndeliverable.at, reason: item.emailUndeliverable.reason } }
      : {}),
  }),
  unchanged: (officer) => ({
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: marshall({ ':version': officer.version }),
  }),
};

/** DynamoDB adapter of the officer directory, and of the mark notifications leave on a bounced address. */
export class DynamoDbOfficerStore
  extends DynamoDbRegionDirectory<Officer>
  implements OfficerRepository, OfficerMailStatus
{
  constructor(client: DynamoDbClient, tableName: string, options: ConflictRetryOptions = {}) {
    super(client, tableName, officerDirectory, options);
  }

  /**
   * Sets `emailUndeliverable` if the officer still has `email`. The version grows too, so an
   * admin's PUT based on an earlier read conflicts instead of silently dropping the mark.
   */
  async markEmailUndeliverable(officerId: string, email: string, mark: EmailUndeliverable): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.officer(officerId)),
          UpdateExpression: 'SET emailUndeliverable = :mark, version = version + :one',
          ConditionExpression: 'attribute_exists(PK) AND email = :email',
          ExpressionAttributeValues: marshall({
            ':mark': { at: mark.at, reason: mark.reason },
            ':one': 1,
            ':email': email,
          }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
