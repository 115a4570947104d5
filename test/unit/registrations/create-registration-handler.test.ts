import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsServiceError } from '../../../shared/platform/aws/json-client.js';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '../../../shared/platform/dynamodb/client.js';
import { claimSlot } from '../../../shared/registrations/dynamodb/items.js';
import { sha256Hex } from '../../../shared/registrations/edit-token.js';
import { bodyOf, lambdaContext, postRegistrationEvent } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import {
  fixtureRegionItems,
  mockDynamoDb,
  serveGetItem,
  transactionCanceled,
} from '../../fixtures/dynamodb-mock.js';
import { registrationBody, registrationBodyWith } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { handler } = await import('../../../functions/registrations/create-registration.js');

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
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

const send = (body: unknown, headers: Record<string, string> = {}) =>
  handler(postRegistrationEvent(body, headers), lambdaContext('create-registration'));

/** The slot of the fixture body's (village, normalised SK number). */
const SLOT = claimSlot('51.02.05.2006', '141/12/dp/2025');

/** The item at the fixture's slot: a registration that holds the claim itself. */
const holderItem = (id: string) => ({
  PK: `REG#${SLOT}`,
  SK: 'REG',
  type: 'REGISTRATION',
  id,
  villageCode: '51.02.05.2006',
  skNumberNormalized: '141/12/dp/2025',
});

/** The error of a PutItem whose condition failed, with the item found when DynamoDB returns it. */
const conditionFailedPut = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    ...(item ? { Item: marshall(item) } : {}),
  });

/** The inputs of the PutItem calls made. */
const putInputs = () => dynamo.commandCalls(PutItemCommand).map((call) => call.args[0].input);

/** The item at the fixture's slot: a registration that has moved to another SK number since. */
const movedItem = (id: string) => ({ ...holderItem(id), skNumberNormalized: '7/moved/2024' });

/** PutItem answers by the item's type: refused with `found` for that type, else written. */
const refusePuts = (found: {
  readonly record?: Record<string, unknown>;
  readonly slot?: Record<string, unknown>;
}) =>
  dynamo.on(PutItemCommand).callsFake((input: { Item?: Record<string, { S?: string }> }) => {
    const refusedWith = input.Item?.type?.S === 'IDEMPOTENCY' ? found.record : found.slot;
    if (refusedWith) throw conditionFailedPut(refusedWith);
    return {};
  });

describe('POST /registrations handler', () => {
  it('answers 201 with the Location of the new registration', async () => {
    const result = await send(registrationBody());

    const body = bodyOf(result);
    expect(result.statusCode).toBe(201);
    expect(body).toMatchObject({
      name: 'KIM Dajan Peken Informatif',
      status: 'SUBMITTED',
      villageCode: '51.02.05.2006',
      villageName: 'Dajan Peken',
      districtCode: '51.02.05',
    });
    expect(body.id).toMatch(ULID);
    expect(body.editToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.headers?.location).toBe(`/registrations/${body.id}`);
    expect(result.headers?.['idempotent-replayed']).toBeUndefined();
  });

  it("writes the registration as its own SK claim with one conditional PutItem at the claim's slot, and nothing else", async () => {
    const result = await send(registrationBody());

    const { id, editToken } = bodyOf(result);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    const puts = putInputs();
    expect(puts).toHaveLength(1);
    expect(String(id).slice(-16)).toBe(SLOT);
    expect(unmarshall(puts[0]?.Item ?? {})).toMatchObject({
      PK: `REG#${SLOT}`,
      SK: 'REG',
      type: 'REGISTRATION',
      status: 'SUBMITTED',
      id,
      villageCode: '51.02.05.2006',
      skNumberNormalized: '141/12/dp/2025',
      countryCode: 'ID',
      editTokenHash: sha256Hex(String(editToken)),
    });
    expect(puts[0]?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(puts[0]?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(JSON.stringify(puts)).not.toContain(String(editToken));
  });

  it('writes the idempotency record, keyed by the hash of the key, then the registration: two conditional PutItems, no transaction', async () => {
    const result = await send(registrationBody(), { 'Idempotency-Key': 'kim-dajan-peken-1' });

    expect(result.statusCode).toBe(201);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    const puts = putInputs();
    expect(puts).toHaveLength(2);
    expect(unmarshall(puts[0]?.Item ?? {})).toMatchObject({
      PK: `IDEMPOTENCY#POST /registrations#${sha256Hex('kim-dajan-peken-1')}`,
      SK: 'IDEMPOTENCY',
      type: 'IDEMPOTENCY',
      keyHash: sha256Hex('kim-dajan-peken-1'),
      sealedEditToken: expect.stringMatching(/^v1\./),
      editTokenHash: sha256Hex(String(bodyOf(result).editToken)),
      response: { id: bodyOf(result).id },
    });
    expect(puts[0]?.ConditionExpression).toBe('attribute_not_exists(PK) OR expiresAt < :now');
    expect(puts[0]?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(unmarshall(puts[1]?.Item ?? {})).toMatchObject({
      PK: `REG#${SLOT}`,
      SK: 'REG',
      type: 'REGISTRATION',
      id: bodyOf(result).id,
    });
    expect(puts[1]?.ConditionExpression).toBe('attribute_not_exists(PK)');
    const written = JSON.stringify(puts);
    expect(written).not.toContain('kim-dajan-peken-1');
    expect(written).not.toContain(String(bodyOf(result).editToken));
  });

  it('replays the stored answer byte for byte for the same key and body, and refuses another body with 422', async () => {
    const first = await send(registrationBody(), { 'idempotency-key': 'k1' });
    const [record, stored] = putInputs().map((input) => unmarshall(input.Item ?? {}));
    if (!record || !stored) throw new Error('no idempotency record or registration was written');
    dynamo.reset();
    serveGetItem(dynamo, fixtureRegionItems());
    refusePuts({ record, slot: stored });

    const replay = await send(registrationBody(), { 'idempotency-key': 'k1' });
    const afterReplay = putInputs().length;
    const other = await send(registrationBodyWith({ memberCount: 13 }), { 'idempotency-key': 'k1' });

    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(first.body);
    expect(replay.headers?.location).toBe(first.headers?.location);
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect(other.statusCode).toBe(422);
    expect(bodyOf(other)).toEqual({
      message: 'Idempotency-Key ini sudah dipakai untuk isi permintaan yang berbeda.',
      messageEn: 'This Idempotency-Key was already used with a different request body.',
    });
    // Every write was a conditional one that the stored items refused: nothing was written.
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(DeleteItemCommand)).toHaveLength(0);
    const puts = putInputs();
    expect(puts.map((input) => unmarshall(input.Item ?? {}).type)).toEqual([
      'IDEMPOTENCY',
      'REGISTRATION',
      'IDEMPOTENCY',
    ]);
    expect(afterReplay).toBe(2);
  });

  it('replays the winner when a concurrent request took the key first', async () => {
    const first = await send(registrationBody(), { 'idempotency-key': 'k1' });
    const [record, stored] = putInputs().map((input) => unmarshall(input.Item ?? {}));
    if (!record || !stored) throw new Error('no idempotency record or registration was written');
    refusePuts({ record, slot: stored });

    const loser = await send(registrationBody(), { 'idempotency-key': 'k1' });

    expect(loser.statusCode).toBe(201);
    expect(loser.body).toBe(first.body);
  });

  it('completes a request that stopped after its record: a retry writes the registration from the record', async () => {
    const first = await send(registrationBody(), { 'idempotency-key': 'k-crash' });
    const [record, stored] = putInputs().map((input) => unmarshall(input.Item ?? {}));
    if (!record || !stored) throw new Error('no idempotency record or registration was written');
    dynamo.reset();
    serveGetItem(dynamo, fixtureRegionItems());
    // The record is stored, the registration is not.
    refusePuts({ record });

    const retry = await send(registrationBody(), { 'idempotency-key': 'k-crash' });

    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    const rewritten = unmarshall(putInputs()[1]?.Item ?? {});
    expect(rewritten).toEqual(stored);
  });

  it('answers 409 with the existing id when the SK claim is taken (id returned with the failure)', async () => {
    dynamo.on(PutItemCommand).rejects(conditionFailedPut(holderItem('01JZ0000000000000000000001')));

    const result = await send(registrationBody());

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      message: 'KIM dengan nomor SK ini sudah terdaftar untuk desa tersebut.',
      messageEn: 'A KIM with this SK number is already registered for this village.',
      existingId: '01JZ0000000000000000000001',
    });
  });

  it('answers 409 with a key and takes its idempotency record away again, so nothing is left', async () => {
    refusePuts({ slot: holderItem('01JZ0000000000000000000001') });
    dynamo.on(DeleteItemCommand).resolves({});

    const result = await send(registrationBody(), { 'idempotency-key': 'k-duplicate' });

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result).existingId).toBe('01JZ0000000000000000000001');
    const record = unmarshall(putInputs()[0]?.Item ?? {});
    const deletes = dynamo.commandCalls(DeleteItemCommand).map((call) => call.args[0].input);
    expect(deletes).toHaveLength(1);
    expect(unmarshall(deletes[0]?.Key ?? {})).toEqual({ PK: record.PK, SK: 'IDEMPOTENCY' });
    // Only while it still names the slot: a request with the same key may have stored it beside.
    expect(deletes[0]?.ConditionExpression).toBe('bodyHash = :bodyHash AND #response.#id = :slotId');
    expect(unmarshall(deletes[0]?.ExpressionAttributeValues ?? {})).toEqual({
      ':bodyHash': record.bodyHash,
      ':slotId': record.response.id,
    });
  });

  it.each([['with a key', { 'idempotency-key': 'k-lost-answer' }]])(
    'answers 201, not a replay, when a client retry of a PutItem whose answer was lost is refused by its own item (%s)',
    async (_, headers: Record<string, string>) => {
      // Each PutItem reached DynamoDB, its answer was lost, and the client's retry met the item it wrote.
      dynamo.on(PutItemCommand).callsFake((input) => {
        throw conditionFailedPut(unmarshall(input.Item ?? {}));
      });

      const result = await send(registrationBody(), headers);

      expect(result.statusCode).toBe(201);
      expect(result.headers?.['idempotent-replayed']).toBeUndefined();
      const stored = putInputs()
        .map((input) => unmarshall(input.Item ?? {}))
        .find((item) => item.type === 'REGISTRATION');
      expect(stored).toMatchObject({
        id: bodyOf(result).id,
        editTokenHash: sha256Hex(String(bodyOf(result).editToken)),
      });
      expect(dynamo.commandCalls(DeleteItemCommand)).toHaveLength(0);
    },
  );

  it('answers 409 with the existing id read back when the failure carries no item', async () => {
    serveGetItem(dynamo, [...fixtureRegionItems(), holderItem('01JZ0000000000000000000002')]);
    dynamo.on(PutItemCommand).rejects(conditionFailedPut());

    const result = await send(registrationBody());

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result).existingId).toBe('01JZ0000000000000000000002');
    const claimRead = dynamo
      .commandCalls(GetItemCommand)
      .map((call) => call.args[0].input)
      .find((input) => unmarshall(input.Key ?? {}).PK === `REG#${SLOT}`);
    expect(claimRead?.ConsistentRead).toBe(true);
  });

  it('retries a transaction cancelled by a conflicting one, then answers 201', async () => {
    const conflict = () =>
      transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }]);
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});
    // The slot's registration moved to another SK number: the new one is stored beside it, and
    // with a key its record is written again in that transaction.
    refusePuts({ slot: movedItem('01JZ0000000000000000000003') });

    const result = await send(registrationBody(), { 'idempotency-key': 'k-conflict' });

    expect(result.statusCode).toBe(201);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(3);
    const ids = dynamo
      .commandCalls(TransactWriteItemsCommand)
      .map((call) => unmarshall(call.args[0].input.TransactItems?.[1]?.Put?.Item ?? {}).id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe(bodyOf(result).id);
    const record = unmarshall(
      dynamo.commandCalls(TransactWriteItemsCommand)[2]?.args[0].input.TransactItems?.[2]?.Put?.Item ?? {},
    );
    expect(record).toMatchObject({ type: 'IDEMPOTENCY', response: { id: bodyOf(result).id } });
  });

  it.each([['ThrottlingError'], ['ProvisionedThroughputExceeded']])(
    'retries a submission cancelled by throttling of one item (%s), then answers 201, as a review is',
    async (code) => {
      const throttled = () => transactionCanceled([{ Code: 'None' }, { Code: code }, { Code: 'None' }]);
      dynamo.on(TransactWriteItemsCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
      refusePuts({ slot: movedItem('01JZ0000000000000000000003') });

      const result = await send(registrationBody(), { 'idempotency-key': `k-${code}` });

      expect(result.statusCode).toBe(201);
      expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(3);
    },
  );

  it('writes again when the claim that refused it is gone by the time it is read, then answers 201', async () => {
    dynamo.on(PutItemCommand).rejectsOnce(conditionFailedPut()).resolves({});

    const result = await send(registrationBody());

    expect(result.statusCode).toBe(201);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(2);
    const claimReads = dynamo
      .commandCalls(GetItemCommand)
      .filter((call) => unmarshall(call.args[0].input.Key ?? {}).PK === `REG#${SLOT}`);
    expect(claimReads).toHaveLength(1);
  });

  it('answers a generic 500 when claims keep refusing the write and vanishing, after 3 writes', async () => {
    dynamo.on(PutItemCommand).rejects(conditionFailedPut());

    const result = await send(registrationBody());

    expect(result.statusCode).toBe(500);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(3);
  });

  it('gives up after repeated conflicts with a generic 500', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .rejects(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }]));
    refusePuts({ slot: movedItem('01JZ0000000000000000000003') });
    const context = lambdaContext('create-registration');

    const result = await handler(
      postRegistrationEvent(registrationBody(), { 'idempotency-key': 'k-give-up' }),
      context,
    );

    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({
      message: 'Terjadi kesalahan pada server. Silakan coba lagi.',
      messageEn: 'Internal server error. Please try again.',
      requestId: context.awsRequestId,
    });
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(6);
  });

  it.each([
    [
      'ProvisionedThroughputExceededException',
      () =>
        new AwsServiceError({
          name: 'ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded',
          $metadata: { httpStatusCode: 400 },
        }),
    ],
    [
      'ThrottlingException',
      () =>
        new AwsServiceError({
          name: 'ThrottlingException',
          message: 'Rate of requests exceeds the allowed throughput',
          $metadata: { httpStatusCode: 400 },
        }),
    ],
  ])('answers a %s that survives the client retries with a generic 500', async (name, error) => {
    dynamo.on(PutItemCommand).rejects(error());
    const context = lambdaContext('create-registration');

    const result = await handler(postRegistrationEvent(registrationBody()), context);

    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({
      message: 'Terjadi kesalahan pada server. Silakan coba lagi.',
      messageEn: 'Internal server error. Please try again.',
      requestId: context.awsRequestId,
    });
    expect(result.body).not.toMatch(new RegExp(`${name}|throughput|Exception|at `, 'i'));
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it('answers a failing region read with a generic 500', async () => {
    dynamo.on(GetItemCommand).rejects(
      new AwsServiceError({
        name: 'ThrottlingException',
        message: 'slow down',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // A village no earlier test looked up: villages found are cached for the container's life.
    const result = await send(registrationBodyWith({ villageCode: '51.02.10.2001' }));

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/slow down/);
  });

  it('answers 400 with every bad field and writes nothing', async () => {
    const result = await send(registrationBodyWith({ memberCount: 101, villageCode: '51.02.05.2999' }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      message: 'Permintaan berisi isian yang tidak valid.',
      messageEn: 'The request has invalid fields.',
      errors: [
        { field: 'memberCount', message: 'Harus maksimal 100.', messageEn: 'Must be at most 100.' },
        {
          field: 'villageCode',
          message: 'Desa dengan kode 51.02.05.2999 tidak ditemukan.',
          messageEn: 'No village with code 51.02.05.2999 exists.',
        },
      ],
    });
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('refuses an out-of-scope village without any DynamoDB call', async () => {
    const result = await send(registrationBodyWith({ villageCode: '51.71.01.1001' }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).errors).toEqual([
      {
        field: 'villageCode',
        message: 'Desa 51.71.01.1001 berada di luar wilayah layanan ini (51.02).',
        messageEn: 'Village 51.71.01.1001 is outside the area this deployment serves (51.02).',
      },
    ]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 415 for text/plain and 413 over 64 KB, without any DynamoDB call', async () => {
    const plain = await send(JSON.stringify(registrationBody()), { 'content-type': 'text/plain' });
    const large = await send(registrationBodyWith({ name: 'K'.repeat(70_000) }));

    expect(plain.statusCode).toBe(415);
    expect(large.statusCode).toBe(413);
    expect(bodyOf(large)).toEqual({
      message: 'Isi permintaan melebihi batas 64 KB.',
      messageEn: 'The request body exceeds the 64 KB limit.',
    });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 for malformed JSON, naming the body', async () => {
    const result = await send('{"name": "KIM Dajan Peken",');

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      message: 'Isi permintaan bukan JSON yang valid.',
      messageEn: 'The request body is not valid JSON.',
      errors: [
        {
          field: '(body)',
          message: 'Isi permintaan bukan JSON yang valid.',
          messageEn: 'The request body is not valid JSON.',
        },
      ],
    });
  });

  it.each([
    ['a deeply nested array', (depth: number) => `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`],
    ['deeply nested objects', (depth: number) => `{"sk":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`],
    ['a deeply nested body', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`],
  ])('answers %s within 64 KB with 400, not 500', async (_kind, nested) => {
    const raw = nested(6_000);

    const result = await send(raw, { 'idempotency-key': 'deep-1' });

    expect(raw.length).toBeLessThan(64 * 1024);
    expect(result.statusCode).toBe(400);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('answers 400 for an invalid Idempotency-Key header', async () => {
    const result = await send(registrationBody(), { 'idempotency-key': 'two words' });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).errors).toEqual([
      {
        field: 'Idempotency-Key',
        message: 'Header Idempotency-Key harus 1–255 karakter ASCII yang terlihat.',
        messageEn: 'The Idempotency-Key header must be 1–255 visible ASCII characters.',
      },
    ]);
  });

  it('logs the outcome with the request ids as structured JSON', async () => {
    const context = lambdaContext('create-registration');
    const event = postRegistrationEvent(registrationBody());

    const result = await handler(event, context);

    const created = output.jsonLines().find((line) => line.message === 'Registration created');
    expect(created).toMatchObject({
      level: 'INFO',
      registrationId: bodyOf(result).id,
      villageCode: '51.02.05.2006',
      function_request_id: context.awsRequestId,
      apiRequestId: event.requestContext.requestId,
    });
  });
});
