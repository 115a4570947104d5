import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import pLimit from 'p-limit';
import {
  type AttributeValue,
  type ConsumedCapacity,
  type DynamoDbClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '../../platform/dynamodb/client.js';
import { indexNames, itemTypes, keys } from '../../platform/dynamodb/table.js';
import { levelOf, parentOf } from '../../platform/region-codes.js';
import type { RegistrationSummary } from '../../registrations/ports.js';
import {
  addCounters,
  COUNTER_NAMES,
  type CoverageCounters,
  ZERO_COUNTERS,
} from '../../village-coverage/coverage.js';
import {
  countedRegistrationsOf,
  countersOfItem,
  coverageCodeOf,
} from '../../village-coverage/stored-items.js';
import type { DigestRunRecord, DigestRunStore, DigestSource, VillageCoverageRow } from '../ports.js';

/** The parent partition of the country's own counters (see the coverage layout). */
const COUNTRY_PARENT = 'ROOT';

/** Registrations read by key at once for the backlog. */
const GET_CONCURRENCY = 16;

/** Read units consumed, summed over every read this adapter made (ReturnConsumedCapacity TOTAL). */
export class ReadCapacityMeter {
  units = 0;
  reads = 0;
  add(consumed: ConsumedCapacity | undefined): void {
    this.reads++;
    this.units += consumed?.CapacityUnits ?? 0;
  }
}

const SUMMARY_PROJECTION =
  '#id, #name, villageCode, villageName, districtCode, #status, submittedAt, updatedAt, version';
const SUMMARY_NAMES = { '#id': 'id', '#name': 'name', '#status': 'status' };

const toSummary = (item: Record<string, unknown>): RegistrationSummary => ({
  id: String(item.id),
  name: String(item.name),
  villageCode: String(item.villageCode),
  villageName: String(item.villageName),
  districtCode: String(item.districtCode),
  status: item.status as RegistrationSummary['status'],
  submittedAt: String(item.submittedAt),
  updatedAt: String(item.updatedAt),
  version: Number(item.version),
});

/** The region index and partition attribute that hold the registrations of a region. */
const indexOf = (regionCode: string) => {
  switch (levelOf(regionCode)) {
    case 'country':
      return { indexName: indexNames.byCountry, attribute: 'countryCode' };
    case 'province':
      return { indexName: indexNames.byProvince, attribute: 'provinceCode' };
    case 'regency':
      return { indexName: indexNames.byRegency, attribute: 'regencyCode' };
    default:
      return { indexName: indexNames.byDistrict, attribute: 'districtCode' };
  }
};

/**
 * DynamoDB adapter of the digest: reads coverage items (Query by partition), registrations by
 * key or through a region index bounded by id, and keeps the run records.
 */
export class DynamoDbDigestStore implements DigestSource, DigestRunStore {
  constructor(
    private readonly client: DynamoDbClient,
    private readonly tableName: string,
    /** Counts the read units of every read; the benchmark passes one. */
    readonly meter: ReadCapacityMeter = new ReadCapacityMeter(),
  ) {}

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter.add(output.ConsumedCapacity);
      for (const item of output.Items ?? []) items.push(unmarshall(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async countersOf(code: string): Promise<CoverageCounters> {
    const parent = parentOf(code) ?? COUNTRY_PARENT;
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: marshall({
        ':pk': keys.coverageChildren(parent),
        ':prefix': keys.regionCoveragePrefix(code),
      }),
      ProjectionExpression: COUNTER_NAMES.join(', '),
    });
    return items.map(countersOfItem).reduce(addCounters, ZERO_COUNTERS);
  }

  async childCounters(code: string): Promise<ReadonlyMap<string, CoverageCounters>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: marshall({ ':pk': keys.coverageChildren(code) }),
      ProjectionExpression: ['SK', ...COUNTER_NAMES].join(', '),
    });
    const byChild = new Map<string, CoverageCounters>();
    for (const item of items) {
      const child = coverageCodeOf(String(item.SK));
      byChild.set(child, addCounters(byChild.get(child) ?? ZERO_COUNTERS, countersOfItem(item)));
    }
    return byChild;
  }

  async districtVillages(districtCode: string): Promise<ReadonlyMap<string, VillageCoverageRow>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: marshall({ ':pk': keys.coverageChildren(districtCode) }),
      ProjectionExpression: ['SK', 'registrations', ...COUNTER_NAMES].join(', '),
    });
    const villages = new Map<string, VillageCoverageRow>();
    for (const item of items) {
      const counted = countedRegistrationsOf(item);
      villages.set(coverageCodeOf(String(item.SK)), {
        counters: countersOfItem(item),
        submitted: Object.entries(counted)
          .filter(([, state]) => state.status === 'SUBMITTED')
          .map(([id, state]) => ({ id, version: state.version })),
      });
    }
    return villages;
  }

  async registrationsCreatedBetween(
    regionCode: string,
    fromId: string,
    toId: string,
  ): Promise<RegistrationSummary[]> {
    const { indexName, attribute } = indexOf(regionCode);
    const items = await this.queryAll({
      IndexName: indexName,
      KeyConditionExpression: '#partition = :partition AND #id BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#partition': attribute, '#id': 'id' },
      ExpressionAttributeValues: marshall({ ':partition': regionCode, ':from': fromId, ':to': toId }),
    });
    return items.map(toSummary);
  }

  async registrationSummaries(ids: readonly string[]): Promise<RegistrationSummary[]> {
    const found = await pLimit(GET_CONCURRENCY).map(ids, async (id) => {
      const output = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.registration(id)),
          ProjectionExpression: SUMMARY_PROJECTION,
          ExpressionAttributeNames: SUMMARY_NAMES,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter.add(output.ConsumedCapacity);
      return output.Item ? toSummary(unmarshall(output.Item)) : undefined;
    });
    return found.filter((item): item is RegistrationSummary => item !== undefined);
  }

  async lastRun(regionCode: string): Promise<DigestRunRecord | undefined> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(keys.digestRun(regionCode)),
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.add(output.ConsumedCapacity);
    if (!output.Item) return undefined;
    const { run } = unmarshall(output.Item) as { run?: DigestRunRecord };
    return run;
  }

  async saveRun(record: DigestRunRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          { ...keys.digestRun(record.regionCode), type: itemTypes.digestRun, run: record },
          { removeUndefinedValues: true },
        ),
      }),
    );
  }
}
