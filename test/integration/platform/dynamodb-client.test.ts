import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { createTestTable, localDynamoDbClient } from '../../fixtures/dynamodb.js';

/** The table client against DynamoDB Local: what its wire format means to a real DynamoDB. */
const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;

beforeAll(async () => {
  tableName = await createTestTable(client, 'kim-client');
});

type Item = Record<string, AttributeValue>;

const key = (pk: string, sk: string): Item => ({ PK: { S: pk }, SK: { S: sk } });

const get = async (pk: string, sk: string) =>
  (await client.send(new GetItemCommand({ TableName: tableName, Key: key(pk, sk), ConsistentRead: true })))
    .Item;

describe('DynamoDbClient against DynamoDB Local', () => {
  it('writes and reads back every attribute type the table uses (S, N, BOOL, NULL, M, L, SS)', async () => {
    const item: Item = {
      ...key('CLIENT#types', 'ITEM'),
      name: { S: 'KIM Sinar Tuka — Desa Tuka ✓ "kutip" \\ garis miring' },
      empty: { S: '' },
      count: { N: '42' },
      ratio: { N: '-0.125' },
      large: { N: '12345678901234567890123456789' },
      active: { BOOL: true },
      archived: { BOOL: false },
      note: { NULL: true },
      address: {
        M: {
          village: { S: 'Tuka' },
          code: { N: '5102' },
          nested: { M: { deep: { L: [{ S: 'a' }, { N: '1' }, { NULL: true }] } } },
        },
      },
      history: {
        L: [{ M: { at: { S: '2025-07-01T03:00:00.000Z' }, by: { S: 'officer' } } }, { BOOL: true }],
      },
      emptyList: { L: [] },
      emptyMap: { M: {} },
      tags: { SS: ['desa', 'kim', 'tuka'] },
    };

    const put = await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
    const read = await get('CLIENT#types', 'ITEM');

    expect(put).toEqual({});
    expect(read).toEqual({ ...item, tags: { SS: expect.arrayContaining(['desa', 'kim', 'tuka']) } });
    expect(read?.tags?.SS).toHaveLength(3);
  });

  it('answers nothing for a missing item, and the old item when a write asks for it', async () => {
    expect(await get('CLIENT#missing', 'ITEM')).toBeUndefined();

    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key('CLIENT#old', 'ITEM'), v: { N: '1' } } }),
    );
    const updated = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key('CLIENT#old', 'ITEM'),
        UpdateExpression: 'SET v = v + :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const deleted = await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: key('CLIENT#old', 'ITEM'),
        ReturnValues: 'ALL_OLD',
      }),
    );

    expect(updated.Attributes).toEqual({ ...key('CLIENT#old', 'ITEM'), v: { N: '2' } });
    expect(deleted.Attributes).toEqual({ ...key('CLIENT#old', 'ITEM'), v: { N: '2' } });
    expect(await get('CLIENT#old', 'ITEM')).toBeUndefined();
  });

  it('throws ConditionalCheckFailedException with the stored item when the write asks for ALL_OLD', async () => {
    const stored: Item = { ...key('CLIENT#condition', 'ITEM'), version: { N: '3' }, name: { S: 'Asli' } };
    await client.send(new PutItemCommand({ TableName: tableName, Item: stored }));

    const failure = await client
      .send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key('CLIENT#condition', 'ITEM'), version: { N: '4' }, name: { S: 'Baru' } },
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect(failure).toMatchObject({
      name: 'ConditionalCheckFailedException',
      Item: stored,
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect((failure as Error).message).toMatch(/conditional request failed/i);
    expect(await get('CLIENT#condition', 'ITEM')).toEqual(stored);
  });

  it('throws ConditionalCheckFailedException without an item when the write does not ask for it', async () => {
    const failure = await client
      .send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key('CLIENT#absent', 'ITEM'),
          UpdateExpression: 'SET v = :v',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':v': { N: '1' } },
        }),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect(failure).not.toHaveProperty('Item');
    expect(await get('CLIENT#absent', 'ITEM')).toBeUndefined();
  });

  it('throws TransactionCanceledException with one reason per action, in order, and writes nothing', async () => {
    const stored: Item = { ...key('CLIENT#tx', 'HELD'), holder: { S: 'first' } };
    await client.send(new PutItemCommand({ TableName: tableName, Item: stored }));

    const failure = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...key('CLIENT#tx', 'NEW'), v: { N: '1' } } } },
            {
              Put: {
                TableName: tableName,
                Item: { ...key('CLIENT#tx', 'HELD'), holder: { S: 'second' } },
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransactionCanceledException);
    const reasons = (failure as TransactionCanceledException).CancellationReasons;
    expect(reasons).toHaveLength(2);
    expect(reasons?.[0]?.Code).toBe('None');
    expect(reasons?.[1]).toMatchObject({ Code: 'ConditionalCheckFailed', Item: stored });
    expect(failure).toMatchObject({
      name: 'TransactionCanceledException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await get('CLIENT#tx', 'NEW')).toBeUndefined();
    expect(await get('CLIENT#tx', 'HELD')).toEqual(stored);
  });

  it('commits a transaction whose conditions hold', async () => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: key('CLIENT#tx-ok', 'A'),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Put: { TableName: tableName, Item: key('CLIENT#tx-ok', 'B') } },
        ],
      }),
    );

    expect(await get('CLIENT#tx-ok', 'A')).toEqual(key('CLIENT#tx-ok', 'A'));
    expect(await get('CLIENT#tx-ok', 'B')).toEqual(key('CLIENT#tx-ok', 'B'));
  });

  it('pages a Query with Limit and LastEvaluatedKey, every item once, in key order', async () => {
    const sortKeys = Array.from({ length: 7 }, (_, index) => `ITEM#${String(index).padStart(2, '0')}`);
    for (const sk of sortKeys) {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: { ...key('CLIENT#page', sk), n: { N: '1' } } }),
      );
    }

    const pages: string[][] = [];
    let startKey: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': { S: 'CLIENT#page' }, ':prefix': { S: 'ITEM#' } },
          Limit: 3,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      expect(page.Count).toBe(page.Items?.length);
      pages.push((page.Items ?? []).map((item) => String(item.SK?.S)));
      startKey = page.LastEvaluatedKey;
      if (startKey) expect(startKey).toEqual(key('CLIENT#page', pages.at(-1)?.at(-1) ?? ''));
    } while (startKey && pages.length < 10);

    expect(pages.slice(0, 3)).toEqual([sortKeys.slice(0, 3), sortKeys.slice(3, 6), sortKeys.slice(6)]);
    expect(pages.flat()).toEqual(sortKeys);
  });

  it('reads a Query backwards', async () => {
    for (const sk of ['B#1', 'B#2', 'B#3']) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: key('CLIENT#backwards', sk) }));
    }

    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'CLIENT#backwards' } },
        ScanIndexForward: false,
        Limit: 2,
      }),
    );

    expect(page.Items?.map((item) => item.SK?.S)).toEqual(['B#3', 'B#2']);
    expect(page.LastEvaluatedKey).toEqual(key('CLIENT#backwards', 'B#2'));
  });

  it('writes with BatchWriteItem and reads with BatchGetItem', async () => {
    const items: Item[] = Array.from({ length: 5 }, (_, index) => ({
      ...key('CLIENT#batch', `ITEM#${index}`),
      index: { N: String(index) },
      label: { S: `Butir ${index}` },
    }));
    await client.send(new PutItemCommand({ TableName: tableName, Item: key('CLIENT#batch', 'GONE') }));

    const written = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tableName]: [
            ...items.map((Item) => ({ PutRequest: { Item } })),
            { DeleteRequest: { Key: key('CLIENT#batch', 'GONE') } },
          ],
        },
      }),
    );
    const read = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [tableName]: {
            Keys: [
              ...items.map((item) => key('CLIENT#batch', String(item.SK?.S))),
              key('CLIENT#batch', 'GONE'),
            ],
            ConsistentRead: true,
          },
        },
      }),
    );

    expect(written.UnprocessedItems ?? {}).toEqual({});
    expect(read.UnprocessedKeys ?? {}).toEqual({});
    const got = read.Responses?.[tableName] ?? [];
    expect(got).toHaveLength(5);
    expect([...got].sort((a, b) => Number(a.index?.N) - Number(b.index?.N))).toEqual(items);
  });

  it('throws the service’s validation error as an AwsServiceError named by it, sent once', async () => {
    const failure = await client
      .send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: 'CLIENT#invalid' } } }))
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(failure).not.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('throws ResourceNotFoundException for a table that does not exist', async () => {
    const failure = await client
      .send(new GetItemCommand({ TableName: `${tableName}-missing`, Key: key('A', 'A') }))
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
  });
});
