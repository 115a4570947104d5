import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GetItemCommand,
  type GetItemCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '../../../shared/platform/dynamodb/client.js';
import { keys } from '../../../shared/platform/dynamodb/table.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { ADMIN_SUB, adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { mockDynamoDb, transactionCanceled } from '../../fixtures/dynamodb-mock.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { handler } = await import('../../../functions/registrations/review-registration.js');

const ID = '01JZ0000000000000000000007';
const dynamo = mockDynamoDb();
let output: CapturedOutput;

/** Serves the registration as it stands after each read: `states[0]`, then `states[1]`, … */
const serveRegistration = (...states: Registration[]) => {
  let reads = 0;
  dynamo.on(GetItemCommand).callsFake((input: GetItemCommandInput) => {
    const key = unmarshall(input.Key ?? {});
    const state = states[Math.min(reads++, states.length - 1)];
    return key.PK === keys.registration(ID).PK && state
      ? {
          Item: marshall(
            { PK: key.PK, SK: 'REG', type: 'REGISTRATION', ...state },
            { removeUndefinedValues: true },
          ),
        }
      : {};
  });
};

beforeEach(() => {
  dynamo.reset();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const send = (action: 'verify' | 'reject' | 'deactivate', body?: unknown, claims = adminClaims()) =>
  handler(
    adminEvent(
      {
        method: 'POST',
        path: `/admin/registrations/${ID}/${action}`,
        routeKey: `POST /admin/registrations/{id}/${action}`,
        pathParameters: { id: ID },
        ...(body === undefined ? {} : { body }),
      },
      claims,
    ),
    lambdaContext('review-registration'),
  );

const transaction = (call = 0) =>
  dynamo.commandCalls(TransactWriteItemsCommand)[call]?.args[0].input as TransactWriteItemsCommandInput;

describe('POST /admin/registrations/{id}/verify|reject|deactivate handler', () => {
  it('updates the registration only if status and version are still those read, and appends the audit entry, in one transaction', async () => {
    serveRegistration(fixtureRegistration(ID, { version: 4 }));
    dynamo.on(TransactWriteItemsCommand).resolves({});

    const result = await send('reject', { reason: 'Nomor SK tidak sesuai arsip.' });

    expect(result.statusCode).toBe(200);
    const [update, put] = transaction().TransactItems ?? [];
    expect(update?.Update?.ConditionExpression).toBe('#status = :from AND version = :version');
    expect(unmarshall(update?.Update?.ExpressionAttributeValues ?? {})).toMatchObject({
      ':from': 'SUBMITTED',
      ':to': 'REJECTED',
      ':version': 4,
    });
    expect(update?.Update?.UpdateExpression).toMatch(
      /^SET #status = :to, updatedAt = :at, version = version \+ :one/,
    );
    expect(unmarshall(put?.Put?.Item ?? {})).toMatchObject({
      PK: keys.registration(ID).PK,
      SK: expect.stringMatching(/^HIST#\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-HJKMNP-TV-Z]{26}$/),
      type: 'HISTORY',
      action: 'REJECT',
      fromStatus: 'SUBMITTED',
      toStatus: 'REJECTED',
      reason: 'Nomor SK tidak sesuai arsip.',
      actor: { sub: ADMIN_SUB, username: 'kominfo-admin', role: 'admin' },
    });
    expect(bodyOf(result)).toMatchObject({
      status: 'REJECTED',
      version: 5,
      rejectionReason: 'Nomor SK tidak sesuai arsip.',
    });
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('retries a transaction cancelled by a conflicting one (TransactionConflict), then answers 200', async () => {
    serveRegistration(fixtureRegistration(ID));
    const conflict = () => transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }]);
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});

    const result = await send('verify');

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).status).toBe('VERIFIED');
    const calls = dynamo.commandCalls(TransactWriteItemsCommand);
    expect(calls).toHaveLength(3);
    const historyKeys = calls.map(
      (call) => unmarshall(call.args[0].input.TransactItems?.[1]?.Put?.Item ?? {}).SK,
    );
    expect(new Set(historyKeys).size).toBe(1);
  });

  it('gives up after repeated conflicts with a generic 500', async () => {
    serveRegistration(fixtureRegistration(ID));
    dynamo
      .on(TransactWriteItemsCommand)
      .rejects(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }]));

    const result = await send('verify');

    expect(result.statusCode).toBe(500);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(6);
  });

  it('answers 409 naming the status another officer left when the condition fails', async () => {
    serveRegistration(fixtureRegistration(ID), fixtureRegistration(ID, { status: 'REJECTED', version: 2 }));
    dynamo
      .on(TransactWriteItemsCommand)
      .rejects(transactionCanceled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]));

    const result = await send('verify');

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      message: 'Pendaftaran ini baru saja diubah oleh orang lain; statusnya sekarang REJECTED.',
      messageEn: 'Someone else changed this registration just now; its status is now REJECTED.',
      currentStatus: 'REJECTED',
    });
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it('answers 409 for a forbidden transition without writing', async () => {
    serveRegistration(fixtureRegistration(ID, { status: 'DEACTIVATED' }));

    const result = await send('verify');

    expect(result.statusCode).toBe(409);
    expect(bodyOf(result).currentStatus).toBe('DEACTIVATED');
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it('answers 401 without claims and 403 for another region, reading nothing for the 401', async () => {
    serveRegistration(fixtureRegistration(ID));
    const { authorizer: _authorizer, ...requestContext } = adminEvent({}).requestContext as unknown as Record<
      string,
      unknown
    >;

    const anonymous = await handler(
      {
        ...adminEvent({
          method: 'POST',
          path: `/admin/registrations/${ID}/verify`,
          routeKey: 'POST /admin/registrations/{id}/verify',
          pathParameters: { id: ID },
        }),
        requestContext,
      } as unknown as Parameters<typeof handler>[0],
      lambdaContext(),
    );
    const reads = dynamo.calls().length;
    const neighbour = await send('verify', undefined, ppidClaims('51.02.01'));

    expect(anonymous.statusCode).toBe(401);
    expect(reads).toBe(0);
    expect(neighbour.statusCode).toBe(403);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it('logs the outcome with ids, action and role only', async () => {
    serveRegistration(fixtureRegistration(ID));
    dynamo.on(TransactWriteItemsCommand).resolves({});

    await send('reject', { reason: 'Nomor SK tidak sesuai arsip.' });

    const line = output.jsonLines().find((entry) => entry.message === 'Registration reviewed');
    expect(line).toMatchObject({ registrationId: ID, action: 'REJECT', status: 'REJECTED', role: 'admin' });
    expect(output.lines().join('\n')).not.toMatch(/Sudarma|example\.id|tidak sesuai arsip/);
  });
});
