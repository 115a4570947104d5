import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JavaMissingError } from '../../infra/local/emulators/dynamodb-local.js';
import { registrationBody } from '../fixtures/registration-body.js';
import {
  isProcessRunning,
  type RunningLocalStack,
  runLocalStackUntilExit,
  startLocalStackProcess,
  waitForProcessGone,
} from '../support/local-stack.js';

/** `npm start` itself: started the way the script starts it, stopped the ways users and machines stop it. */

const STACK_TRACE = /^\s+at /m;

const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const temporaryFolders: string[] = [];
const temporaryFolder = (prefix: string) => {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
};

afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

describe('a local stack keeping its data in a folder', () => {
  const dataDir = temporaryFolder('kim-local-data-');
  let first: RunningLocalStack;
  let registrationId: string;

  beforeAll(async () => {
    first = await startLocalStackProcess({ dataDir });
    console.info(`e2e local stack: fresh start with a data folder ready in ${Math.round(first.startMs)} ms`);
  });

  afterAll(async () => {
    await first?.stop();
  });

  it('prints what runs where, then the ready line', () => {
    const output = first.stdout();

    expect(output).toMatch(/API\s+http:\/\/localhost:\d+/);
    expect(output).toMatch(
      /DynamoDB Local\s+http:\/\/127\.0\.0\.1:\d+\s+table kim-registry-local, java pid \d+/,
    );
    expect(output).toContain(dataDir);
    expect(output).toMatch(/Scope\s+51\.02 .*Tabanan: 10 districts, 133 villages/);
    expect(output).toContain('npm run local:reset');
    expect(output.trimEnd().split('\n').at(-1)).toMatch(
      /^kim-registry local stack ready on http:\/\/localhost:\d+/,
    );
    expect(isProcessRunning(first.dynamoPid)).toBe(true);
  });

  it('refuses a second start on its busy API port with one clear line and a non-zero exit', async () => {
    const second = await runLocalStackUntilExit({
      port: first.port,
      dataDir: temporaryFolder('kim-local-other-'),
    });

    expect(second.code).toBe(1);
    expect(second.stderr().trim()).toBe(
      `Port ${first.port} sudah dipakai / is already in use (local API): stop whatever uses it, or choose another port, for example PORT=${first.port + 1} npm start`,
    );
    expect(second.output()).not.toMatch(STACK_TRACE);
  });

  it('refuses a second start on its busy DynamoDB Local port, naming DYNAMODB_PORT', async () => {
    const dynamoPort = Number(new URL(first.dynamoEndpoint).port);

    const second = await runLocalStackUntilExit({ dynamoPort, dataDir: temporaryFolder('kim-local-other-') });

    expect(second.code).toBe(1);
    expect(second.stderr().trim()).toMatch(
      new RegExp(`^Port ${dynamoPort} .*\\(DynamoDB Local\\).*DYNAMODB_PORT=${dynamoPort + 1} npm start$`),
    );
    expect(second.output()).not.toMatch(STACK_TRACE);
  });

  it('refuses a second start on the same data folder, even on free ports', async () => {
    const second = await runLocalStackUntilExit({ dataDir });

    expect(second.code).toBe(1);
    expect(second.stderr().trim()).toMatch(/is in use by another local stack \(pid \d+\).*LOCAL_DATA_DIR/);
    expect(second.output()).not.toMatch(STACK_TRACE);
  });

  it('accepts a registration', async () => {
    const body = registrationBody();

    const response = await fetch(`${first.baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(201);
    registrationId = ((await response.json()) as { id: string }).id;
  });

  it('stops on SIGTERM with exit code 0, leaving no java process and no lock behind', async () => {
    const exit = await first.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(await waitForProcessGone(first.dynamoPid, 2000)).toBe(true);
    expect(first.stdout()).toContain('Local stack stopped.');
    expect(existsSync(join(dataDir, 'kim-registry-local.lock'))).toBe(false);
    expect(await portAnswers(first.port)).toBe(false);
  });

  it('still has the registration after a restart, and stops everything when DynamoDB Local dies', async () => {
    const restarted = await startLocalStackProcess({ dataDir });
    console.info(`e2e local stack: restart with kept data ready in ${Math.round(restarted.startMs)} ms`);
    try {
      const response = await fetch(`${restarted.baseUrl}/registrations/${registrationId}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: registrationId, status: 'SUBMITTED' });
      expect(restarted.stdout()).toMatch(/133 villages/);

      process.kill(restarted.dynamoPid, 'SIGKILL');
      const exit = await restarted.exited;

      expect(exit.code).toBe(1);
      expect(restarted.stderr()).toContain('DynamoDB Local');
      expect(restarted.stderr()).toContain('stopped unexpectedly');
      expect(await portAnswers(restarted.port)).toBe(false);
    } finally {
      await restarted.stop();
    }
  });
});

describe('a local stack whose own process is killed with SIGKILL', () => {
  it('leaves no java process behind: the watchdog ends it', async () => {
    const stack = await startLocalStackProcess();
    try {
      stack.child.kill('SIGKILL');
      await stack.exited;

      expect(await waitForProcessGone(stack.dynamoPid, 5000)).toBe(true);
    } finally {
      if (isProcessRunning(stack.dynamoPid)) process.kill(stack.dynamoPid, 'SIGKILL');
    }
  });
});

describe('a local stack whose reader goes away (a test runner killed, `npm start | head`)', () => {
  it('stops, and its java with it, instead of running on writing to a closed pipe', async () => {
    const stack = await startLocalStackProcess();
    try {
      stack.child.stdout?.destroy();
      stack.child.stderr?.destroy();
      // Output the stack writes now fails (an API request logs nothing at WARN, a crash of
      // DynamoDB Local does): end DynamoDB Local so that the stack has something to say.
      process.kill(stack.dynamoPid, 'SIGKILL');

      const exit = await Promise.race([
        stack.exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
      ]);

      expect(exit).not.toBe('still running');
      expect(await waitForProcessGone(stack.dynamoPid, 5000)).toBe(true);
    } finally {
      if (stack.child.exitCode === null && stack.child.signalCode === null) stack.child.kill('SIGKILL');
    }
  });
});

describe('a machine without Java', () => {
  it('gets one line saying what to install and a non-zero exit, without a stack trace', async () => {
    // PATH holds only the node binary, so `java` cannot be found.
    const bin = temporaryFolder('kim-local-nojava-');
    symlinkSync(process.execPath, join(bin, 'node'));

    const run = await runLocalStackUntilExit({ env: { PATH: bin } });

    expect(run.code).toBe(1);
    expect(run.stderr().trim()).toBe(new JavaMissingError('java not found on PATH').message);
    expect(run.stdout()).toBe('');
  });
});
