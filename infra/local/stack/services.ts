import { resolve } from 'node:path';
import { createRemoteJWKSet } from 'jose';
import type { FunctionName, RouteDefinition } from '../../app-definition.js';
import { LOCAL_CLIENT_ID } from '../emulators/dev-token.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../emulators/dynamodb-local.js';
import { MailPortInUseError, type MailServer, startMailServer } from '../emulators/mail-server.js';
import { type LocalIssuer, startLocalIssuer } from '../emulators/oidc-issuer.js';
import { loadOrCreateSigningKey } from '../emulators/signing-key.js';
import { createGateway, type Gateway, type GatewayFunction, type JwtVerifier } from '../lambda/gateway.js';
import { createJwtVerifier } from '../lambda/jwt-verifier.js';
import { type LocalQueues, startLocalQueues } from '../lambda/pipeline.js';
import type { LocalStackConfig } from './config.js';
import { asPortInUse, portInUse } from './ports.js';

/** Client (C1-only) JIT and the serial collector: DynamoDB Local answers in about 2/3 of the time on 2 cores. */
export const JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** DynamoDB Local, in memory or keeping its data in `dataDir`, and how long it took to answer. */
export const startDynamoDb = async (
  port: number,
  dataDir: string | undefined,
): Promise<{ readonly running: DynamoDbLocal; readonly startMs: number }> => {
  const startedAt = performance.now();
  const running = await startDynamoDbLocal({
    port,
    javaOptions: JAVA_OPTIONS,
    ...(dataDir ? { dataDir } : {}),
  });
  return { running, startMs: performance.now() - startedAt };
};

/** The local SQS (fauxqs) with the pipeline's queues. */
export const startQueues = (config: LocalStackConfig): Promise<LocalQueues> =>
  startLocalQueues({ port: config.SQS_PORT, region: config.AWS_REGION }).catch(asPortInUse('sqs', config));

/** The local SES v2 API and its mailbox page. */
export const startMailbox = (config: LocalStackConfig): Promise<MailServer> =>
  startMailServer({ port: config.MAIL_PORT, host: config.HOST }).catch((error: unknown) => {
    throw error instanceof MailPortInUseError ? portInUse('mail', config) : error;
  });

/** The local OIDC issuer, signing with the key kept in the data folder (even when the data is in memory). */
export const startIssuer = async (config: LocalStackConfig, root: string): Promise<LocalIssuer> => {
  const key = await loadOrCreateSigningKey(resolve(root, config.LOCAL_DATA_DIR), config.LOCAL_DATA_DIR);
  return startLocalIssuer({ port: config.OIDC_PORT, host: config.HOST, key }).catch(
    asPortInUse('oidc', config),
  );
};

export interface ApiGatewayOptions {
  readonly config: LocalStackConfig;
  readonly routes: readonly RouteDefinition[];
  readonly functions: Partial<Record<FunctionName, GatewayFunction>>;
  /** Its tokens open the `jwt` routes, unless `verifyJwt` says otherwise. */
  readonly issuer: LocalIssuer;
  /** @default - the checks of API Gateway's JWT authorizer against `issuer` */
  readonly verifyJwt?: JwtVerifier;
  /** Awaited after each function returned, before the client gets its answer (see `loadFunction`). */
  readonly settle?: () => Promise<void>;
}

/**
 * The local API Gateway in front of the routed handlers, not yet listening: one access log line
 * per request on stdout when LOG_LEVEL is INFO or finer, errors on stderr.
 */
export const createApiGateway = (options: ApiGatewayOptions): Gateway => {
  const { config, issuer } = options;
  const accessLog = ['TRACE', 'DEBUG', 'INFO'].includes(config.LOG_LEVEL);
  return createGateway({
    routes: options.routes,
    functions: options.functions,
    region: config.AWS_REGION,
    ...(options.settle ? { settle: options.settle } : {}),
    timeOffsetHeader: config.LOCAL_TIME_OFFSET_HEADER,
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
};

/** Starts `gateway` listening on `port`; its port, which is the chosen one when `port` is 0. */
export const listenApiGateway = (gateway: Gateway, port: number, config: LocalStackConfig): Promise<number> =>
  gateway.listen(port, config.HOST).catch(asPortInUse('api', config));
