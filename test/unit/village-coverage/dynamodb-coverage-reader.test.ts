import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbClient, GetItemCommand, QueryCommand } from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbCoverageReader } from '../../../shared/village-coverage/dynamodb/coverage-reader.js';
import { mockDynamoDb } from '../../fixtures/dynamodb-mock.js';

const dynamo = mockDynamoDb();
const reader = new DynamoDbCoverageReader(new DynamoDbClient({ region: 'ap-southeast-3' }), 'kim-test');

const shard = (parent: string, code: string, n: number, values: Record<string, number>) =>
  marshall({ PK: `COV#${parent}`, SK: `COV#${code}#${n}`, ...values });

beforeEach(() => {
  dynamo.reset();
});

describe('DynamoDbCoverageReader', () => {
  it('sums a regency’s shard items, across Query pages, from its parent’s partition', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [shard('51', '51.02', 0, { covered: 3, verified: 4, submitted: 1 })],
        LastEvaluatedKey: marshall({ PK: 'COV#51', SK: 'COV#51.02#0' }),
      })
      .resolvesOnce({
        Items: [
          shard('51', '51.02', 2, { covered: 1, verified: 1, rejected: 2, pendingOnly: 1 }),
          shard('51', '51.02', 3, { deactivated: 5, covered: -1 }),
        ],
      });

    const counters = await reader.countersOf('51.02');

    expect(counters).toEqual({
      covered: 3,
      pendingOnly: 1,
      submitted: 1,
      verified: 5,
      rejected: 2,
      deactivated: 5,
    });
    const inputs = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]?.ExpressionAttributeValues).toEqual(
      marshall({ ':pk': 'COV#51', ':shards': 'COV#51.02#' }),
    );
    expect(inputs[1]?.ExclusiveStartKey).toEqual(marshall({ PK: 'COV#51', SK: 'COV#51.02#0' }));
  });

  it('reads the country under the root partition and a province under the country', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    expect(await reader.countersOf('ID')).toMatchObject({ covered: 0, verified: 0 });
    await reader.countersOf('51');

    const values = dynamo
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues);
    expect(values).toEqual([
      marshall({ ':pk': 'COV#ROOT', ':shards': 'COV#ID#' }),
      marshall({ ':pk': 'COV#ID', ':shards': 'COV#51#' }),
    ]);
  });

  it('reads a village’s single item without its registrations, zeros when there is none', async () => {
    dynamo
      .on(GetItemCommand)
      .resolvesOnce({ Item: marshall({ SK: 'COV#51.02.05.2006', covered: 1, verified: 2 }) })
      .resolvesOnce({});

    expect(await reader.countersOf('51.02.05.2006')).toMatchObject({ covered: 1, verified: 2, submitted: 0 });
    expect(await reader.countersOf('51.02.05.2007')).toMatchObject({ covered: 0, verified: 0 });
    const input = dynamo.commandCalls(GetItemCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual(marshall({ PK: 'COV#51.02.05', SK: 'COV#51.02.05.2006' }));
    expect(Object.values(input?.ExpressionAttributeNames ?? {})).not.toContain('registrations');
  });

  it('sums the children’s shards per child code in one partition', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        shard('51.02', '51.02.01', 0, { covered: 2, verified: 2 }),
        shard('51.02', '51.02.05', 0, { covered: 1, verified: 1 }),
        shard('51.02', '51.02.01', 3, { covered: 1, submitted: 4 }),
      ],
    });

    const children = await reader.childCounters('51.02');

    expect(children.get('51.02.01')).toMatchObject({ covered: 3, verified: 2, submitted: 4 });
    expect(children.get('51.02.05')).toMatchObject({ covered: 1, verified: 1 });
    expect(children.get('51.02.03')).toBeUndefined();
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual(
      marshall({ ':pk': 'COV#51.02' }),
    );
  });
});
