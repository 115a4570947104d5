import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server } from 'oauth2-mock-server';
import { localIssuerUrl } from './dev-token.js';
import { createLocalLogin } from './local-login.js';
import type { SigningJwk } from './signing-key.js';

export interface LocalIssuer {
  /** The issuer (`iss`), for example `http://localhost:3001`. */
  readonly url: string;
  readonly port: number;
  /** Where this process fetches the JWKS from: the loopback address, never a detour through DNS. */
  readonly jwksUrl: string;
  stop(): Promise<void>;
}

export interface LocalIssuerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** The persisted signing key (see signing-key.ts): the JWKS publishes its public half. */
  readonly key: SigningJwk;
}

const WILDCARD = ['0.0.0.0', '::'];

/**
 * The local stand-in for the Cognito user pool's issuer: an `oauth2-mock-server` serving the
 * OpenID discovery document (`/.well-known/openid-configuration`) and the JWKS (`/jwks`) with the
 * persisted key, so tokens signed by `npm run token` verify against it across restarts; and, on
 * Cognito's paths, the console's development sign-in (local-login.ts), whose access tokens are the
 * same as `npm run token`'s. The mock server's own `/authorize` and `/token` stay unused.
 */
export const startLocalIssuer = async (options: LocalIssuerOptions): Promise<LocalIssuer> => {
  const server = new OAuth2Server();
  await server.issuer.keys.add({ ...options.key });
  let url = '';
  // The console's managed-login paths first (local-login.ts), the mock server's discovery and JWKS otherwise.
  const login = createLocalLogin({ issuer: () => url, key: options.key });
  const mock = server.service.requestHandler;
  const http = createServer((request, response) => {
    login(request, response).then(
      (handled) => {
        if (!handled) mock(request, response);
      },
      () => {
        response.statusCode = 500;
        response.end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  url = localIssuerUrl(options.host, port);
  server.issuer.url = url;
  const connectHost = WILDCARD.includes(options.host)
    ? '127.0.0.1'
    : options.host.includes(':')
      ? `[${options.host}]`
      : options.host;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    jwksUrl: `http://${connectHost}:${port}/jwks`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      return stopped;
    },
  };
};
