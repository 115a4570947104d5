import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailsTo, mailbox } from '../fixtures/mailbox.js';
import { registrationBody } from '../fixtures/registration-body.js';
import { claimsFor, signFor } from '../support/admin-tokens.js';
import { runLocalStackUntilExit } from '../support/local-stack.js';
import { localSqsClient, queueDepth } from '../support/queues.js';
import { SHARED_STACK_REGENCIES, sharedLocalStack } from '../support/shared-local-stack.js';

/** This file's regency of the shared stack (Bangli), and Susut, a village of it. */
const REGENCY = SHARED_STACK_REGENCIES.pipeline;
const VILLAGE = `${REGENCY}.01.2004`;
/** The KIM contact of this file's registrations: no other file's KIM writes to it. */
const CONTACT = 'kim.susut@example.id';

const stack = sharedLocalStack();
let sqs: SQSClient;
let adminToken: string;

/** Starts that must fail on a taken port, run while the stack under test starts. */
const refusedStart = async (variable: 'SQS_PORT' | 'MAIL_PORT') => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '0.0.0.0' }, () => resolve()));
  const port = (server.address() as { port: number }).port;
  try {
    return {
      port,
      run: await runLocalStackUntilExit({ env: { [variable]: String(port), HOST: '0.0.0.0' } }),
    };
  } finally {
    server.close();
  }
};
let busyRuns: Record<'SQS_PORT' | 'MAIL_PORT', ReturnType<typeof refusedStart>>;

beforeAll(async () => {
  busyRuns = { SQS_PORT: refusedStart('SQS_PORT'), MAIL_PORT: refusedStart('MAIL_PORT') };
  // Settled early so a failure is not reported as unhandled before its test reads it.
  for (const run of Object.values(busyRuns)) run.catch(() => undefined);
  sqs = localSqsClient(stack.sqsEndpoint);
  adminToken = await signFor(stack, claimsFor(stack, 'admin'));
});

afterAll(() => {
  sqs?.destroy();
});

const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => undefined)) as Record<string, unknown>,
  };
};

const register = async () => {
  const body = registrationBody();
  body.villageCode = VILLAGE;
  body.contact.email = CONTACT;
  body.sk.number = `141/12/DP/2025 PIPE ${randomUUID()}`;
  const created = await api('POST', '/registrations', body);
  expect(created.status).toBe(201);
  return { id: String(created.body.id), contact: body.contact.email };
};

interface CoverageBody {
  kim: { submitted: number; verified: number; rejected: number; deactivated: number };
  villages: { total: number; covered: number; pendingOnly: number };
}

const coverage = async (code: string) => {
  const response = await api('GET', `/coverage/${code}`);
  expect(response.status).toBe(200);
  return response.body as unknown as CoverageBody;
};

describe('the event pipeline on the local stack', () => {
  it('takes registrations written over HTTP through the stream and both queues to their consumers', async () => {
    expect(Object.keys(stack.queues).sort()).toEqual(['coverage', 'notify']);
    const verified = await register();
    const rejected = await register();
    await register();

    const started = Date.now();
    expect((await api('POST', `/admin/registrations/${verified.id}/verify`, {}, adminToken)).status).toBe(
      200,
    );
    expect(
      (
        await api(
          'POST',
          `/admin/registrations/${rejected.id}/reject`,
          { reason: 'Nomor SK tidak terbaca pada lampiran yang dikirim.' },
          adminToken,
        )
      ).status,
    ).toBe(200);

    // Coverage consumer: the counters of the village and every level above move.
    await vi.waitFor(
      async () => {
        const regency = await coverage(REGENCY);
        expect(regency.kim).toEqual({ submitted: 1, verified: 1, rejected: 1, deactivated: 0 });
      },
      { timeout: 10_000, interval: 200 },
    );
    const seconds = (Date.now() - started) / 1000;
    console.info(`e2e pipeline: review to coverage in ${seconds.toFixed(1)} s`);
    const village = await coverage(VILLAGE);
    expect(village.kim).toEqual({ submitted: 1, verified: 1, rejected: 1, deactivated: 0 });
    expect(village.villages).toMatchObject({ covered: 1, pendingOnly: 0 });

    // Notification consumer: the KIM contact hears about the review.
    await vi.waitFor(
      async () => {
        expect(emailsTo(await mailbox(stack.mailboxUrl), verified.contact).length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000, interval: 300 },
    );

    // Every message was consumed and deleted; nothing went to a DLQ or the stream's failure queue.
    await vi.waitFor(
      async () => {
        for (const queue of Object.values(stack.queues)) {
          expect(await queueDepth(sqs, queue.url)).toEqual({ visible: 0, inFlight: 0 });
        }
      },
      { timeout: 10_000, interval: 200 },
    );
    for (const queue of Object.values(stack.queues)) {
      expect(await queueDepth(sqs, queue.dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    }
    expect(await queueDepth(sqs, stack.streamFailureQueueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });
});

describe('busy pipeline ports', () => {
  it.each([
    ['SQS_PORT', 'local SQS'],
    ['MAIL_PORT', 'local SES mailbox'],
  ] as const)('refuse a start on a taken %s with one line naming the variable', async (variable, what) => {
    const { port, run } = await busyRuns[variable];
    expect(run.code).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Port ${port}`);
    expect(lines[0]).toContain(what);
    expect(lines[0]).toContain(`${variable}=${port + 1}`);
  });
});
