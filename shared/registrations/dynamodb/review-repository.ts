import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClient } from '../../platform/dynamodb/client.js';
import { keys } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import type { GetRegistrationOptions, RegistrationReviewRepository, StatusChange } from '../ports.js';
import type { Registration } from '../registration.js';
import { historyItem, readRegistration } from './items.js';

/** DynamoDB adapter of {@link RegistrationReviewRepository}: status changes with their audit entries. */
export class DynamoDbRegistrationReviewRepository implements RegistrationReviewRepository {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    private readonly options: ConflictRetryOptions = {},
  ) {}

  get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined> {
    return readRegistration(this.client, this.tableName, id, options);
  }

  async changeStatus(change: StatusChange): Promise<'changed' | 'conflict'> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':from': change.from,
      ':to': change.to,
      ':version': change.expectedVersion,
      ':one': 1,
      ':at': change.at,
    };
    const sets = ['#status = :to', 'updatedAt = :at', 'version = version + :one'];
    const removes: string[] = [];
    Object.entries(change.set).forEach(([name, value], index) => {
      names[`#a${index}`] = name;
      if (value === null || value === undefined) {
        removes.push(`#a${index}`);
      } else {
        values[`:a${index}`] = value;
        sets.push(`#a${index} = :a${index}`);
      }
    });
    const outcome = await transactWrite(
      this.client,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: marshall(keys.registration(change.id)),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: '#status = :from AND version = :version',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: marshall(historyItem(change.id, change.history)),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
      this.options,
    );
    if (outcome === 'committed') return 'changed';
    if (conditionFailed(outcome[0])) return 'conflict';
    throw new Error('Status change cancelled by a condition other than the registration state');
  }
}
