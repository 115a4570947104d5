import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRemoteJWKSet } from 'jose';
import { z } from 'zod';
import {
  type QueueName,
  queueDefinitions,
  resolveSchedules,
  SCHEDULED_TIME_INPUT,
  streamSource,
} from '../../shared/platform/pipeline-settings.js';
import { isRegionCode } from '../../shared/platform/region-codes.js';
import { loadScopeRegions, type RegionRecord } from '../../shared/regions/master-data.js';
import { type FunctionName, functionDefinitions, routes } from '../app-definition.js';
import { type InfraConfig, InfraConfigError, readCdkJsonConfig } from '../config.js';
import { createTable } from './emulators/create-table.js';
import { LOCAL_CLIENT_ID } from './emulators/dev-token.js';
import { assertJava, freePort, startDynamoDbLocal } from './emulators/dynamodb-local.js';
import { loadOrCreateFormSecret } from './emulators/form-secret.js';
import { MailPortInUseError, type MailServer, startMailServer } from './emulators/mail-server.js';
import { type LocalIssuer, startLocalIssuer } from './emulators/oidc-issuer.js';
import { seedRegions } from './emulators/seed-regions.js';
import { loadOrCreateSigningKey } from './emulators/signing-key.js';
import { createFaultInjector, type FaultInjector, parseLocalFaults, seededRandom } from './lambda/faults.js';
import { type ApiHandler, createGateway, type GatewayFunction, type JwtVerifier } from './lambda/gateway.js';
import { createJwtVerifier } from './lambda/jwt-verifier.js';
import {
  functionExists,
  type LocalQueues,
  loadFunction,
  type Pipeline,
  startLocalQueues,
  startPipeline,
} from './lambda/pipeline.js';
import { type LocalScheduler, startScheduler } from './lambda/scheduler.js';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));
const flag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
);

/** Settings of the local stack, read from the environment (`npm start` reads `process.env`). */
export const localStackConfigSchema = z.object({
  /** Port of the local API; 0 picks a free one. */
  PORT: port(3000),
  /** Port of DynamoDB Local; 0 picks a free one. */
  DYNAMODB_PORT: port(8000),
  /** Port of the local OIDC issuer (the Cognito stand-in); 0 picks a free one. */
  OIDC_PORT: port(3001),
  /** Port of the local SQS (fauxqs); 0 picks a free one. */
  SQS_PORT: port(4566),
  /** Port of the local SES v2 API and its mailbox page; 0 picks a free one. */
  MAIL_PORT: port(8005),
  /**
   * Seconds before a message its consumer failed is received again. On AWS it stays invisible
   * for the rest of the queue's visibility timeout (minutes); locally retries come quickly.
   */
  LOCAL_RETRY_DELAY_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(0).max(43200).default(1),
  ),
  /**
   * Fault injection, local only: `function=rate,...` fails that fraction of the function's
   * invocations by the pollers, half before the handler runs and half after it returned.
   */
  LOCAL_FAULTS: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Seed of the fault injection's random choices, so a run can be repeated. */
  LOCAL_FAULTS_SEED: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).optional()),
  /** Sender address of the emails (the mailbox page shows them). */
  MAIL_FROM: z.preprocess(emptyToUndefined, z.email().default('kim@kim.example.id')),
  /** Base of the links in emails. @default the local API's address */
  APP_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /** Interface the local API listens on. */
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  SCOPE_CODE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('51.02')
      .refine(
        isRegionCode,
        'must be a Kemendagri region code such as 51.02 or 51, or ID for the whole country',
      ),
  ),
  TABLE_NAME: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')
      .default('kim-registry-local'),
  ),
  /**
   * Folder DynamoDB Local keeps its data in (git-ignored), relative to the working directory. The
   * local issuer keeps its signing key there too, even with LOCAL_IN_MEMORY, so tokens outlive restarts.
   */
  LOCAL_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.local/dynamodb')),
  /** Keep DynamoDB Local in memory: nothing survives a restart (the e2e tests use this). */
  LOCAL_IN_MEMORY: flag,
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' && value !== '' ? value.toUpperCase() : undefined),
    z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']).default('INFO'),
  ),
  AWS_REGION: z.preprocess(emptyToUndefined, z.string().default('ap-southeast-3')),
});

export type LocalStackConfig = z.infer<typeof localStackConfigSchema>;

/** A problem the user can fix; its message is the one line to print. */
export class LocalStackConfigError extends Error {
  override readonly name = 'LocalStackConfigError';
}

/** A port the local stack needs is taken; the message names the port and the variable that moves it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly what: string,
    readonly variable: string,
  ) {
    super(
      `Port ${port} sudah dipakai / is already in use (${what}): stop whatever uses it, or choose another port, for example ${variable}=${port + 1} npm start`,
    );
  }
}

/** Another local stack is using the same data folder. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/** Parses the environment into a LocalStackConfig, or throws one line naming every bad variable. */
export const parseLocalStackConfig = (env: NodeJS.ProcessEnv): LocalStackConfig => {
  const result = localStackConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new LocalStackConfigError(`Invalid local stack settings: ${problems.join('; ')}`);
  }
  return result.data;
};

const assertPortFree = (portNumber: number, host: string, what: string, variable: string) =>
  new Promise<void>((resolvePort, reject) => {
    if (portNumber === 0) {
      resolvePort();
      return;
    }
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new PortInUseError(portNumber, what, variable)
          : error,
      ),
    );
    server.listen({ port: portNumber, host, exclusive: true }, () => server.close(() => resolvePort()));
  });

const LOCK_FILE = 'kim-registry-local.lock';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the data folder for this process, so two stacks never share one database file; returns the release. */
export const lockDataDir = (dataDir: string, shownAs: string): (() => void) => {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(
          `Folder data ${shownAs} sedang dipakai / is in use by another local stack (pid ${owner}): stop it first (Ctrl-C in its terminal), or use another folder through LOCAL_DATA_DIR`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the data folder ${shownAs}`);
};

/** Imports each routed function's module once and returns its `handler` with its Lambda settings. */
const importRouteFunctions = async (
  root: string,
): Promise<Partial<Record<FunctionName, GatewayFunction>>> => {
  const names = [...new Set(routes.map((route) => route.function))];
  const loaded = await Promise.all(
    names.map(async (name) => {
      const definition: { entry: string; memorySize?: number; timeoutSeconds?: number } =
        functionDefinitions[name];
      const module = (await import(pathToFileURL(join(root, definition.entry)).href)) as {
        handler?: unknown;
      };
      if (typeof module.handler !== 'function') {
        throw new Error(`${definition.entry} does not export a handler function`);
      }
      const fn: GatewayFunction = {
        handler: module.handler as ApiHandler,
        ...(definition.memorySize === undefined ? {} : { memorySize: definition.memorySize }),
        ...(definition.timeoutSeconds === undefined ? {} : { timeoutSeconds: definition.timeoutSeconds }),
      };
      return [name, fn] as const;
    }),
  );
  return Object.fromEntries(loaded);
};

export interface LocalStackOptions {
  /** Settings; see `localStackConfigSchema`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Repository root, where function entries and relative data folders resolve. @default process.cwd() */
  readonly root?: string;
  /** Called once if DynamoDB Local dies while the stack runs; the stack is then unusable. */
  readonly onCrash?: (error: Error) => void;
  /** Aborting during start stops whatever was started and rejects. */
  readonly signal?: AbortSignal;
  /**
   * Verifies tokens on routes that are not public.
   * @default - the checks of API Gateway's JWT authorizer against the local OIDC issuer
   */
  readonly verifyJwt?: JwtVerifier;
}

export interface ScopeSummary {
  readonly code: string;
  readonly name: string;
  readonly regions: number;
  readonly districts: number;
  readonly villages: number;
  /** Region items the seed had to write (0 on a restart with the data kept). */
  readonly written: number;
  readonly seedMs: number;
}

export interface LocalStack {
  readonly config: LocalStackConfig;
  /** The API's address, for example `http://localhost:3000`. */
  readonly url: string;
  readonly port: number;
  readonly dynamoEndpoint: string;
  /** Process id of the DynamoDB Local `java` process. */
  readonly dynamoPid: number;
  readonly tableName: string;
  /** Absolute data folder, or undefined when in memory. */
  readonly dataDir: string | undefined;
  readonly scope: ScopeSummary;
  /** The local OIDC issuer, the Cognito stand-in whose tokens the `jwt` routes accept. */
  readonly issuer: {
    /** The `iss` of accepted tokens. */
    readonly url: string;
    readonly port: number;
    /** The audience (`client_id`) of accepted tokens. */
    readonly clientId: string;
  };
  /** The local SQS (fauxqs) endpoint, `AWS_ENDPOINT_URL_SQS` of the functions. */
  readonly sqsEndpoint: string;
  /** Each queue of the pipeline definition: its URL, its DLQ's URL, and whether its consumer is polled. */
  readonly queues: Readonly<
    Record<
      QueueName,
      { readonly url: string; readonly dlqUrl: string; readonly consumer: string; readonly polled: boolean }
    >
  >;
  /** The table stream's on-failure queue. */
  readonly streamFailureQueueUrl: string;
  /** The local SES v2 endpoint, which is also the mailbox page (`/`) and its JSON store (`/store`). */
  readonly mailboxUrl: string;
  /** The schedules, when each fires next, and whether its function exists to be run. */
  readonly schedules: ReadonlyArray<{
    readonly name: string;
    readonly function: string;
    readonly expression: string;
    readonly timeZone: string;
    readonly nextRun: Date | undefined;
  }>;
  /** Fault injection rates from LOCAL_FAULTS (empty when none). */
  readonly faults: Readonly<Record<string, number>>;
  /** The pipeline's pollers: what they have done so far. */
  pipelineStats(): ReturnType<Pipeline['stats']>;
  /** Faults injected so far (LOCAL_FAULTS), per function, before and after the handler ran. */
  faultCounts(): Record<string, { before: number; after: number }>;
  /** Milliseconds until DynamoDB Local answered (module imports and master data load overlap it). */
  readonly dynamoStartMs: number;
  readonly routeKeys: readonly string[];
  /** Stops the gateway, the scheduler, the pollers, SQS, the mailbox and DynamoDB Local, and waits for them. Safe to call more than once. */
  stop(): Promise<void>;
  /** Kills DynamoDB Local at once, synchronously: the last resort on process exit. */
  killNow(): void;
}

const SERVICE_NAME = 'kim-registry';
/** Where the stream poller keeps each shard's checkpoint, inside the data folder. */
const STREAM_CHECKPOINT_FILE = 'stream-checkpoints.json';

/**
 * The event a schedule's function gets: the target input the CDK stack gives every schedule
 * (`SCHEDULED_TIME_INPUT`), with the firing's scheduled time filled in as EventBridge Scheduler
 * fills `<aws.scheduler.scheduled-time>` (ISO 8601, to the second). Cron schedules fire on the
 * minute, so the scheduled time is the current minute.
 */
export const scheduledEvent = (firedAt: Date) => {
  const scheduled = new Date(firedAt);
  scheduled.setUTCSeconds(0, 0);
  return JSON.parse(
    SCHEDULED_TIME_INPUT.replace(
      '<aws.scheduler.scheduled-time>',
      scheduled.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ),
  ) as {
    scheduledTime: string;
  };
};
/** Client (C1-only) JIT and the serial collector: DynamoDB Local answers in about 2/3 of the time on 2 cores. */
export const JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * Starts the whole local stack: DynamoDB Local, the table from the shared definition, the scope's
 * regions, and the local API Gateway in front of the real handlers. Handlers read their config
 * at module load, so this sets the environment first and can run once per process.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const config = parseLocalStackConfig(options.env ?? process.env);
  const root = options.root ?? process.cwd();
  const signal = options.signal;

  await assertPortFree(config.PORT, config.HOST, 'local API', 'PORT');
  await assertPortFree(config.DYNAMODB_PORT, '0.0.0.0', 'DynamoDB Local', 'DYNAMODB_PORT');
  await assertPortFree(config.OIDC_PORT, config.HOST, 'local OIDC issuer', 'OIDC_PORT');
  // fauxqs listens on every interface.
  await assertPortFree(config.SQS_PORT, '0.0.0.0', 'local SQS', 'SQS_PORT');
  await assertPortFree(config.MAIL_PORT, config.HOST, 'local SES mailbox', 'MAIL_PORT');
  assertJava();
  let faultRates: Record<string, number>;
  try {
    // The pollers inject the faults: only the functions they invoke can be named.
    faultRates = parseLocalFaults(config.LOCAL_FAULTS, [
      streamSource.function,
      ...Object.values(queueDefinitions).map((queue) => queue.consumer),
    ]);
  } catch (error) {
    throw new LocalStackConfigError(error instanceof Error ? error.message : String(error));
  }
  // The deployment's settings the local stack shares with the CDK stack (the digest schedule).
  let infraConfig: InfraConfig;
  try {
    infraConfig = readCdkJsonConfig(root);
  } catch (error) {
    if (!(error instanceof InfraConfigError)) throw error;
    throw new LocalStackConfigError(`cdk.json: ${error.message}`);
  }
  const faults: FaultInjector | undefined =
    Object.keys(faultRates).length === 0
      ? undefined
      : createFaultInjector(
          faultRates,
          config.LOCAL_FAULTS_SEED === undefined ? Math.random : seededRandom(config.LOCAL_FAULTS_SEED),
        );

  const dataDir = config.LOCAL_IN_MEMORY ? undefined : resolve(root, config.LOCAL_DATA_DIR);
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  const checkAborted = () => {
    if (signal?.aborted) throw signal.reason ?? new Error('Local stack start aborted');
  };

  let stopping = false;
  try {
    if (dataDir) cleanups.push(lockDataDir(dataDir, config.LOCAL_DATA_DIR));
    const dynamoPort = config.DYNAMODB_PORT === 0 ? await freePort() : config.DYNAMODB_PORT;
    const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
    // Chosen now: the emails' links name the API before it listens.
    const apiPort = config.PORT === 0 ? await freePort() : config.PORT;
    const displayHost = ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(config.HOST)
      ? 'localhost'
      : config.HOST;
    const apiUrl = `http://${displayHost}:${apiPort}`;

    const localQueues: LocalQueues = await startLocalQueues({
      port: config.SQS_PORT,
      region: config.AWS_REGION,
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new PortInUseError(config.SQS_PORT, 'local SQS', 'SQS_PORT')
        : error;
    });
    cleanups.push(() => localQueues.stop());
    const mailServer: MailServer = await startMailServer({ port: config.MAIL_PORT, host: config.HOST }).catch(
      (error: unknown) => {
        throw error instanceof MailPortInUseError
          ? new PortInUseError(config.MAIL_PORT, 'local SES mailbox', 'MAIL_PORT')
          : error;
      },
    );
    cleanups.push(() => mailServer.stop());

    // Handlers build their SDK clients and parse their config when first imported.
    Object.assign(process.env, {
      AWS_REGION: config.AWS_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: localQueues.endpoint,
      AWS_ENDPOINT_URL_SESV2: mailServer.url,
      COVERAGE_QUEUE_URL: localQueues.queues.coverage.url,
      NOTIFY_QUEUE_URL: localQueues.queues.notify.url,
      MAIL_FROM: config.MAIL_FROM,
      APP_BASE_URL: config.APP_BASE_URL ?? apiUrl,
      // Kept in the data folder even with LOCAL_IN_MEMORY, like the issuer's key: open forms outlive restarts.
      FORM_SECRET: loadOrCreateFormSecret(resolve(root, config.LOCAL_DATA_DIR), config.LOCAL_DATA_DIR),
      TABLE_NAME: config.TABLE_NAME,
      SCOPE_CODE: config.SCOPE_CODE,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      LOG_LEVEL: config.LOG_LEVEL,
      // Node.js 20 is the documented local runtime (Lambda runs 24); the SDK's notice about it is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'true',
    });
    // A session token of the user's own AWS credentials has no business next to the dummy keys.
    delete process.env.AWS_SESSION_TOKEN;

    const dynamoStartedAt = performance.now();
    let dynamoMs = 0;
    const dynamoStarting = startDynamoDbLocal({
      port: dynamoPort,
      javaOptions: JAVA_OPTIONS,
      ...(dataDir ? { dataDir } : {}),
    }).then((running) => {
      dynamoMs = performance.now() - dynamoStartedAt;
      return running;
    });
    const issuerStarting: Promise<LocalIssuer> = loadOrCreateSigningKey(
      resolve(root, config.LOCAL_DATA_DIR),
      config.LOCAL_DATA_DIR,
    ).then((key) =>
      startLocalIssuer({ port: config.OIDC_PORT, host: config.HOST, key }).catch(
        (error: NodeJS.ErrnoException) => {
          throw error.code === 'EADDRINUSE'
            ? new PortInUseError(config.OIDC_PORT, 'local OIDC issuer', 'OIDC_PORT')
            : error;
        },
      ),
    );
    const [started, regions, functions, issuer] = await Promise.all([
      dynamoStarting,
      loadScopeRegions(config.SCOPE_CODE),
      importRouteFunctions(root),
      issuerStarting,
    ]).catch(async (error: unknown) => {
      await dynamoStarting.then((running) => running.stop()).catch(() => undefined);
      await issuerStarting.then((running) => running.stop()).catch(() => undefined);
      throw error;
    });
    const runningDynamo = started;
    cleanups.push(() => runningDynamo.stop());
    cleanups.push(() => issuer.stop());
    checkAborted();

    runningDynamo.process.once('exit', (code, exitSignal) => {
      if (stopping) return;
      options.onCrash?.(
        new Error(
          `DynamoDB Local berhenti tiba-tiba / stopped unexpectedly (${exitSignal ?? `exit code ${code}`})`,
        ),
      );
    });

    const client = new DynamoDBClient({
      endpoint: dynamoEndpoint,
      region: config.AWS_REGION,
      maxAttempts: 5,
    });
    cleanups.push(() => client.destroy());
    const tableIsNew = await createTable(client, config.TABLE_NAME);
    const seedStarted = performance.now();
    // SQLite on disk serialises writers: more batches in flight only queue up there.
    const { written } = await seedRegions(client, config.TABLE_NAME, regions, {
      writeConcurrency: dataDir ? 4 : 16,
      tableIsNew,
    });
    const seedMs = performance.now() - seedStarted;
    checkAborted();

    const errorLine = (line: string) => process.stderr.write(`${line}\n`);
    const pipeline = await startPipeline({
      root,
      region: config.AWS_REGION,
      dynamoDb: client,
      dynamoEndpoint,
      tableName: config.TABLE_NAME,
      queues: localQueues,
      ...(dataDir ? { checkpointFile: join(dataDir, STREAM_CHECKPOINT_FILE) } : {}),
      retryDelaySeconds: config.LOCAL_RETRY_DELAY_SECONDS,
      ...(faults ? { faults } : {}),
      log: errorLine,
    });
    cleanups.push(() => pipeline.stop());
    checkAborted();

    const schedules = await Promise.all(
      Object.entries(resolveSchedules({ digest: infraConfig.digestSchedule })).map(
        async ([name, definition]) => {
          const fn = definition.function as FunctionName;
          const invoke = functionExists(root, fn)
            ? await loadFunction(root, fn, config.AWS_REGION)
            : undefined;
          return { name, definition, invoke };
        },
      ),
    );
    const scheduler: LocalScheduler = startScheduler({
      schedules: schedules.flatMap(({ name, definition, invoke }) =>
        invoke === undefined
          ? []
          : [
              {
                name,
                expression: definition.expression,
                timeZone: definition.timeZone,
                run: async () => {
                  await invoke(scheduledEvent(new Date()));
                },
              },
            ],
      ),
      onError: (name, error) =>
        errorLine(
          `[scheduler] ${name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        ),
    });
    cleanups.push(() => scheduler.stop());

    const accessLog = ['TRACE', 'DEBUG', 'INFO'].includes(config.LOG_LEVEL);
    const gateway = createGateway({
      routes,
      functions,
      region: config.AWS_REGION,
      verifyJwt:
        options.verifyJwt ??
        createJwtVerifier({
          issuer: issuer.url,
          audience: [LOCAL_CLIENT_ID],
          keys: createRemoteJWKSet(new URL(issuer.jwksUrl)),
        }),
      log: {
        request: (line) => {
          if (accessLog) process.stdout.write(`${line}\n`);
        },
        error: (line) => process.stderr.write(`${line}\n`),
      },
    });
    cleanups.push(() => gateway.close());
    const listeningPort = await gateway.listen(apiPort, config.HOST).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new PortInUseError(config.PORT, 'local API', 'PORT') : error;
    });
    checkAborted();

    const scopeRegion = regions.find((region) => region.code === config.SCOPE_CODE);
    const count = (level: RegionRecord['level']) => regions.filter((region) => region.level === level).length;

    let stopped: Promise<void> | undefined;
    return {
      config,
      url: `http://${displayHost}:${listeningPort}`,
      port: listeningPort,
      dynamoEndpoint,
      dynamoPid: runningDynamo.process.pid ?? 0,
      tableName: config.TABLE_NAME,
      dataDir,
      dynamoStartMs: dynamoMs,
      issuer: { url: issuer.url, port: issuer.port, clientId: LOCAL_CLIENT_ID },
      scope: {
        code: config.SCOPE_CODE,
        name: scopeRegion?.name ?? 'Indonesia',
        regions: regions.length,
        districts: count('district'),
        villages: scopeRegion?.villageCount ?? count('village'),
        written,
        seedMs,
      },
      routeKeys: routes.map((route) => `${route.method} ${route.path}`),
      sqsEndpoint: localQueues.endpoint,
      queues: Object.fromEntries(
        (Object.keys(queueDefinitions) as QueueName[]).map((name) => [
          name,
          {
            url: localQueues.queues[name].url,
            dlqUrl: localQueues.queues[name].dlq.url,
            consumer: queueDefinitions[name].consumer,
            polled: pipeline.polled.includes(name),
          },
        ]),
      ) as LocalStack['queues'],
      streamFailureQueueUrl: localQueues.streamFailures.url,
      mailboxUrl: mailServer.url,
      schedules: schedules.map(({ name, definition }) => ({
        name,
        function: definition.function,
        expression: definition.expression,
        timeZone: definition.timeZone,
        nextRun: scheduler.nextRun(name),
      })),
      faults: faultRates,
      pipelineStats: () => pipeline.stats(),
      faultCounts: () => faults?.counts() ?? {},
      stop: () => {
        stopping = true;
        stopped ??= cleanUp();
        return stopped;
      },
      killNow: () => {
        stopping = true;
        if (runningDynamo.process.exitCode === null && runningDynamo.process.signalCode === null) {
          runningDynamo.process.kill('SIGKILL');
        }
      },
    };
  } catch (error) {
    stopping = true;
    await cleanUp();
    throw error;
  }
};
