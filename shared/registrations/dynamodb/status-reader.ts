import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClient } from '../../platform/dynamodb/client.js';
import { GetItemCommand } from '../../platform/dynamodb/client.js';
import { keys } from '../../platform/dynamodb/table.js';
import type { RegistrationStatus } from '../schema.js';

/** What a count by status and place needs of a registration: nothing personal. */
export interface RegistrationStatusRow {
  readonly id: string;
  readonly status: RegistrationStatus;
  readonly villageCode: string;
}

const CONCURRENCY = 25;

/**
 * Reads the status and village of registrations by key, projecting only `id`, `status` and
 * `villageCode`: a small read, and a small bundle for the page functions that count (it leaves the
 * query repository and the registration schema out).
 */
export class DynamoDbRegistrationStatusReader {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async statusesOf(ids: readonly string[]): Promise<RegistrationStatusRow[]> {
    const rows: RegistrationStatusRow[] = [];
    for (let index = 0; index < ids.length; index += CONCURRENCY) {
      const found = await Promise.all(
        ids.slice(index, index + CONCURRENCY).map(async (id) => {
          const output = await this.client.send(
            new GetItemCommand({
              TableName: this.tableName,
              Key: marshall(keys.registration(id)),
              ProjectionExpression: '#id, #status, villageCode',
              ExpressionAttributeNames: { '#id': 'id', '#status': 'status' },
            }),
          );
          const item = output.Item ? unmarshall(output.Item) : undefined;
          // The item at a slot may hold another registration (see keys.registration): the id decides.
          return item?.id === id
            ? { id, status: item.status as RegistrationStatus, villageCode: String(item.villageCode) }
            : undefined;
        }),
      );
      for (const row of found) if (row !== undefined) rows.push(row);
    }
    return rows;
  }
}
