import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
} from '../../platform/dynamodb/client.js';
import { indexNames, keys } from '../../platform/dynamodb/table.js';
import type { CurrentTerm } from '../current-term.js';
import type { TermIndex } from '../ports.js';

const toCurrentTerm = (item: Record<string, AttributeValue>): CurrentTerm => {
  const stored = unmarshall(item);
  return {
    registrationId: String(stored.registrationId),
    versionId: String(stored.versionId),
    term: { start: String(stored.term.start), end: String(stored.term.end) },
    villageCode: String(stored.villageCode),
    districtCode: String(stored.districtCode),
    regencyCode: String(stored.regencyCode),
  };
};

/** DynamoDB adapter of {@link TermIndex}: the `TERM` item of each registration, listed through gsi1. */
export class DynamoDbTermIndex implements TermIndex {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async get(registrationId: string): Promise<CurrentTerm | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.currentTerm(registrationId)),
        ConsistentRead: true,
      }),
    );
    return output.Item ? toCurrentTerm(output.Item) : undefined;
  }

  async listByEnd(
    regencyCode: string,
    range: { readonly from?: string; readonly before?: string },
  ): Promise<CurrentTerm[]> {
    // GSI1SK is `<end>#<id>`: every key of an end date sorts after the date itself and before the next day.
    const condition =
      range.from !== undefined && range.before !== undefined
        ? ' AND GSI1SK BETWEEN :from AND :before'
        : range.from !== undefined
          ? ' AND GSI1SK >= :from'
          : range.before !== undefined
            ? ' AND GSI1SK < :before'
            : '';
    const values: Record<string, string> = { ':pk': keys.termEnds(regencyCode) };
    if (range.from !== undefined) values[':from'] = range.from;
    if (range.before !== undefined) values[':before'] = range.before;
    const terms: CurrentTerm[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexNames.gsi1,
          KeyConditionExpression: `GSI1PK = :pk${condition}`,
          ExpressionAttributeValues: marshall(values),
          ExclusiveStartKey: startKey,
        }),
      );
      // A term ending on `before` itself has the key `<before>#<id>`, after `before`: it is left out.
      for (const item of output.Items ?? []) terms.push(toCurrentTerm(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return terms;
  }
}
