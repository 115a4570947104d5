import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, WORK_DIR } from './paths.js';

const READY = /kim-registry local stack ready on (http:\/\/\S+)/;
const DYNAMO_ENDPOINT = /DynamoDB Local\s+(http:\/\/\S+)\s+table (\S+), java pid (\d+)/;

export interface LocalStackProcess {
  /** The API, on the loopback interface. */
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** The Node.js process running the gateway and the handlers. */
  readonly pid: number;
  /** The DynamoDB Local `java` process. */
  readonly javaPid: number;
  /** SIGTERM, as Ctrl-C would; resolves when the stack (and its DynamoDB Local) has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the local stack exactly as `npm start` does (`tsx infra/local/cli/start.ts`), in memory, on
 * free ports (so it runs beside a developer's own `npm start`), with its default log level. Its
 * output goes to a file, so reading the logs costs the benchmark's load generator nothing.
 */
export const startLocalStackProcess = async (
  options: { readonly nodeArgs?: readonly string[]; readonly timeoutMs?: number } = {},
): Promise<LocalStackProcess> => {
  mkdirSync(WORK_DIR, { recursive: true });
  const logFile = join(WORK_DIR, 'local-stack.log');
  const out = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    DYNAMODB_PORT: '0',
    OIDC_PORT: '0',
    HOST: '127.0.0.1',
    LOCAL_IN_MEMORY: 'true',
    SCOPE_CODE: '51.02',
  };
  delete env.LOCAL_DATA_DIR;
  delete env.LOG_LEVEL;
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'infra/local/cli/start.ts'],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', out, out],
    },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const output = readFileSync(logFile, 'utf8');
    const ready = READY.exec(output);
    const dynamo = DYNAMO_ENDPOINT.exec(output);
    if (ready?.[1] && dynamo?.[1] && dynamo[2] && dynamo[3]) {
      return {
        pid: child.pid ?? 0,
        javaPid: Number(dynamo[3]),
        url: ready[1].replace('//localhost:', '//127.0.0.1:'),
        dynamoEndpoint: dynamo[1],
        tableName: dynamo[2],
        stop,
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`The local stack did not start: ${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};
