import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { keys } from '../../../shared/platform/dynamodb/table.js';
import { submitRegistration } from '../../../shared/registrations/submit-registration.js';
import { apiEvent, bodyOf, lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { mockDynamoDb, serveGetItem } from '../../fixtures/dynamodb-mock.js';
import {
  InMemoryRegistrationRepository,
  sequentialIds,
  tabananSample,
} from '../../fixtures/in-memory-ports.js';
import { personalDataOfFixture, registrationBody } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { handler } = await import('../../../functions/registrations/get-registration.js');

const dynamo = mockDynamoDb();
let output: CapturedOutput;

beforeEach(() => {
  dynamo.reset();
  serveGetItem(dynamo, []);
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const get = (id: string) =>
  handler(
    apiEvent({ routeKey: 'GET /registrations/{id}', path: `/registrations/${id}`, pathParameters: { id } }),
    lambdaContext('get-registration'),
  );

/** The stored item of the fixture registration, as the registration store writes it. */
const storedFixture = async () => {
  const registrations = new InMemoryRegistrationRepository();
  const deps = {
    registrations,
    regions: tabananSample(),
    clock: fixedClock(FIXTURE_NOW),
    newId: sequentialIds(),
    scope: '51.02',
  };
  const { registration } = await submitRegistration(deps, { body: registrationBody() });
  const stored = registrations.registrations.get(registration.id);
  return {
    id: registration.id,
    item: { ...keys.registration(registration.id), type: 'REGISTRATION', ...stored },
  };
};

describe('GET /registrations/{id} handler', () => {
  it('answers the public view, without officers or contact', async () => {
    const { id, item } = await storedFixture();
    serveGetItem(dynamo, [item]);

    const result = await get(id);

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      id,
      name: 'KIM Dajan Peken Informatif',
      villageCode: '51.02.05.2006',
      villageName: 'Dajan Peken',
      districtCode: '51.02.05',
      status: 'SUBMITTED',
      submittedAt: FIXTURE_NOW,
      updatedAt: FIXTURE_NOW,
    });
    for (const personal of personalDataOfFixture) expect(result.body).not.toContain(personal);
  });

  it('answers 404 for an unknown id after one read', async () => {
    const result = await get('01JZ0000000000000000000009');

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({
      message: 'Pendaftaran KIM tidak ditemukan.',
      messageEn: 'No KIM registration with that id exists.',
    });
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(1);
  });

  it.each(['not-an-id', '01jz0000000000000000000001', "1' OR '1'='1", 'REG#01JZ0000000000000000000001', ''])(
    'answers 404 for the malformed id %j without calling DynamoDB',
    async (id) => {
      const result = await get(id);

      expect(result.statusCode).toBe(404);
      expect(dynamo.calls()).toHaveLength(0);
    },
  );
});
