import { createHash, randomUUID } from 'node:crypto';
import { importJWK, type JWTPayload, SignJWT } from 'jose';
import { REGION_CODE_CLAIM, type Role, SCOPES_BY_ROLE } from '../../../shared/auth/access-policy.js';
import type { SigningJwk } from './signing-key.js';

/** The local stand-in for the Cognito app client id: the audience (`client_id`) the local gateway accepts. */
export const LOCAL_CLIENT_ID = 'kim-registry-local';

/** How long a development token lives: a working day. */
export const DEV_TOKEN_TTL_SECONDS = 8 * 60 * 60;

const LOOPBACK_OR_ANY = ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'];

/** The local issuer's `iss`: `http://localhost:<port>` (or the configured host when it is a real one). */
export const localIssuerUrl = (host: string, port: number): string => {
  const shown = LOOPBACK_OR_ANY.includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
};

export interface DevTokenRequest {
  readonly issuer: string;
  readonly role: Role;
  /** The region a `ppid` user acts within; required for `ppid`, refused for `admin`. */
  readonly regionCode?: string;
  /** @default new Date() */
  readonly now?: Date;
  /** @default DEV_TOKEN_TTL_SECONDS */
  readonly ttlSeconds?: number;
}

/** A UUID-shaped id derived from `seed`, so one role and region is always the same user in the audit trail. */
const stableUuid = (seed: string): string => {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The claims of a development access token, shaped like a Cognito access token after the
 * pre-token-generation trigger: `cognito:groups` with the role, the role's scopes (as the trigger
 * leaves them), `client_id`, `token_use` = access, `username`, and `region_code` for a `ppid` user.
 */
export const devTokenClaims = (request: DevTokenRequest): JWTPayload => {
  if (request.role === 'ppid' && request.regionCode === undefined) {
    throw new RangeError('A ppid token needs a region code');
  }
  if (request.role === 'admin' && request.regionCode !== undefined) {
    throw new RangeError('An admin acts on the whole deployment scope: an admin token has no region code');
  }
  const issuedAt = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const identity = request.role === 'ppid' ? `ppid-${request.regionCode}` : request.role;
  return {
    sub: stableUuid(`kim-registry-local:${identity}`),
    'cognito:groups': [request.role],
    iss: request.issuer,
    version: 2,
    client_id: LOCAL_CLIENT_ID,
    token_use: 'access',
    scope: SCOPES_BY_ROLE[request.role].join(' '),
    auth_time: issuedAt,
    iat: issuedAt,
    exp: issuedAt + (request.ttlSeconds ?? DEV_TOKEN_TTL_SECONDS),
    jti: randomUUID(),
    username: `local-${identity}`,
    ...(request.role === 'ppid' ? { [REGION_CODE_CLAIM]: request.regionCode } : {}),
  };
};

/** Signs `claims` as a JWT with the local issuer's key (header `alg` and `kid`, as Cognito's). */
export const signAccessToken = async (claims: JWTPayload, key: SigningJwk): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(await importJWK(key, key.alg));
