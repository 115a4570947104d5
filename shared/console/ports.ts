/** Tokens the managed login's token endpoint answers. */
export interface TokenSet {
  readonly accessToken: string;
  /** Only on the first exchange: a refresh answers no new refresh token (Cognito's rule). */
  readonly refreshToken?: string;
}

/**
 * The OAuth 2.0 authorization server the console signs people in with: Cognito managed login on
 * AWS, the local issuer's stand-in locally. The console is a public client with PKCE (S256).
 */
export interface IdentityProvider {
  /** The origin the browser is sent to (sign-in, sign-out): the console's pages allow posts to end there. */
  readonly browserOrigin: string;
  /** Where to send the browser to sign in. */
  authorizeUrl(request: {
    readonly state: string;
    readonly codeChallenge: string;
    readonly redirectUri: string;
  }): string;
  /** Exchanges an authorization code; undefined when the server refuses it (used, expired, wrong verifier). */
  exchangeCode(request: {
    readonly code: string;
    readonly codeVerifier: string;
    readonly redirectUri: string;
  }): Promise<TokenSet | undefined>;
  /** A new access token for a refresh token; undefined when it is revoked or expired. */
  refresh(refreshToken: string): Promise<TokenSet | undefined>;
  /** Revokes a refresh token (and the access tokens issued from it). */
  revoke(refreshToken: string): Promise<void>;
  /** Where to send the browser so the managed login forgets its own session too. */
  logoutUrl(returnTo: string): string;
}

/** What verifying an access token found. */
export type TokenVerdict =
  | { readonly kind: 'valid'; readonly claims: Readonly<Record<string, unknown>>; readonly expiresAt: number }
  | { readonly kind: 'expired' }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Verifies an access token as the API's JWT authorizer does (issuer, client, expiry, token use, scope). */
export interface AccessTokenVerifier {
  verify(token: string): Promise<TokenVerdict>;
}
