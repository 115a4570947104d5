import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registrationBody } from '../fixtures/registration-body.js';
import { type RunningLocalStack, startLocalStackProcess } from '../support/local-stack.js';

const IN_FLIGHT = 8;
const ACKNOWLEDGED_BEFORE_KILL = 60;

const dataDir = mkdtempSync(join(tmpdir(), 'kim-local-durability-'));
const stacks: RunningLocalStack[] = [];

afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (stack: RunningLocalStack) => {
  const body = registrationBody();
  body.sk.number = `141/12/DP/2025 DURABLE ${randomUUID()}`;
  return fetch(`${stack.baseUrl}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
};

describe('a kill -9 of DynamoDB Local while registrations pour in', () => {
  it('loses none that got its 201: each is there after a restart on the same data', async () => {
    const first = await startLocalStackProcess({ dataDir });
    stacks.push(first);
    const acknowledged: string[] = [];
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const answer = await post(first).catch(() => undefined);
        if (answer === undefined) return;
        const body = (await answer.json().catch(() => ({}))) as { id?: string };
        // A 201 that arrives after the kill was acknowledged all the same: it must survive too.
        if (answer.status === 201 && body.id) acknowledged.push(body.id);
        if (!killed && acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL) {
          killed = true;
          process.kill(first.dynamoPid, 'SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const exit = await first.exited;
    expect(exit.code).toBe(1);

    const second = await startLocalStackProcess({ dataDir });
    stacks.push(second);
    const missing: string[] = [];
    for (const id of acknowledged) {
      const read = await fetch(`${second.baseUrl}/registrations/${id}`);
      if (read.status !== 200) missing.push(`${id} (${read.status})`);
    }

    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
    expect(missing).toEqual([]);
  });
});
