import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  type DynamoDbClient,
  GetItemCommand,
  QueryCommand,
} from '../../platform/dynamodb/client.js';
import { keys, ROOT_PARENT } from '../../platform/dynamodb/table.js';
import { parentOf } from '../../platform/region-codes.js';
import type { Region, RegionRepository } from '../region.js';

const toRegion = (item: Record<string, unknown>): Region => ({
  code: String(item.code),
  name: String(item.name),
  level: item.level as Region['level'],
  villageCount: Number(item.villageCount),
});

/**
 * DynamoDB adapter of the region repository: one GetItem per region, one Query per child list.
 * Regions found are remembered for the life of the container: master data changes only when a
 * deploy (or `npm start`) seeds it, and a deploy replaces the containers. Codes not found are not
 * remembered, so the cache holds at most the real regions of the scope.
 */
export class DynamoDbRegionStore implements RegionRepository {
  private readonly found = new Map<string, Region>();

  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
  ) {}

  async get(code: string): Promise<Region | undefined> {
    const cached = this.found.get(code);
    if (cached) return cached;
    const region = await this.read(code);
    if (region) this.found.set(code, region);
    return region;
  }

  private async read(code: string): Promise<Region | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.region(parentOf(code) ?? ROOT_PARENT, code)),
        ProjectionExpression: 'code, #name, #level, villageCount',
        ExpressionAttributeNames: { '#name': 'name', '#level': 'level' },
      }),
    );
    return output.Item ? toRegion(unmarshall(output.Item)) : undefined;
  }

  async listChildren(code: string): Promise<Region[]> {
    const children: Region[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: marshall({ ':pk': keys.regionChildren(code) }),
          ProjectionExpression: 'code, #name, #level, villageCount',
          ExpressionAttributeNames: { '#name': 'name', '#level': 'level' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) children.push(toRegion(unmarshall(item)));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return children;
  }
}
