import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
} from '../../platform/dynamodb/client.js';
import { keys, ROOT_PARENT } from '../../platform/dynamodb/table.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import { addCounters, COUNTER_NAMES, type CoverageCounters, ZERO_COUNTERS } from '../coverage.js';
import type { CoverageCounterReader } from '../coverage-reader.js';
import { countersOfItem, coverageCodeOf } from '../stored-items.js';

/** Only the sort key and the counters: a village item's registrations map stays on the server. */
const PROJECTED = ['SK', ...COUNTER_NAMES];
const projection = {
  ProjectionExpression: PROJECTED.map((_, index) => `#p${index}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(PROJECTED.map((name, index) => [`#p${index}`, name])),
};

/**
 * DynamoDB adapter of the coverage reader, following the counter layout of shared/platform/dynamodb/table.ts:
 * a village's counters are one item in its district's partition; a district's or higher region's
 * counters are the sum of its shard items in its parent's partition. One Query of a region's own
 * partition reads every child's counters. Reads are eventually consistent: counters trail the
 * pipeline by seconds anyway.
 */
export class DynamoDbCoverageReader implements CoverageCounterReader {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async countersOf(code: string): Promise<CoverageCounters> {
    const parent = parentOf(code) ?? ROOT_PARENT;
    if (levelOf(code) === 'village') {
      const output = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.villageCoverage(parent, code)),
          ...projection,
        }),
      );
      return output.Item ? countersOfItem(unmarshall(output.Item)) : ZERO_COUNTERS;
    }
    let total = ZERO_COUNTERS;
    await this.query(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :shards)',
        ExpressionAttributeValues: marshall({
          ':pk': keys.coverageChildren(parent),
          ':shards': keys.regionCoveragePrefix(code),
        }),
      },
      (item) => {
        total = addCounters(total, countersOfItem(item));
      },
    );
    return total;
  }

  async childCounters(code: string): Promise<ReadonlyMap<string, CoverageCounters>> {
    const byChild = new Map<string, CoverageCounters>();
    await this.query(
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: marshall({ ':pk': keys.coverageChildren(code) }),
      },
      (item) => {
        const child = coverageCodeOf(item.SK);
        byChild.set(child, addCounters(byChild.get(child) ?? ZERO_COUNTERS, countersOfItem(item)));
      },
    );
    return byChild;
  }

  private async query(
    input: Pick<QueryCommand['input'], 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
    onItem: (item: Record<string, unknown>) => void,
  ): Promise<void> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...input,
          ...projection,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) onItem(unmarshall(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  }
}
