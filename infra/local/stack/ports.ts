import { createServer } from 'node:net';
import { freePort } from '../emulators/dynamodb-local.js';
import type { LocalStackConfig } from './config.js';

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

/** Each port of the local stack: the variable that sets it, and what listens on it. */
const LOCAL_PORTS = {
  api: { variable: 'PORT', what: 'local API' },
  dynamoDb: { variable: 'DYNAMODB_PORT', what: 'DynamoDB Local' },
  oidc: { variable: 'OIDC_PORT', what: 'local OIDC issuer' },
  sqs: { variable: 'SQS_PORT', what: 'local SQS' },
  mail: { variable: 'MAIL_PORT', what: 'local SES mailbox' },
} as const;

export type LocalPort = keyof typeof LOCAL_PORTS;

/** The error for a port of the local stack that turned out to be taken, as configured. */
export const portInUse = (port: LocalPort, config: LocalStackConfig): PortInUseError => {
  const { variable, what } = LOCAL_PORTS[port];
  return new PortInUseError(config[variable], what, variable);
};

/** A listen error as a PortInUseError when it says the port is taken; any other error as it is. */
export const asPortInUse =
  (port: LocalPort, config: LocalStackConfig) =>
  (error: NodeJS.ErrnoException): never => {
    throw error.code === 'EADDRINUSE' ? portInUse(port, config) : error;
  };

const assertPortFree = (port: LocalPort, config: LocalStackConfig, host: string) =>
  new Promise<void>((resolvePort, reject) => {
    const portNumber = config[LOCAL_PORTS[port].variable];
    if (portNumber === 0) {
      resolvePort();
      return;
    }
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? portInUse(port, config) : error),
    );
    server.listen({ port: portNumber, host, exclusive: true }, () => server.close(() => resolvePort()));
  });

/** Fails with a PortInUseError, before anything starts, when a port the stack will listen on is taken. */
export const assertPortsFree = async (config: LocalStackConfig): Promise<void> => {
  await assertPortFree('api', config, config.HOST);
  await assertPortFree('dynamoDb', config, '0.0.0.0');
  await assertPortFree('oidc', config, config.HOST);
  // fauxqs listens on every interface.
  await assertPortFree('sqs', config, '0.0.0.0');
  await assertPortFree('mail', config, config.HOST);
};

/** The configured port, or a free one when it is 0. */
export const portOrFree = async (port: number): Promise<number> => (port === 0 ? await freePort() : port);

/** The host to print in addresses: `localhost` for any loopback or wildcard interface. */
export const displayHost = (host: string): string =>
  ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host) ? 'localhost' : host;
