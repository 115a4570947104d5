import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';
import { localSqsClient, peekAll, queueDepth } from '../support/queues.js';

const REGISTRATIONS = 32;
const FAULT_RATE = 0.2;

let stack: RunningLocalStack;
let sqs: SQSClient;
let adminToken: string;

// Seed 17 fails invocations 2 and 4 after the handler ran and invocation 5 before it: both kinds
// of fault strike early, whatever the batching, and never 3 in a row.
beforeAll(async () => {
  stack = await startLocalStackProcess({
    env: {
      LOCAL_FAULTS: `applyCoverage=${FAULT_RATE}`,
      LOCAL_FAULTS_SEED: '17',
      LOCAL_RETRY_DELAY_SECONDS: '1',
    },
  });
  sqs = localSqsClient(stack.sqsEndpoint);
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
  console.info(`e2e pipeline faults: local stack ready in ${Math.round(stack.startMs)} ms`);
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${adminToken}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => undefined)) as Record<string, unknown>,
  };
};

type Status = 'SUBMITTED' | 'VERIFIED' | 'REJECTED' | 'DEACTIVATED';
interface Counts {
  kim: { submitted: number; verified: number; rejected: number; deactivated: number };
  villages: { covered: number; pendingOnly: number };
}

/** The counters a region must show for these registrations, counted from scratch. */
const recount = (registrations: ReadonlyArray<{ village: string; status: Status }>): Counts => {
  const kim = { submitted: 0, verified: 0, rejected: 0, deactivated: 0 };
  const byVillage = new Map<string, Set<Status>>();
  for (const { village, status } of registrations) {
    kim[status.toLowerCase() as keyof typeof kim]++;
    byVillage.set(village, (byVillage.get(village) ?? new Set()).add(status));
  }
  const statuses = [...byVillage.values()];
  return {
    kim,
    villages: {
      covered: statuses.filter((set) => set.has('VERIFIED')).length,
      pendingOnly: statuses.filter((set) => set.has('SUBMITTED') && !set.has('VERIFIED')).length,
    },
  };
};

const REASON = 'Lampiran SK tidak dapat dibaca dengan jelas.';

/** Runs `work` on every item, `width` at a time. */
const inParallel = async <T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) => {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(work));
  }
};

describe('the coverage counters under injected consumer faults', () => {
  it('converge to a recount while 20% of applyCoverage invocations fail, and a poison message ends in the DLQ', async () => {
    const district = await api('GET', '/regions/51.02.05');
    const villages = (district.body.children as Array<{ code: string }>)
      .slice(0, 6)
      .map((child) => child.code);
    expect(villages).toHaveLength(6);

    const registrations: Array<{ id: string; village: string; status: Status }> = [];
    await inParallel(
      Array.from({ length: REGISTRATIONS }, (_, index) => index),
      8,
      async (index) => {
        const body = registrationBody();
        body.villageCode = villages[index % villages.length] ?? '';
        body.sk.number = `141/12/DP/2025 FAULT ${randomUUID()}`;
        const created = await api('POST', '/registrations', body);
        expect(created.status).toBe(201);
        registrations.push({ id: String(created.body.id), village: body.villageCode, status: 'SUBMITTED' });
      },
    );

    // A message no consumer can read, and one that is JSON but not an event, straight to the queue.
    const coverageQueue = stack.queues.coverage;
    if (!coverageQueue) throw new Error('no coverage queue printed');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: coverageQueue.url,
        Entries: [
          { Id: 'garbage', MessageBody: 'not an event at all' },
          { Id: 'wrong-shape', MessageBody: JSON.stringify({ eventId: 'x', registrationId: 'y' }) },
        ],
      }),
    );

    // Review: verify half, reject a quarter; then deactivate some of the verified.
    await inParallel(registrations, 8, async (registration) => {
      const index = registrations.indexOf(registration);
      if (index % 4 === 0 || index % 4 === 1) {
        expect((await api('POST', `/admin/registrations/${registration.id}/verify`, {})).status).toBe(200);
        registration.status = 'VERIFIED';
      } else if (index % 4 === 2) {
        expect(
          (await api('POST', `/admin/registrations/${registration.id}/reject`, { reason: REASON })).status,
        ).toBe(200);
        registration.status = 'REJECTED';
      }
    });
    const toDeactivate = registrations
      .filter((registration) => registration.status === 'VERIFIED')
      .slice(0, 5);
    await inParallel(toDeactivate, 5, async (registration) => {
      expect(
        (await api('POST', `/admin/registrations/${registration.id}/deactivate`, { reason: REASON })).status,
      ).toBe(200);
      registration.status = 'DEACTIVATED';
    });

    const expected = recount(registrations);
    const started = Date.now();
    await vi.waitFor(
      async () => {
        const regency = await api('GET', '/coverage/51.02');
        expect(regency.status).toBe(200);
        expect(regency.body).toMatchObject(expected);
      },
      { timeout: 40_000, interval: 100 },
    );
    console.info(
      `e2e pipeline faults: counters exact ${((Date.now() - started) / 1000).toFixed(1)} s after the last review`,
    );

    // Each level agrees: the district, and every village against its own recount.
    expect((await api('GET', '/coverage/51.02.05')).body).toMatchObject(expected);
    for (const village of villages) {
      const own = recount(registrations.filter((registration) => registration.village === village));
      expect((await api('GET', `/coverage/${village}`)).body).toMatchObject({ kim: own.kim });
    }

    // The poison messages reach the DLQ after maxReceiveCount receives; nothing else does.
    await vi.waitFor(async () => expect((await queueDepth(sqs, coverageQueue.dlqUrl)).visible).toBe(2), {
      timeout: 20_000,
      interval: 100,
    });
    const dead = await peekAll(sqs, coverageQueue.dlqUrl);
    expect(dead.map((message) => message.Body).sort()).toEqual(
      ['not an event at all', JSON.stringify({ eventId: 'x', registrationId: 'y' })].sort(),
    );
    expect(await queueDepth(sqs, coverageQueue.url)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(sqs, stack.streamFailureQueueUrl)).toEqual({ visible: 0, inFlight: 0 });

    // The faults did happen, on both sides of the handler.
    await stack.stop();
    const summary = /faults applyCoverage before=(\d+) after=(\d+)/.exec(stack.stdout());
    console.info(`e2e pipeline faults: ${/Pipeline: .*/.exec(stack.stdout())?.[0]}`);
    expect(Number(summary?.[1])).toBeGreaterThan(0);
    expect(Number(summary?.[2])).toBeGreaterThan(0);
  });
});
