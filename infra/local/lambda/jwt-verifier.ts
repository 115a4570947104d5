import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtVerdict } from './gateway.js';

/** What the verifier needs of a route: the scopes of which the token must hold at least one. */
export interface ScopedRoute {
  readonly path: string;
  readonly scopes?: readonly string[];
}

export interface JwtVerifierOptions {
  /** The exact `iss` accepted. */
  readonly issuer: string;
  /** Accepted values of `aud` or, when a token has no `aud`, of `client_id`. */
  readonly audience: readonly string[];
  /** The issuer's public keys (its JWKS), looked up by the token's `kid`. */
  readonly keys: JWTVerifyGetKey;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** API Gateway's JWT authorizers accept RSA signatures only. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const quoted = (text: string) => text.replace(/["\\]/g, '');

/** The RFC 6750 challenge API Gateway's JWT authorizer puts in `www-authenticate`. */
const challenge = (error: 'invalid_token' | 'insufficient_scope', description: string, scopes = '') =>
  `Bearer scope="${quoted(scopes)}" error="${error}" error_description="${quoted(description)}"`;

const unauthorized = (description: string): JwtVerdict => ({
  authorized: false,
  statusCode: 401,
  wwwAuthenticate: challenge('invalid_token', description),
});

/** Why jose refused a token, in API Gateway's words where they are known. */
const describeRejection = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'exp') return 'the token has no valid expiry';
    return `the token's ${error.claim} claim is not valid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token kid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return 'the issuer keys could not be fetched';
  }
  return 'the token is not a valid JWT';
};

/**
 * A claim value as API Gateway hands it to a Lambda function in
 * `requestContext.authorizer.jwt.claims`: every value a string; arrays as `[a b]`, objects as
 * `map[k:v]` (Go's formatting, which is what API Gateway shows), numbers and booleans as text.
 */
export const claimText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${claimText(item)}`).join(' ')}]`;
  }
  return '';
};

/** The token's scopes, from `scope` (space-separated) or `scp` (a list or a string). */
const scopesOf = (payload: JWTPayload): string[] => {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((scope): scope is string => typeof scope === 'string');
  return [];
};

/** `aud` when the token has one (a string or a list), else `client_id`: API Gateway's rule. */
const audienceOf = (payload: JWTPayload): string[] => {
  if (payload.aud !== undefined) return Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return typeof payload.client_id === 'string' ? [payload.client_id] : [];
};

/**
 * Verifies the `authorization` header of a request to a `jwt` route the way API Gateway's JWT
 * authorizer does with a Cognito user pool, and answers as it does:
 * 401 `{"message":"Unauthorized"}` when the token is missing, not a JWT, not signed by one of the
 * issuer's keys (RSA only, found by `kid`), from another issuer, for another audience (`aud`, or
 * `client_id` when there is no `aud`), expired (`exp` required), not yet valid (`nbf`) or issued in
 * the future (`iat`); 403 `{"message":"Forbidden"}` when it holds none of the route's scopes.
 * It also requires `token_use` = `access`: the handlers read access-token claims. (On AWS an ID
 * token fails the scope check instead, since it carries no scope: 403 there, 401 here.)
 * On success the claims reach the function as API Gateway passes them: every value a string.
 */
export const createJwtVerifier = (options: JwtVerifierOptions) => {
  const now = options.now ?? (() => new Date());
  return async (authorization: string | undefined, route: ScopedRoute): Promise<JwtVerdict> => {
    const header = authorization?.trim() ?? '';
    if (header === '') return unauthorized('the token is missing');
    const token = BEARER.exec(header)?.[1] ?? (/\s/.test(header) ? undefined : header);
    if (token === undefined) return unauthorized('the token is not a valid JWT');

    const currentDate = now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        algorithms: RSA_ALGORITHMS,
        requiredClaims: ['exp'],
        currentDate,
      }));
    } catch (error) {
      return unauthorized(describeRejection(error));
    }
    if (typeof payload.iat === 'number' && payload.iat > Math.floor(currentDate.getTime() / 1000)) {
      return unauthorized('the token was issued in the future');
    }
    if (!audienceOf(payload).some((audience) => options.audience.includes(audience))) {
      return unauthorized('the token does not have a valid audience');
    }
    if (payload.token_use !== 'access') return unauthorized('the token is not an access token');

    const scopes = scopesOf(payload);
    const required = route.scopes ?? [];
    if (required.length > 0 && !required.some((scope) => scopes.includes(scope))) {
      return {
        authorized: false,
        statusCode: 403,
        wwwAuthenticate: challenge(
          'insufficient_scope',
          'the token does not hold a scope this route requires',
          required.join(' '),
        ),
      };
    }
    return {
      authorized: true,
      claims: Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, claimText(value)])),
      scopes,
    };
  };
};
