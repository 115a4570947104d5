import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  clearedSessionCookie,
  isGenuineWorkspacePost,
  openSessionCookie,
  readWorkspaceSession,
  WORKSPACE_SESSION_SECONDS,
  workspaceCsrfToken,
} from '../../../shared/workspace/session.js';

const SECRET = 'a-form-secret-of-at-least-thirty-two-characters';
const NOW = new Date('2026-03-02T02:00:00.000Z');
const ID = '01K0AAAAAAAAAAAAAAAAAAAAAA';

/** The request a browser sends back with the cookie of `setCookie` (name=value only). */
const requestWith = (setCookie: string, https = false, headers: Record<string, string> = {}) =>
  ({
    cookies: [setCookie.split(';')[0] ?? ''],
    headers: { ...(https ? { 'x-forwarded-proto': 'https' } : {}), host: 'kim.example.go.id', ...headers },
    requestContext: { domainName: 'kim.example.go.id', http: { method: 'POST' } },
  }) as unknown as APIGatewayProxyEventV2;

describe('the workspace session cookie', () => {
  it('is HttpOnly, SameSite=Lax, 12 hours, and __Host- over HTTPS', () => {
    const secure = openSessionCookie(SECRET, ID, { secure: true, now: NOW });
    expect(secure).toMatch(/^__Host-kelola=/);
    expect(secure).toContain('HttpOnly');
    expect(secure).toContain('Secure');
    expect(secure).toContain('SameSite=Lax');
    expect(secure).toContain(`Max-Age=${WORKSPACE_SESSION_SECONDS}`);
    expect(openSessionCookie(SECRET, ID, { secure: false, now: NOW })).toMatch(/^kelola=/);
  });

  it('opens the one registration it was made for, until it ends', () => {
    const cookie = openSessionCookie(SECRET, ID, { secure: true, now: NOW });
    expect(readWorkspaceSession(SECRET, requestWith(cookie, true), NOW)?.registrationId).toBe(ID);
    const end = new Date(NOW.getTime() + WORKSPACE_SESSION_SECONDS * 1000);
    expect(readWorkspaceSession(SECRET, requestWith(cookie, true), end)).toBeUndefined();
  });

  it('opens nothing when altered, sealed with another secret, or read as another cookie', () => {
    const cookie = openSessionCookie(SECRET, ID, { secure: false, now: NOW });
    const [name, value] = (cookie.split(';')[0] ?? '').split('=');
    const altered = `${name}=${value?.slice(0, -2)}${value?.endsWith('A') ? 'B' : 'A'}${value?.slice(-1)}`;
    expect(readWorkspaceSession(SECRET, requestWith(altered), NOW)).toBeUndefined();
    expect(readWorkspaceSession(`${SECRET}-other`, requestWith(cookie), NOW)).toBeUndefined();
    // The console's cookie name with the workspace's value: the name is authenticated.
    expect(readWorkspaceSession(SECRET, requestWith(`konsol=${value}`), NOW)).toBeUndefined();
    expect(readWorkspaceSession(SECRET, requestWith(cookie, true), NOW)).toBeUndefined();
  });

  it('binds its CSRF token to the session and to this site', () => {
    const cookie = openSessionCookie(SECRET, ID, { secure: true, now: NOW });
    const other = openSessionCookie(SECRET, ID, { secure: true, now: NOW });
    const session = readWorkspaceSession(SECRET, requestWith(cookie, true), NOW);
    const otherSession = readWorkspaceSession(SECRET, requestWith(other, true), NOW);
    if (!session || !otherSession) throw new Error('no session');
    const token = workspaceCsrfToken(SECRET, session);
    const sameSite = requestWith(cookie, true, { origin: 'https://kim.example.go.id' });
    const crossSite = requestWith(cookie, true, { origin: 'https://evil.example' });
    expect(isGenuineWorkspacePost(SECRET, sameSite, session, token)).toBe(true);
    expect(isGenuineWorkspacePost(SECRET, crossSite, session, token)).toBe(false);
    expect(isGenuineWorkspacePost(SECRET, sameSite, otherSession, token)).toBe(false);
    expect(isGenuineWorkspacePost(SECRET, sameSite, session, undefined)).toBe(false);
  });

  it('is deleted on sign-out', () => {
    expect(clearedSessionCookie(true)).toMatch(/^__Host-kelola=; Path=\/; Max-Age=0; HttpOnly; Secure/);
  });
});
