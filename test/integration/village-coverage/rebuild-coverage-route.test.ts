import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { DynamoDbRegionStore } from '../../../shared/regions/dynamodb/region-store.js';
import { DynamoDbRegistrationStateSource } from '../../../shared/registrations/dynamodb/state-source.js';
import { applyCoverageEvents } from '../../../shared/village-coverage/apply-events.js';
import { DynamoDbCoverageStore } from '../../../shared/village-coverage/dynamodb/coverage-store.js';
import { rebuildReportSchema } from '../../../shared/village-coverage/rebuild-request.js';
import { seededTable } from '../../fixtures/admin-deps.js';
import { adminClaims, adminEvent, ppidClaims } from '../../fixtures/admin-event.js';
import { bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { rebuildCoverage } = await import('../../../functions/village-coverage/rebuild-coverage.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
let tableName: string;
let handler: ReturnType<typeof httpHandler>;
let output: CapturedOutput;

beforeAll(async () => {
  output = captureOutput();
  tableName = await seededTable(client, 'kim-rebuild-route');
  const coverage = new DynamoDbCoverageStore(client, tableName);
  handler = httpHandler(
    rebuildCoverage({
      coverage,
      registrations: new DynamoDbRegistrationStateSource(client, tableName),
      regions: new DynamoDbRegionStore(client, tableName),
      scope: '51.02',
      now: () => new Date('2026-11-27T12:00:00.000Z'),
    }),
  );
  // A village counted with a registration that does not exist: drift the rebuild must find.
  await applyCoverageEvents(
    [
      {
        eventId: 'e-ghost',
        registrationId: 'ghost',
        version: 1,
        villageCode: '51.02.05.2006',
        oldVillageCode: null,
        oldStatus: null,
        newStatus: 'SUBMITTED',
        at: '2026-11-01T00:00:00.000Z',
      },
    ],
    { coverage },
  );
});
afterAll(() => output.restore());

const post = async (body: unknown, claims: Record<string, unknown> = adminClaims(), raw?: string) => {
  const event = adminEvent(
    {
      method: 'POST',
      path: '/admin/coverage/rebuild',
      routeKey: 'POST /admin/coverage/rebuild',
      ...(body === undefined ? {} : { body }),
    },
    claims,
  );
  const result = await handler(
    (raw === undefined ? event : { ...event, body: raw }) as APIGatewayProxyEventV2,
    lambdaContext('rebuild-coverage'),
  );
  return { status: result.statusCode, body: result.body ? bodyOf(result) : undefined };
};

describe('POST /admin/coverage/rebuild', () => {
  it.each([
    ['a village code', { regionCode: '51.02.05.2006' }],
    ['a malformed code', { regionCode: '51.2' }],
    ['an unknown field', { region: '51.02' }],
    ['a region outside the scope', { regionCode: '51.03' }],
    ['a region that does not exist', { regionCode: '51.02.99' }],
  ])('answers 400 for %s and writes nothing', async (_case, body) => {
    const before = await scanAll(client, tableName);

    const answer = await post(body);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ field: expect.any(String) }] });
    const errors = (answer.body?.errors ?? []) as Array<{ message: string; messageEn: string }>;
    expect(errors[0]?.message).not.toBe(errors[0]?.messageEn);
    expect(await scanAll(client, tableName)).toEqual(before);
  });

  it('answers 400 for malformed JSON and 403 for a PPID officer, writing nothing', async () => {
    const before = await scanAll(client, tableName);

    expect((await post({}, adminClaims(), '{')).status).toBe(400);
    expect((await post({}, ppidClaims('51.02'))).status).toBe(403);

    expect(await scanAll(client, tableName)).toEqual(before);
  });

  it('rebuilds the whole scope for an empty body, reports the drift, and then finds none', async () => {
    const first = await post(undefined);

    expect(first.status).toBe(200);
    expect(rebuildReportSchema.safeParse(first.body).success).toBe(true);
    expect(first.body).toMatchObject({ regionCode: '51.02', regionsDrifted: 5 });
    const details = first.body?.details as Array<{ code: string; drift: Record<string, number> }>;
    expect(details.map((detail) => detail.code)).toEqual(['ID', '51', '51.02', '51.02.05', '51.02.05.2006']);
    expect(details[0]?.drift).toMatchObject({ submitted: -1, pendingOnly: -1 });

    const second = await post({ regionCode: '51.02.05' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ regionCode: '51.02.05', regionsDrifted: 0, details: [] });
  });
});
