import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { ADMIN_API_SCOPES } from '../../auth/access-policy.js';
import type { AccessTokenVerifier, TokenVerdict } from '../ports.js';

/** Cognito signs with RSA; API Gateway's JWT authorizers accept nothing else. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

const scopesOf = (payload: JWTPayload): string[] =>
  typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];

/**
 * Verifies Cognito access tokens with `jose` (aws-jwt-verify's Node fetcher only speaks HTTPS, so
 * it could not read the local issuer's keys): signature by a key of the issuer's JWKS (cached by
 * jose, looked up by `kid`), exact issuer, `exp` required and not passed, `client_id` the console's
 * app client, `token_use` = access, and the review scope, which both roles hold. Groups and the
 * region claim are checked next by the shared access policy (`principalFromClaims`).
 */
export class JoseAccessTokenVerifier implements AccessTokenVerifier {
  private readonly jwksUrl: URL;
  private keys: JWTVerifyGetKey | undefined;

  constructor(
    private readonly options: {
      readonly issuer: string;
      readonly clientId: string;
      readonly jwksUrl: string;
      readonly now?: () => Date;
    },
  ) {
    this.jwksUrl = new URL(options.jwksUrl);
  }

  async verify(token: string): Promise<TokenVerdict> {
    // The key set is made on the first verification: it builds a fetch `Headers`, and the first one
    // loads Node's fetch implementation (about 20 ms of CPU). Only the sign-in callback and a
    // session refresh verify a token, so the console's other requests never pay for it.
    this.keys ??= createRemoteJWKSet(this.jwksUrl);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        algorithms: RSA_ALGORITHMS,
        requiredClaims: ['exp'],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { kind: 'expired' };
      // The keys could not be fetched: the issuer's failure, not the token's (no sign-in loop).
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw error;
      return { kind: 'invalid', reason: error instanceof Error ? error.name : 'unknown' };
    }
    if (payload.client_id !== this.options.clientId) return { kind: 'invalid', reason: 'client_id' };
    if (payload.token_use !== 'access') return { kind: 'invalid', reason: 'token_use' };
    if (!scopesOf(payload).includes(ADMIN_API_SCOPES.review)) return { kind: 'invalid', reason: 'scope' };
    return { kind: 'valid', claims: payload, expiresAt: Number(payload.exp) };
  }
}
