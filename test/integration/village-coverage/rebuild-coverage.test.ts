import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import { PutItemCommand, UpdateItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { itemTypes, keys } from '../../../shared/platform/dynamodb/table.js';
import { DynamoDbRegistrationStateSource } from '../../../shared/registrations/dynamodb/state-source.js';
import type { RegistrationStatus } from '../../../shared/registrations/schema.js';
import { applyCoverageEvents } from '../../../shared/village-coverage/apply-events.js';
import { ZERO_COUNTERS } from '../../../shared/village-coverage/coverage.js';
import { DynamoDbCoverageStore } from '../../../shared/village-coverage/dynamodb/coverage-store.js';
import { rebuildCoverage } from '../../../shared/village-coverage/rebuild.js';
import { deliver, prng, recount } from '../../fixtures/coverage-history.js';
import { createTestTable, localDynamoDbClient } from '../../fixtures/dynamodb.js';
import { fixtureRegistration } from '../../fixtures/registration.js';

const client = localDynamoDbClient(inject('dynamoEndpoint'));

const NOW = new Date('2026-11-27T12:00:00.000Z');
const LONG_AGO = '2026-11-20T08:00:00.000Z';
const A = '51.02.01.2001';
const B = '51.02.02.2001';
const C = '51.02.02.2002';
const D = '51.02.01.2002';

interface State {
  id: string;
  villageCode: string;
  status: RegistrationStatus;
  version: number;
  updatedAt?: string;
}

const putRegistration = async (tableName: string, state: State) => {
  const registration = fixtureRegistration(state.id, {
    villageCode: state.villageCode,
    districtCode: state.villageCode.split('.').slice(0, 3).join('.'),
    status: state.status,
    version: state.version,
    updatedAt: state.updatedAt ?? LONG_AGO,
  });
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall(
        { ...keys.registration(state.id), type: itemTypes.registration, ...registration },
        { removeUndefinedValues: true },
      ),
    }),
  );
};

let sequence = 0;
const ev = (
  registrationId: string,
  version: number,
  villageCode: string,
  newStatus: RegistrationStatus,
  old: { village?: string; status?: RegistrationStatus } = {},
): RegistrationEvent => ({
  eventId: `evt-${sequence++}`,
  registrationId,
  version,
  villageCode,
  oldVillageCode: old.village ?? (version === 1 ? null : villageCode),
  oldStatus: old.status ?? null,
  newStatus,
  at: LONG_AGO,
});

const setup = async (prefix: string) => {
  const tableName = await createTestTable(client, prefix);
  const coverage = new DynamoDbCoverageStore(client, tableName);
  const registrations = new DynamoDbRegistrationStateSource(client, tableName);
  return { tableName, coverage, deps: { coverage, registrations, now: () => NOW } };
};

describe('rebuildCoverage on DynamoDB Local', () => {
  it('finds lost events, orphans and a corrupted region, repairs them exactly, and finds nothing the second time', async () => {
    const { tableName, coverage, deps } = await setup('kim-rebuild');
    const finals: State[] = [
      { id: 'r1', villageCode: A, status: 'VERIFIED', version: 2 },
      { id: 'r2', villageCode: A, status: 'SUBMITTED', version: 1 },
      { id: 'r3', villageCode: B, status: 'REJECTED', version: 2 },
      { id: 'r4', villageCode: C, status: 'SUBMITTED', version: 3 },
      { id: 'r5', villageCode: B, status: 'VERIFIED', version: 2, updatedAt: '2026-11-27T11:58:00.000Z' },
    ];
    for (const state of finals) await putRegistration(tableName, state);
    // The pipeline saw everything except r3's rejection and r4's move (lost), and r5's
    // verification (still on its way); it also counted a registration that does not exist.
    await applyCoverageEvents(
      [
        ev('r1', 1, A, 'SUBMITTED'),
        ev('r1', 2, A, 'VERIFIED', { status: 'SUBMITTED' }),
        ev('r2', 1, A, 'SUBMITTED'),
        ev('r3', 1, B, 'SUBMITTED'),
        ev('r4', 1, A, 'SUBMITTED'),
        ev('r4', 2, A, 'REJECTED', { status: 'SUBMITTED' }),
        ev('r5', 1, B, 'SUBMITTED'),
        ev('ghost', 1, D, 'SUBMITTED'),
        ev('ghost', 2, D, 'VERIFIED', { status: 'SUBMITTED' }),
      ],
      { coverage },
    );
    // And somebody added 2 covered villages to one shard of the regency by hand.
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(keys.regionCoverage('51', '51.02', 3)),
        UpdateExpression: 'ADD covered :two, rev :one',
        ExpressionAttributeValues: marshall({ ':two': 2, ':one': 1 }),
      }),
    );

    const report = await rebuildCoverage('51.02', deps);

    // r5 stays as the pipeline left it (SUBMITTED, version 1): its event is in flight.
    const expected = recount(
      finals.map((state) => (state.id === 'r5' ? { ...state, status: 'SUBMITTED', version: 1 } : state)),
    );
    for (const code of ['51.02.01', '51.02.02', '51.02', '51', 'ID']) {
      expect((await coverage.getRegionCounters(code)).counters, code).toEqual(expected.regions.get(code));
    }
    const villages = await coverage.getVillages([A, B, C, D]);
    expect(Object.keys(villages.get(D)?.coverage.registrations ?? {})).toEqual(['ghost']);
    expect(villages.get(D)?.coverage.registrations.ghost?.status).toBeNull();
    expect(villages.get(A)?.coverage.registrations.r4).toEqual({ status: null, version: 3 });
    expect(villages.get(C)?.coverage.registrations.r4).toEqual({ status: 'SUBMITTED', version: 3 });

    expect(report.registrationsInFlight).toBe(1);
    expect(report.registrationsCounted).toBe(4);
    const drift = Object.fromEntries(report.details.map((detail) => [detail.code, detail.drift]));
    expect(drift[A]).toEqual({ ...ZERO_COUNTERS, rejected: -1 });
    expect(drift[B]).toEqual({ ...ZERO_COUNTERS, submitted: -1, rejected: 1 });
    expect(drift[C]).toEqual({ ...ZERO_COUNTERS, submitted: 1, pendingOnly: 1 });
    expect(drift[D]).toEqual({ ...ZERO_COUNTERS, verified: -1, covered: -1 });
    expect(drift['51.02']).toEqual({ ...ZERO_COUNTERS, covered: -3, verified: -1, pendingOnly: 1 });
    expect(report.regionsDrifted).toBe(report.details.length);
    expect(report.details[0]?.code).toBe('ID');
    expect(report.regionsChecked).toBe(4 + 5);

    const again = await rebuildCoverage('51.02', deps);
    expect(again.regionsDrifted).toBe(0);
    expect(again.details).toEqual([]);
  });

  it('stays exact when consumers apply events while it runs', async () => {
    const { tableName, coverage, deps } = await setup('kim-rebuild-race');
    const states: State[] = [];
    const events: RegistrationEvent[] = [];
    const villages = [A, B, C, D];
    for (let index = 0; index < 60; index++) {
      const id = `race-${String(index).padStart(2, '0')}`;
      const villageCode = villages[index % villages.length] ?? A;
      const status: RegistrationStatus =
        index % 3 === 0 ? 'VERIFIED' : index % 3 === 1 ? 'REJECTED' : 'SUBMITTED';
      states.push({ id, villageCode, status, version: status === 'SUBMITTED' ? 1 : 2 });
      events.push(ev(id, 1, villageCode, 'SUBMITTED'));
      if (status !== 'SUBMITTED') events.push(ev(id, 2, villageCode, status, { status: 'SUBMITTED' }));
    }
    for (const state of states) await putRegistration(tableName, state);

    const [report] = await Promise.all([
      rebuildCoverage('51.02', { ...deps, graceMs: 0 }),
      deliver(events, coverage, prng(7), { concurrency: 3, maxBatchSize: 10 }),
    ]);

    const expected = recount(states);
    for (const code of ['51.02.01', '51.02.02', '51.02', 'ID']) {
      expect((await coverage.getRegionCounters(code)).counters, code).toEqual(expected.regions.get(code));
    }
    expect(report.registrationsCounted).toBe(60);
  });
});
