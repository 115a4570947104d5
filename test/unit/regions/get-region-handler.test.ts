import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetItemCommand, QueryCommand } from '../../../shared/platform/dynamodb/client.js';
import { regionItem } from '../../../shared/regions/dynamodb/region-writer.js';
import { apiEvent, bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { fixtureRegionItems, mockDynamoDb, serveGetItem } from '../../fixtures/dynamodb-mock.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { handler } = await import('../../../functions/regions/get-region.js');

const dynamo = mockDynamoDb();
let output: CapturedOutput;

beforeEach(() => {
  dynamo.reset();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const get = (code: string) =>
  handler(
    apiEvent({ routeKey: 'GET /regions/{code}', path: `/regions/${code}`, pathParameters: { code } }),
    lambdaContext('get-region'),
  );

const district = (code: string, name: string, villageCount: number) =>
  regionItem({ code, name, level: 'district', parentCode: '51.02', villageCount });

describe('GET /regions/{code} handler', () => {
  it('answers the region with its children sorted by code', async () => {
    serveGetItem(dynamo, fixtureRegionItems());
    dynamo.on(QueryCommand).resolves({
      Items: [
        district('51.02.10', 'Pupuan', 14),
        district('51.02.01', 'Selemadeg', 10),
        district('51.02.05', 'Tabanan', 12),
      ].map((item) => marshall(item)),
    });

    const result = await get('51.02');

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      code: '51.02',
      name: 'Kabupaten Tabanan',
      level: 'regency',
      villageCount: 133,
      children: [
        { code: '51.02.01', name: 'Selemadeg', level: 'district', villageCount: 10 },
        { code: '51.02.05', name: 'Tabanan', level: 'district', villageCount: 12 },
        { code: '51.02.10', name: 'Pupuan', level: 'district', villageCount: 14 },
      ],
    });
    expect(result.headers?.['cache-control']).toBe('public, max-age=300');
  });

  it('follows the Query pages of a long child list', async () => {
    serveGetItem(dynamo, fixtureRegionItems());
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [marshall(district('51.02.01', 'Selemadeg', 10))],
        LastEvaluatedKey: { PK: { S: 'x' }, SK: { S: 'y' } },
      })
      .resolvesOnce({ Items: [marshall(district('51.02.02', 'Selemadeg Timur', 10))] });

    const result = await get('51.02');

    expect((bodyOf(result).children as unknown[]).length).toBe(2);
    expect(dynamo.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      PK: { S: 'x' },
      SK: { S: 'y' },
    });
  });

  it.each(['51', '51.03', 'ID', '52.01.01.2001'])(
    'answers 404 for %s outside the scope without calling DynamoDB',
    async (code) => {
      const result = await get(code);

      expect(result.statusCode).toBe(404);
      expect(bodyOf(result)).toEqual({
        message: 'Wilayah dengan kode tersebut tidak ditemukan dalam wilayah layanan 51.02.',
        messageEn: "No region with that code exists within this deployment's area (51.02).",
      });
      expect(dynamo.calls()).toHaveLength(0);
    },
  );

  it.each(['51.2', 'tabanan', '51.02.', '../51.02'])(
    'answers 404 for the malformed code %j without calling DynamoDB',
    async (code) => {
      const result = await get(code);

      expect(result.statusCode).toBe(404);
      expect(dynamo.calls()).toHaveLength(0);
    },
  );

  it('answers 404 for a well-formed code of the scope that does not exist', async () => {
    serveGetItem(dynamo, fixtureRegionItems());
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const result = await get('51.02.99');

    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(1);
  });
});
