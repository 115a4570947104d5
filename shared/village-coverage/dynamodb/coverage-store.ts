import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDbClient,
  QueryCommand,
  type TransactWriteItem,
} from '../../platform/dynamodb/client.js';
import { itemTypes, keys, ROOT_PARENT } from '../../platform/dynamodb/table.js';
import {
  type ConflictRetryOptions,
  conditionFailed,
  transactWrite,
} from '../../platform/dynamodb/transact.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import {
  addCounters,
  COUNTER_NAMES,
  type CoverageCounters,
  villageCounters,
  ZERO_COUNTERS,
} from '../coverage.js';
import { type CoveragePlan, districtOf, type StoredVillage } from '../plan.js';
import type { CommitOutcome, CoverageRebuildRepository, StoredRegionCounters } from '../ports.js';
import { SHARDS_BY_LEVEL } from '../shards.js';
import {
  countedRegistrationsOf,
  countersOfItem,
  coverageCodeOf,
  storedRegistrations,
} from '../stored-items.js';

const regionParent = (code: string) => parentOf(code) ?? ROOT_PARENT;

const shardsOf = (code: string): number => {
  const level = levelOf(code);
  if (level === 'village') throw new RangeError(`A village has no counter shards: ${code}`);
  return SHARDS_BY_LEVEL[level];
};

const toStoredVillage = (item: Record<string, unknown>): StoredVillage => ({
  coverage: {
    code: String(item.code),
    districtCode: String(item.districtCode),
    registrations: countedRegistrationsOf(item),
  },
  rev: Number(item.rev),
});

/** The counter attributes of an update, as `ADD` operands. */
const counterOperands = (delta: CoverageCounters) => ({
  expression: COUNTER_NAMES.map((name) => `#${name} :${name}`).join(', '),
  names: Object.fromEntries(COUNTER_NAMES.map((name) => [`#${name}`, name])),
  values: Object.fromEntries(COUNTER_NAMES.map((name) => [`:${name}`, delta[name]])),
});

export interface CoverageStoreOptions extends ConflictRetryOptions {
  /** Picks the shard a transaction adds to. @default Math.random */
  readonly random?: () => number;
}

/** DynamoDB adapter of the coverage counters (layout in shared/platform/dynamodb/table.ts, `villageCoverage`/`regionCoverage`). */
export class DynamoDbCoverageStore implements CoverageRebuildRepository {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    private readonly options: CoverageStoreOptions = {},
  ) {}

  async getVillages(villageCodes: readonly string[]): Promise<Map<string, StoredVillage>> {
    const found = new Map<string, StoredVillage>();
    const unique = [...new Set(villageCodes)];
    for (let start = 0; start < unique.length; start += 100) {
      let requested: Record<string, AttributeValue>[] = unique
        .slice(start, start + 100)
        .map((code) => marshall(keys.villageCoverage(districtOf(code), code)));
      for (let attempt = 1; requested.length > 0; attempt++) {
        const response = await this.client.send(
          new BatchGetItemCommand({
            RequestItems: { [this.tableName]: { Keys: requested, ConsistentRead: true } },
          }),
        );
        for (const item of response.Responses?.[this.tableName] ?? []) {
          const village = toStoredVillage(unmarshall(item));
          found.set(village.coverage.code, village);
        }
        requested = response.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (requested.length > 0) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    }
    return found;
  }

  async commit(plan: CoveragePlan): Promise<CommitOutcome> {
    const random = this.options.random ?? Math.random;
    const items: TransactWriteItem[] = [];
    for (const { before, after } of plan.villages) {
      const counters = villageCounters(after.registrations);
      items.push({
        Put: {
          TableName: this.tableName,
          Item: marshall({
            ...keys.villageCoverage(after.districtCode, after.code),
            type: itemTypes.coverage,
            level: 'village',
            code: after.code,
            districtCode: after.districtCode,
            ...counters,
            registrations: storedRegistrations(after.registrations),
            rev: (before.rev ?? 0) + 1,
          }),
          ...(before.rev === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: 'rev = :rev',
                ExpressionAttributeValues: marshall({ ':rev': before.rev }),
              }),
        },
      });
    }
    for (const [code, delta] of plan.regionDeltas) {
      items.push({ Update: this.regionUpdate(code, Math.floor(random() * shardsOf(code)), delta) });
    }
    const outcome = await transactWrite(this.client, items, this.options);
    if (outcome === 'committed') return 'committed';
    // Reasons come one per action, in order: the village Puts first.
    return {
      changedVillages: plan.villages
        .filter((_, index) => conditionFailed(outcome[index]))
        .map(({ after }) => after.code),
    };
  }

  private regionUpdate(code: string, shard: number, delta: CoverageCounters, expectedRev?: number) {
    const add = counterOperands(delta);
    return {
      TableName: this.tableName,
      Key: marshall(keys.regionCoverage(regionParent(code), code, shard)),
      UpdateExpression: `SET #type = :type, #level = :level, #code = :code, #shard = :shard ADD ${add.expression}, #rev :one`,
      ExpressionAttributeNames: {
        ...add.names,
        '#type': 'type',
        '#level': 'level',
        '#code': 'code',
        '#shard': 'shard',
        '#rev': 'rev',
      },
      ExpressionAttributeValues: marshall({
        ...add.values,
        ':type': itemTypes.coverage,
        ':level': levelOf(code),
        ':code': code,
        ':shard': shard,
        ':one': 1,
        ...(expectedRev === undefined || expectedRev === 0 ? {} : { ':expected': expectedRev }),
      }),
      ...(expectedRev === undefined
        ? {}
        : {
            ConditionExpression: expectedRev === 0 ? 'attribute_not_exists(PK)' : '#rev = :expected',
          }),
    };
  }

  private async queryAll(partition: string, prefix?: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const response = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          KeyConditionExpression: prefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: marshall({
            ':pk': partition,
            ...(prefix === undefined ? {} : { ':prefix': prefix }),
          }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of response.Items ?? []) items.push(unmarshall(item));
      startKey = response.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async getRegionCounters(code: string): Promise<StoredRegionCounters> {
    const items = await this.queryAll(
      keys.coverageChildren(regionParent(code)),
      keys.regionCoveragePrefix(code),
    );
    let counters = ZERO_COUNTERS;
    const shardRevs = new Map<number, number>();
    for (const item of items) {
      counters = addCounters(counters, countersOfItem(item));
      // The shard number is the key's suffix (`COV#<code>#<shard>`), whatever else the item holds.
      shardRevs.set(
        Number(String(item.SK).slice(keys.regionCoveragePrefix(code).length)),
        Number(item.rev ?? 0),
      );
    }
    return { code, counters, shardRevs };
  }

  async getChildCounters(code: string): Promise<Map<string, CoverageCounters>> {
    const children = new Map<string, CoverageCounters>();
    for (const item of await this.queryAll(keys.coverageChildren(code))) {
      const child = coverageCodeOf(String(item.SK));
      children.set(child, addCounters(children.get(child) ?? ZERO_COUNTERS, countersOfItem(item)));
    }
    return children;
  }

  async getDistrictVillages(districtCode: string): Promise<Map<string, StoredVillage>> {
    const villages = new Map<string, StoredVillage>();
    for (const item of await this.queryAll(keys.coverageChildren(districtCode))) {
      const village = toStoredVillage(item);
      villages.set(village.coverage.code, village);
    }
    return villages;
  }

  async correctRegion(
    read: StoredRegionCounters,
    delta: CoverageCounters,
  ): Promise<'committed' | 'conflict'> {
    const shards = shardsOf(read.code);
    const items: TransactWriteItem[] = [
      { Update: this.regionUpdate(read.code, 0, delta, read.shardRevs.get(0) ?? 0) },
    ];
    // Every other shard must be as read: a consumer that added to one since would make the delta wrong.
    for (let shard = 1; shard < shards; shard++) {
      const rev = read.shardRevs.get(shard);
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: marshall(keys.regionCoverage(regionParent(read.code), read.code, shard)),
          ...(rev === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: 'rev = :rev',
                ExpressionAttributeValues: marshall({ ':rev': rev }),
              }),
        },
      });
    }
    const outcome = await transactWrite(this.client, items, this.options);
    return outcome === 'committed' ? 'committed' : 'conflict';
  }
}
