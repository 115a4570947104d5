import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

type StartEmulator = (config: { port: number; host: string }) => Promise<Server>;

// A CommonJS module with `exports.default`: Node hands ESM the whole `module.exports`, bundlers
// and vitest sometimes the `default` export itself.
const startEmulator: StartEmulator =
  typeof sesLocal === 'function' ? (sesLocal as unknown as StartEmulator) : sesLocal.default;

export interface MailServerOptions {
  /** Port of the SES v2 emulator and its mailbox page; 0 picks a free one. @default 8005 */
  readonly port?: number;
  /** Interface it listens on. @default '127.0.0.1' */
  readonly host?: string;
}

export interface MailServer {
  /** Base URL: the SES v2 endpoint (`AWS_ENDPOINT_URL_SESV2`), the mailbox page at `/`, the JSON store at `/store`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections. Safe to call more than once. */
  stop(): Promise<void>;
}

/** The mail port is taken; the message names the port and the variable that moves it. */
export class MailPortInUseError extends Error {
  override readonly name = 'MailPortInUseError';
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `Port ${port} sudah dipakai / is already in use (local SES mailbox on ${host}): stop whatever uses it, or choose another port, for example MAIL_PORT=${port + 1} npm start`,
    );
  }
}

/**
 * Starts aws-ses-v2-local in this process: the SES v2 API (`SendEmail`, Simple and Raw) that the
 * functions call through `AWS_ENDPOINT_URL_SESV2`, a mailbox page at `/`, and `GET /store` (every
 * email received, as JSON) for tests. Emails live in memory until the process exits.
 *
 * The emulator keeps its emails in one module-wide store: two mail servers in one process share
 * their mailbox.
 */
export const startMailServer = async (options: MailServerOptions = {}): Promise<MailServer> => {
  const port = options.port ?? 8005;
  const host = options.host ?? '127.0.0.1';
  // The emulator resolves even when listening fails (Express hands the error to the listen
  // callback): whether it listens tells.
  const server = await startEmulator({ port, host });
  if (!server.listening) {
    server.close();
    throw new MailPortInUseError(port, host);
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
};
