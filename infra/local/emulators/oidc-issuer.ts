import { OAuth2Server } from 'oauth2-mock-server';
import { localIssuerUrl } from './dev-token.js';
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
 * persisted key, so tokens signed by `npm run token` verify against it across restarts. Its own
 * token endpoint signs with the same key, but its tokens carry no `token_use` = access, no
 * `client_id` and no groups, so the local gateway refuses them: `npm run token` is the way to get one.
 */
export const startLocalIssuer = async (options: LocalIssuerOptions): Promise<LocalIssuer> => {
  const server = new OAuth2Server();
  await server.issuer.keys.add({ ...options.key });
  await server.start(options.port, options.host);
  const port = server.address().port;
  const url = localIssuerUrl(options.host, port);
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
      stopped ??= server.stop();
      return stopped;
    },
  };
};
