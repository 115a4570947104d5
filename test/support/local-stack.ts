import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: `npm start` runs there. */
export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

const READY = /kim-registry local stack ready on (http:\/\/\S+)/;
const JAVA_PID = /java pid (\d+)/;
const DYNAMO_ENDPOINT = /DynamoDB Local\s+(http:\/\/\S+)/;
const OIDC_ISSUER = /OIDC issuer\s+(http:\/\/\S+)/;
const SQS_ENDPOINT = /SQS \(fauxqs\)\s+(http:\/\/\S+)/;
const QUEUE = /Queue (\w+)\s+(http:\/\/\S+)\s+DLQ (http:\/\/\S+)/g;
const STREAM_FAILURES = /Stream failures\s+(http:\/\/\S+)/;
const MAILBOX = /Mailbox\s+(http:\/\/\S+)/;
const MAX_OUTPUT = 1024 * 1024;

export interface LocalStackProcessOptions {
  /** Variables added to (or, when undefined, removed from) the test's environment. */
  readonly env?: Record<string, string | undefined>;
  /** Keep data in this folder; in memory when undefined. */
  readonly dataDir?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default 0 (a free port) */
  readonly dynamoPort?: number;
  /** @default 90000 */
  readonly readyTimeoutMs?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnedLocalStack {
  readonly child: ChildProcess;
  /**
   * LOCAL_DATA_DIR of the stack: `env.LOCAL_DATA_DIR` or `dataDir`, else (in memory) a temporary
   * folder of its own, removed when it exits, that holds nothing but the local issuer's signing key.
   */
  readonly localDataDir: string;
  /** Everything written to stdout and stderr so far (the last MiB). */
  output(): string;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<Exit>;
}

export interface RunningLocalStack extends SpawnedLocalStack {
  /** `http://127.0.0.1:<port>`: the printed address, without a detour through IPv6 `localhost`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly dynamoEndpoint: string;
  /** The local OIDC issuer (`iss` of the tokens the stack accepts), as the stack prints it. */
  readonly issuer: string;
  /** Pid of the DynamoDB Local `java` process, as the stack prints it. */
  readonly dynamoPid: number;
  /** The stack's SQS endpoint (fauxqs), as it prints it. */
  readonly sqsEndpoint: string;
  /** Each pipeline queue's URL and its DLQ's URL, by queue name, as the stack prints them. */
  readonly queues: Readonly<Record<string, { readonly url: string; readonly dlqUrl: string }>>;
  /** The table stream's on-failure queue. */
  readonly streamFailureQueueUrl: string;
  /** The local SES endpoint and mailbox (`GET /store` lists the emails sent). */
  readonly mailboxUrl: string;
  /** How long the stack took from spawn to its ready line. */
  readonly startMs: number;
  /** Sends SIGTERM (as Ctrl-C or a supervisor would) and waits for the exit; SIGKILL after 20 s. */
  stop(): Promise<Exit>;
}

/** Spawns the local stack exactly as `npm start` runs it: `tsx infra/local/cli/start.ts` in the repository root. */
export const spawnLocalStack = (options: LocalStackProcessOptions = {}): SpawnedLocalStack => {
  const keyOnlyDir =
    options.dataDir === undefined && options.env?.LOCAL_DATA_DIR === undefined
      ? mkdtempSync(join(tmpdir(), 'kim-local-key-'))
      : undefined;
  const localDataDir = options.env?.LOCAL_DATA_DIR ?? options.dataDir ?? keyOnlyDir ?? '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port ?? 0),
    DYNAMODB_PORT: String(options.dynamoPort ?? 0),
    // Every other port of the stack on a free one too, so stacks of parallel test files never collide.
    OIDC_PORT: '0',
    SQS_PORT: '0',
    MAIL_PORT: '0',
    LOG_LEVEL: 'WARN',
    // A request may step ahead in time (x-local-time-offset-ms) instead of waiting for a window.
    LOCAL_TIME_OFFSET_HEADER: 'true',
    // Events cross the pipeline in a fraction of a second instead of a 1 s window per hop; a file
    // about the deployed windows passes LOCAL_BATCHING_WINDOW_SECONDS: undefined.
    LOCAL_BATCHING_WINDOW_SECONDS: '0.05',
    LOCAL_IN_MEMORY: options.dataDir === undefined ? 'true' : 'false',
    LOCAL_DATA_DIR: localDataDir,
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];

  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/cli/start.ts'], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let out = '';
  let err = '';
  const keep = (text: string) => (text.length > MAX_OUTPUT ? text.slice(-MAX_OUTPUT) : text);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out = keep(out + chunk);
    all = keep(all + chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err = keep(err + chunk);
    all = keep(all + chunk);
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      if (keyOnlyDir !== undefined) rmSync(keyOnlyDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  return { child, localDataDir, output: () => all, stdout: () => out, stderr: () => err, exited };
};

const timeout = <T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

/** Starts the local stack and resolves once it prints its ready line. */
export const startLocalStackProcess = async (
  options: LocalStackProcessOptions = {},
): Promise<RunningLocalStack> => {
  const started = performance.now();
  const spawned = spawnLocalStack(options);
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = READY.exec(spawned.stdout());
      if (match?.[1]) resolve(match[1]);
    };
    spawned.child.stdout?.on('data', check);
    spawned.exited.then(({ code, signal }) =>
      reject(new Error(`local stack exited (${signal ?? code}) before it was ready:\n${spawned.output()}`)),
    );
  });
  let url: string;
  try {
    url = await timeout(
      ready,
      options.readyTimeoutMs ?? 90_000,
      () => `local stack not ready in time:\n${spawned.output()}`,
    );
  } catch (error) {
    spawned.child.kill('SIGTERM');
    await spawned.exited;
    throw error;
  }
  const startMs = performance.now() - started;
  const port = Number(new URL(url).port);
  const dynamoPid = Number(JAVA_PID.exec(spawned.stdout())?.[1]);
  const dynamoEndpoint = DYNAMO_ENDPOINT.exec(spawned.stdout())?.[1] ?? '';
  const issuer = OIDC_ISSUER.exec(spawned.stdout())?.[1] ?? '';
  const queues = Object.fromEntries(
    [...spawned.stdout().matchAll(QUEUE)].map(([, name = '', url = '', dlqUrl = '']) => [
      name,
      { url, dlqUrl },
    ]),
  );
  const stop = async () => {
    if (spawned.child.exitCode === null && spawned.child.signalCode === null) {
      spawned.child.kill('SIGTERM');
      const timer = setTimeout(() => spawned.child.kill('SIGKILL'), 20_000);
      await spawned.exited.finally(() => clearTimeout(timer));
    }
    return spawned.exited;
  };
  return {
    ...spawned,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    dynamoEndpoint,
    issuer,
    dynamoPid,
    sqsEndpoint: SQS_ENDPOINT.exec(spawned.stdout())?.[1] ?? '',
    queues,
    streamFailureQueueUrl: STREAM_FAILURES.exec(spawned.stdout())?.[1] ?? '',
    mailboxUrl: MAILBOX.exec(spawned.stdout())?.[1] ?? '',
    startMs,
    stop,
  };
};

/** Runs the local stack until it exits on its own (for the ways it must refuse to start). */
export const runLocalStackUntilExit = async (
  options: LocalStackProcessOptions = {},
  timeoutMs = 60_000,
): Promise<SpawnedLocalStack & Exit> => {
  const spawned = spawnLocalStack(options);
  try {
    const exit = await timeout(
      spawned.exited,
      timeoutMs,
      () => `local stack did not exit in time:\n${spawned.output()}`,
    );
    return { ...spawned, ...exit };
  } catch (error) {
    spawned.child.kill('SIGKILL');
    throw error;
  }
};

/** True while `pid` is a live process (a zombie waiting for its parent to reap it counts as gone). */
export const isProcessRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};

/** Waits until `pid` is gone; resolves false if it is still running after `ms`. */
export const waitForProcessGone = async (pid: number, ms = 5000): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (isProcessRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
};
