import { join, resolve } from 'node:path';
import { DynamoDbClient } from '../../shared/platform/dynamodb/client.js';
import { type QueueName, resolveSchedules } from '../../shared/platform/pipeline-settings.js';
import { loadScopeRegions } from '../../shared/regions/master-data.js';
import { routes } from '../app-definition.js';
import { LOCAL_CLIENT_ID } from './emulators/dev-token.js';
import { assertJava, createWriteBarrier } from './emulators/dynamodb-local.js';
import { loadOrCreateFormSecret } from './emulators/form-secret.js';
import { startS3CorsFront } from './emulators/s3-cors-front.js';
import { createFaultInjector, type FaultInjector, seededRandom } from './lambda/faults.js';
import type { JwtVerifier } from './lambda/gateway.js';
import { enableConcurrentInvocations } from './lambda/invocation-scope.js';
import { type Pipeline, startPipeline } from './lambda/pipeline.js';
import { installTimeOffset } from './lambda/time-offset.js';
import {
  type LocalStackConfig,
  parseFaultRates,
  parseLocalStackConfig,
  readDeploymentConfig,
} from './stack/config.js';
import { importRouteFunctions, setConsoleEnvironment, setHandlerEnvironment } from './stack/functions.js';
import { lockDataDir } from './stack/lock.js';
import { assertPortsFree, displayHost, portOrFree } from './stack/ports.js';
import { startSchedules } from './stack/schedules.js';
import { prepareTable } from './stack/seed.js';
import {
  createApiGateway,
  listenApiGateway,
  startDynamoDb,
  startIssuer,
  startMailbox,
  startQueues,
} from './stack/services.js';
import {
  type QueueSummary,
  queuesSummary,
  type ScheduleSummary,
  type ScopeSummary,
  schedulesSummary,
  scopeSummary,
} from './stack/summary.js';

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
  readonly queues: Readonly<Record<QueueName, QueueSummary>>;
  /** The table stream's on-failure queue. */
  readonly streamFailureQueueUrl: string;
  /** The local SES v2 endpoint, which is also the mailbox page (`/`) and its JSON store (`/store`). */
  readonly mailboxUrl: string;
  /** The schedules, when each fires next, and whether its function exists to be run. */
  readonly schedules: readonly ScheduleSummary[];
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

/** Where the stream poller keeps each shard's checkpoint, inside the data folder. */
const STREAM_CHECKPOINT_FILE = 'stream-checkpoints.json';

/**
 * Starts the whole local stack: DynamoDB Local, the table from the shared definition, the scope's
 * regions, the local SQS, mailbox and OIDC issuer, the pipeline's pollers, the local cron, and the
 * local API Gateway in front of the real handlers. Everything the settings can refuse is refused
 * before anything starts; whatever started is stopped again if a later step fails. Handlers read
 * their config at module load, so this sets the environment first and can run once per process.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const config = parseLocalStackConfig(options.env ?? process.env);
  const root = options.root ?? process.cwd();
  const signal = options.signal;

  await assertPortsFree(config);
  assertJava();
  const faultRates = parseFaultRates(config);
  const deployment = readDeploymentConfig(root);
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
    const dynamoPort = await portOrFree(config.DYNAMODB_PORT);
    const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
    // Chosen now: the emails' links name the API before it listens.
    const apiPort = await portOrFree(config.PORT);
    const host = displayHost(config.HOST);

    const localQueues = await startQueues(config);
    cleanups.push(() => localQueues.stop());
    const mailServer = await startMailbox(config);
    cleanups.push(() => mailServer.stop());
    // The bucket's CORS rule, which fauxqs lacks: the workspace's upload script PUTs from the site.
    const s3Front = await startS3CorsFront({
      target: localQueues.endpoint,
      allowedOrigins: [
        `http://${host}:${apiPort}`,
        `http://127.0.0.1:${apiPort}`,
        `http://localhost:${apiPort}`,
        ...(config.APP_BASE_URL ? [new URL(config.APP_BASE_URL).origin] : []),
      ],
    });
    cleanups.push(() => s3Front.stop());
    const resolvedSchedules = resolveSchedules({ digest: deployment.digestSchedule });
    setHandlerEnvironment(
      config,
      {
        dynamoEndpoint,
        queues: localQueues,
        mailUrl: mailServer.url,
        apiUrl: `http://${host}:${apiPort}`,
        s3Endpoint: s3Front.endpoint,
      },
      {
        digestSchedule: resolvedSchedules.digest,
        // Kept in the data folder even with LOCAL_IN_MEMORY, like the issuer's key: open forms outlive restarts.
        formSecret: loadOrCreateFormSecret(resolve(root, config.LOCAL_DATA_DIR), config.LOCAL_DATA_DIR),
      },
    );
    // One process runs every function: each invocation keeps its own log context, as in Lambda.
    enableConcurrentInvocations();
    // Before the functions load: a request may then ask for a clock of its own (tests only).
    if (config.LOCAL_TIME_OFFSET_HEADER) installTimeOffset();

    // DynamoDB Local takes seconds to answer: the master data and the handlers load meanwhile.
    const dynamoStarting = startDynamoDb(dynamoPort, dataDir);
    const issuerStarting = startIssuer(config, root);
    // The console reads its issuer's address at module load: the issuer listens first (milliseconds).
    const functionsImporting = issuerStarting.then((started) => {
      setConsoleEnvironment({ issuer: started, apiUrl: config.APP_BASE_URL ?? `http://${host}:${apiPort}` });
      return importRouteFunctions(root);
    });
    const [dynamo, regions, functions, issuer] = await Promise.all([
      dynamoStarting,
      loadScopeRegions(config.SCOPE_CODE),
      functionsImporting,
      issuerStarting,
    ]).catch(async (error: unknown) => {
      await dynamoStarting.then(({ running }) => running.stop()).catch(() => undefined);
      await issuerStarting.then((running) => running.stop()).catch(() => undefined);
      throw error;
    });
    const runningDynamo = dynamo.running;
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

    const client = new DynamoDbClient({
      endpoint: dynamoEndpoint,
      region: config.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
    });
    const seed = await prepareTable(client, config.TABLE_NAME, regions, { onDisk: dataDir !== undefined });
    checkAborted();
    // Nothing answers a client, deletes a message or advances a checkpoint before the writes
    // behind it are on disk (in memory nothing is, so nothing waits).
    const settle = dataDir ? createWriteBarrier(client, config.TABLE_NAME) : undefined;

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
      ...(config.LOCAL_BATCHING_WINDOW_SECONDS === undefined
        ? {}
        : { maxBatchingWindowSeconds: config.LOCAL_BATCHING_WINDOW_SECONDS }),
      ...(faults ? { faults } : {}),
      ...(settle ? { settle } : {}),
      log: errorLine,
    });
    cleanups.push(() => pipeline.stop());
    checkAborted();

    const schedules = await startSchedules({
      root,
      region: config.AWS_REGION,
      schedules: resolvedSchedules,
      ...(settle ? { settle } : {}),
      log: errorLine,
    });
    cleanups.push(() => schedules.scheduler.stop());

    const gateway = createApiGateway({
      config,
      routes,
      functions,
      issuer,
      verifyJwt: options.verifyJwt,
      ...(settle ? { settle } : {}),
    });
    cleanups.push(() => gateway.close());
    const listeningPort = await listenApiGateway(gateway, apiPort, config);
    checkAborted();

    let stopped: Promise<void> | undefined;
    return {
      config,
      url: `http://${host}:${listeningPort}`,
      port: listeningPort,
      dynamoEndpoint,
      dynamoPid: runningDynamo.process.pid ?? 0,
      tableName: config.TABLE_NAME,
      dataDir,
      dynamoStartMs: dynamo.startMs,
      issuer: { url: issuer.url, port: issuer.port, clientId: LOCAL_CLIENT_ID },
      scope: scopeSummary(config.SCOPE_CODE, regions, seed),
      routeKeys: routes.map((route) => `${route.method} ${route.path}`),
      sqsEndpoint: localQueues.endpoint,
      queues: queuesSummary(localQueues, pipeline.polled),
      streamFailureQueueUrl: localQueues.streamFailures.url,
      mailboxUrl: mailServer.url,
      schedules: schedulesSummary(schedules.entries, schedules.scheduler),
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
