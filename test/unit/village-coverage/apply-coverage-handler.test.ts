import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import { AwsServiceError } from '../../../shared/platform/aws/json-client.js';
import {
  BatchGetItemCommand,
  dynamoDbClient,
  TransactWriteItemsCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { DynamoDbCoverageStore } from '../../../shared/village-coverage/dynamodb/coverage-store.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { mockDynamoDb, transactionCanceled } from '../../fixtures/dynamodb-mock.js';

vi.stubEnv('TABLE_NAME', 'kim-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { applyCoverage } = await import('../../../functions/village-coverage/apply-coverage.js');

const dynamo = mockDynamoDb();
let output: CapturedOutput;

const event = (overrides: Partial<RegistrationEvent> = {}): RegistrationEvent => ({
  eventId: 'evt-1',
  registrationId: '01JDCOVERAGE0000000000000A',
  version: 1,
  villageCode: '51.02.01.2001',
  oldVillageCode: null,
  oldStatus: null,
  newStatus: 'SUBMITTED',
  at: '2026-11-27T01:00:00.000Z',
  ...overrides,
});

const record = (messageId: string, body: unknown): SQSRecord =>
  ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:coverage',
    awsRegion: 'ap-southeast-3',
  }) as SQSRecord;

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

const applyBatch = applyCoverage({
  coverage: new DynamoDbCoverageStore(dynamoDbClient, 'kim-test', { backoffBaseMs: 1, random: () => 0 }),
  backoff: () => Promise.resolve(),
});
const consumer = (event: SQSEvent) => applyBatch(event, lambdaContext('apply-coverage', 30));

beforeEach(() => {
  output = captureOutput();
  dynamo.reset();
  dynamo.on(BatchGetItemCommand).resolves({ Responses: { 'kim-test': [] } });
});
afterAll(() => output.restore());

describe('applyCoverage (coverage queue consumer)', () => {
  it('retries a transaction cancelled by a concurrent one (TransactionConflict) and by throttling, then acknowledges', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }]))
      .rejectsOnce(transactionCanceled([{ Code: 'None' }, { Code: 'ThrottlingError' }]))
      .resolves({});

    const result = await consumer(batch(record('m1', event())));

    expect(result.batchItemFailures).toEqual([]);
    const calls = dynamo.commandCalls(TransactWriteItemsCommand);
    expect(calls).toHaveLength(3);
    // The same plan every time: the village created once, every region above it added to.
    const items = calls[2]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(items.slice(1).map((item) => unmarshall(item.Update?.Key ?? {}).SK)).toEqual([
      'COV#51.02.01#0',
      'COV#51.02#0',
      'COV#51#0',
      'COV#ID#0',
    ]);
  });

  it('fails only the messages of a group whose writes stay throttled; a redelivery then applies them', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(
      new AwsServiceError({
        name: 'ThrottlingException',
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const first = await consumer(batch(record('m1', event())));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);

    dynamo.on(TransactWriteItemsCommand).resolves({});
    const second = await consumer(batch(record('m1', event())));
    expect(second.batchItemFailures).toEqual([]);
  });

  it('re-reads and re-plans when another consumer changed a village in between (condition failed)', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]))
      .resolves({});

    const result = await consumer(batch(record('m1', event())));

    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(BatchGetItemCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(2);
  });

  it('fails a malformed message alone and applies the others', async () => {
    dynamo.on(TransactWriteItemsCommand).resolves({});

    const result = await consumer(
      batch(record('bad-json', '{'), record('bad-shape', { eventId: 'x' }), record('good', event())),
    );

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'bad-json' },
      { itemIdentifier: 'bad-shape' },
    ]);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it('writes nothing for an event the village already counted', async () => {
    dynamo.on(BatchGetItemCommand).resolves({
      Responses: {
        'kim-test': [
          {
            code: { S: '51.02.01.2001' },
            districtCode: { S: '51.02.01' },
            rev: { N: '3' },
            registrations: {
              M: { '01JDCOVERAGE0000000000000A': { M: { s: { S: 'VERIFIED' }, v: { N: '2' } } } },
            },
          },
        ],
      },
    });

    const result = await consumer(batch(record('m1', event())));

    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });
});
