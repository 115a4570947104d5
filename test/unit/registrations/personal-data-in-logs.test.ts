import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsServiceError } from '../../../shared/platform/aws/json-client.js';
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { claimSlot } from '../../../shared/registrations/dynamodb/items.js';
import { lambdaContext, postRegistrationEvent } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import {
  fixtureRegionItems,
  mockDynamoDb,
  serveGetItem,
  transactionCanceled,
} from '../../fixtures/dynamodb-mock.js';
import {
  personalDataOfFixture,
  registrationBody,
  registrationBodyWith,
} from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
// Log everything the functions could log, so nothing hides below the default level.
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
const { handler } = await import('../../../functions/registrations/create-registration.js');

const dynamo = mockDynamoDb();
let output: CapturedOutput;

beforeEach(() => {
  dynamo.reset();
  serveGetItem(dynamo, fixtureRegionItems());
  dynamo.on(TransactWriteItemsCommand).resolves({});
  dynamo.on(PutItemCommand).resolves({});
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

/** Asserts that some lines were logged and that none carries personal data of the fixture. */
const expectNoPersonalData = (lines: readonly string[]) => {
  expect(lines.length).toBeGreaterThan(0);
  const leaks = lines.flatMap((line) => personalDataOfFixture.filter((personal) => line.includes(personal)));
  expect(leaks).toEqual([]);
  // Logged numbers in any other spelling would still be personal data.
  expect(lines.join('\n')).not.toMatch(/8123456789[0-2]/);
};

describe('logs of POST /registrations carry no personal data', () => {
  it('on 201', async () => {
    const result = await handler(
      postRegistrationEvent(registrationBody(), { 'idempotency-key': 'k-201' }),
      lambdaContext('create-registration'),
    );

    expect(result.statusCode).toBe(201);
    expect(output.lines().some((line) => line.includes('Registration created'))).toBe(true);
    expectNoPersonalData(output.lines());
  });

  it('on 400, with bad officers and contact next to the good ones', async () => {
    const body = registrationBodyWith({ memberCount: 'dua belas' });
    body.officers = [
      { role: 'KETUA', name: 'I Made Sudarma', phone: '081234567890', email: 'made@example.id' },
      { role: 'SEKRETARIS', name: 'Ni Luh Ayu\u0000', phone: '+6281234567891' },
      { role: 'BENDAHARA', name: 'I Wayan Karya', phone: '0812-3456-7892 ext' },
    ];
    body.contact = { email: 'kim.dajanpeken@example.id', phone: '081234567890', fax: '081234567890' };

    const result = await handler(postRegistrationEvent(body), lambdaContext('create-registration'));

    expect(result.statusCode).toBe(400);
    expect(output.lines().some((line) => line.includes('Request refused'))).toBe(true);
    expectNoPersonalData(output.lines());
  });

  it('on 409, whose refusal carries the whole registration holding the claim', async () => {
    dynamo.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
        Item: marshall({
          ...registrationBody(),
          PK: `REG#${claimSlot('51.02.05.2006', '141/12/dp/2025')}`,
          SK: 'REG',
          type: 'REGISTRATION',
          id: '01JZ0000000000000000000001',
          skNumberNormalized: '141/12/dp/2025',
        }),
      }),
    );

    const result = await handler(
      postRegistrationEvent(registrationBody()),
      lambdaContext('create-registration'),
    );

    expect(result.statusCode).toBe(409);
    expectNoPersonalData(output.lines());
  });

  it('on 500', async () => {
    dynamo.on(PutItemCommand).rejects(
      new AwsServiceError({
        name: 'ThrottlingException',
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const result = await handler(
      postRegistrationEvent(registrationBody()),
      lambdaContext('create-registration'),
    );

    expect(result.statusCode).toBe(500);
    expect(output.lines().some((line) => line.includes('Unhandled error'))).toBe(true);
    expectNoPersonalData(output.lines());
  });

  it('on 500 from a cancelled transaction, whose error carries the written items', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejects(transactionCanceled([{ Code: 'ValidationError' }, { Code: 'None' }, { Code: 'None' }]));
    // The slot's registration moved to another SK number: the new one and, with a key, its record
    // are written beside it in one transaction.
    dynamo.on(PutItemCommand).callsFake((input: { Item?: Record<string, { S?: string }> }) => {
      if (input.Item?.type?.S !== 'REGISTRATION') return {};
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
        Item: marshall({
          PK: `REG#${claimSlot('51.02.05.2006', '141/12/dp/2025')}`,
          SK: 'REG',
          type: 'REGISTRATION',
          id: '01JZ0000000000000000000003',
          villageCode: '51.02.05.2006',
          skNumberNormalized: '7/moved/2024',
        }),
      });
    });
    const result = await handler(
      postRegistrationEvent(registrationBody(), { 'idempotency-key': 'k-cancelled' }),
      lambdaContext('create-registration'),
    );

    expect(result.statusCode).toBe(500);
    expectNoPersonalData(output.lines());
  });
});
