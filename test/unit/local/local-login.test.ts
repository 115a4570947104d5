import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../../infra/local/emulators/dev-token.js';
import { type LocalIssuer, startLocalIssuer } from '../../../infra/local/emulators/oidc-issuer.js';
import { loadOrCreateSigningKey } from '../../../infra/local/emulators/signing-key.js';

let issuer: LocalIssuer;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kim-local-login-'));
  issuer = await startLocalIssuer({ port: 0, host: '127.0.0.1', key: await loadOrCreateSigningKey(folder) });
});

afterAll(async () => {
  await issuer?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const REDIRECT = 'http://localhost:3000/konsol/masuk/kembali';
const base = () => `http://127.0.0.1:${issuer.port}`;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

/** Signs in on the development page as `role` and answers the code and the PKCE verifier. */
const signIn = async (role: string, region: string) => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const response = await fetch(
    `${base()}/oauth2/authorize`,
    form({
      client_id: LOCAL_CLIENT_ID,
      redirect_uri: REDIRECT,
      state: 'st',
      code_challenge: challenge,
      scope: 'openid',
      role,
      region,
      lifetime: '',
    }),
  );
  const location = new URL(response.headers.get('location') ?? 'http://invalid');
  return { status: response.status, location, code: location.searchParams.get('code') ?? '', verifier };
};

const token = (fields: Record<string, string>) =>
  fetch(`${base()}/oauth2/token`, form({ client_id: LOCAL_CLIENT_ID, ...fields }));

describe('the local managed login', () => {
  it('shows the development sign-in page for a PKCE authorize request, and refuses one without', async () => {
    const page = await fetch(
      `${base()}/oauth2/authorize?response_type=code&client_id=${LOCAL_CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<select id="role" name="role">');
    expect(html).toContain('id="region"');
    expect(
      (await fetch(`${base()}/oauth2/authorize?client_id=${LOCAL_CLIENT_ID}&redirect_uri=x`)).status,
    ).toBe(400);
  });

  it('exchanges a code once, with its verifier, for an access token like Cognito’s', async () => {
    const { status, location, code, verifier } = await signIn('ppid', '51.02.05');
    expect(status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st');

    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: 'x'.repeat(43),
      redirect_uri: REDIRECT,
    });
    expect(wrong.status).toBe(400);
    // A refused attempt spends the code, as Cognito does.
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: REDIRECT,
        })
      ).status,
    ).toBe(400);
    const again = await signIn('ppid', '51.02.05');
    const tokens = (await (
      await token({
        grant_type: 'authorization_code',
        code: again.code,
        code_verifier: again.verifier,
        redirect_uri: REDIRECT,
      })
    ).json()) as { access_token: string; refresh_token: string };
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: issuer.url,
      client_id: LOCAL_CLIENT_ID,
      token_use: 'access',
      'cognito:groups': ['ppid'],
      region_code: '51.02.05',
    });
    const reused = await token({
      grant_type: 'authorization_code',
      code: again.code,
      code_verifier: again.verifier,
      redirect_uri: REDIRECT,
    });
    expect(reused.status).toBe(400);
  });

  it('renews with the refresh token until it is revoked', async () => {
    const { code, verifier } = await signIn('admin', '');
    const { refresh_token: refreshToken } = (await (
      await token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT })
    ).json()) as { refresh_token: string };
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(renewed.status).toBe(200);
    expect(
      decodeJwt(((await renewed.json()) as { access_token: string }).access_token)['cognito:groups'],
    ).toEqual(['admin']);
    const revoked = await fetch(
      `${base()}/oauth2/revoke`,
      form({ token: refreshToken, client_id: LOCAL_CLIENT_ID }),
    );
    expect(revoked.status).toBe(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken })).status).toBe(400);
  });

  it('refuses a PPID officer without a region, keeping the page', async () => {
    const { status } = await signIn('ppid', 'not-a-code');
    expect(status).toBe(400);
  });

  it('still serves the discovery document and the keys', async () => {
    expect((await fetch(`${base()}/jwks`)).status).toBe(200);
    expect((await fetch(`${base()}/.well-known/openid-configuration`)).status).toBe(200);
  });
});
