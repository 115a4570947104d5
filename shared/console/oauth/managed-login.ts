import { ADMIN_API_SCOPES } from '../../auth/access-policy.js';
import type { IdentityProvider, TokenSet } from '../ports.js';

/** What the console asks for: the admin API's scopes (Cognito's token trigger drops those a group may not hold). */
const REQUESTED_SCOPES = ['openid', ...Object.values(ADMIN_API_SCOPES)].join(' ');

/** Token endpoint calls give up after this long: a page is waiting. */
const TIMEOUT_MS = 5000;

interface TokenResponse {
  readonly access_token?: unknown;
  readonly refresh_token?: unknown;
}

/**
 * The Cognito managed login (hosted UI) endpoints of a user pool domain, or the local issuer's
 * stand-in on the same paths: `/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`.
 */
export class ManagedLogin implements IdentityProvider {
  readonly browserOrigin: string;

  constructor(
    private readonly baseUrl: string,
    private readonly clientId: string,
  ) {
    this.browserOrigin = new URL(baseUrl).origin;
  }

  authorizeUrl(request: { state: string; codeChallenge: string; redirectUri: string }): string {
    const url = new URL(`${this.baseUrl}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: request.redirectUri,
      scope: REQUESTED_SCOPES,
      state: request.state,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.href;
  }

  private async post(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  }

  private async tokens(form: Record<string, string>): Promise<TokenSet | undefined> {
    const response = await this.post('/oauth2/token', { ...form, client_id: this.clientId });
    // 400 invalid_grant (used, expired, revoked) is an answer; a 5xx is the server's failure.
    if (response.status >= 500) throw new Error(`Token endpoint answered ${response.status}`);
    if (!response.ok) return undefined;
    const body = (await response.json()) as TokenResponse;
    if (typeof body.access_token !== 'string') return undefined;
    return {
      accessToken: body.access_token,
      ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    };
  }

  exchangeCode(request: { code: string; codeVerifier: string; redirectUri: string }) {
    return this.tokens({
      grant_type: 'authorization_code',
      code: request.code,
      code_verifier: request.codeVerifier,
      redirect_uri: request.redirectUri,
    });
  }

  refresh(refreshToken: string) {
    return this.tokens({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async revoke(refreshToken: string): Promise<void> {
    const response = await this.post('/oauth2/revoke', { token: refreshToken, client_id: this.clientId });
    if (!response.ok) throw new Error(`Revocation endpoint answered ${response.status}`);
  }

  logoutUrl(returnTo: string): string {
    const url = new URL(`${this.baseUrl}/logout`);
    url.search = new URLSearchParams({ client_id: this.clientId, logout_uri: returnTo }).toString();
    return url.href;
  }
}
