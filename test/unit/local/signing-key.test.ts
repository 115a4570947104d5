import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { devTokenClaims, signAccessToken } from '../../../infra/local/emulators/dev-token.js';
import {
  loadOrCreateSigningKey,
  publicJwk,
  SIGNING_KEY_FILE,
  SigningKeyError,
} from '../../../infra/local/emulators/signing-key.js';

const folders: string[] = [];
const folder = () => {
  const path = mkdtempSync(join(tmpdir(), 'kim-signing-key-'));
  folders.push(path);
  return path;
};
afterAll(() => {
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

describe('the local issuer signing key', () => {
  it('is made on first use, readable by its owner only, and the same on every later load', async () => {
    const dataDir = join(folder(), 'not-yet-there');
    const first = await loadOrCreateSigningKey(dataDir);
    const again = await loadOrCreateSigningKey(dataDir);

    expect(again).toEqual(first);
    expect(first).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: expect.any(String), d: expect.any(String) });
    expect(statSync(join(dataDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('is one key when several processes make it at once', async () => {
    const dataDir = folder();
    const keys = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateSigningKey(dataDir)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect(JSON.parse(readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8')).kid).toBe(keys[0]?.kid);
  });

  it('refuses a file that is not a private RS256 JWK, saying how to get a new one', async () => {
    const dataDir = folder();
    writeFileSync(join(dataDir, SIGNING_KEY_FILE), '{"kty":"oct","k":"c2VjcmV0"}');
    await expect(loadOrCreateSigningKey(dataDir, '.local/dynamodb')).rejects.toThrow(SigningKeyError);
    await expect(loadOrCreateSigningKey(dataDir, '.local/dynamodb')).rejects.toThrow(
      /\.local\/dynamodb\/oidc-signing-key\.json is not a private RS256 JWK: delete it/,
    );
  });

  it('publishes only its public half', async () => {
    const key = await loadOrCreateSigningKey(folder());
    expect(Object.keys(publicJwk(key)).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });
});

describe('development tokens', () => {
  const issuer = 'http://localhost:3001';
  const now = new Date('2026-03-02T08:00:00Z');

  it('are signed with the key, its kid in the header, and verify with the public half', async () => {
    const key = await loadOrCreateSigningKey(folder());
    const token = await signAccessToken(devTokenClaims({ issuer, role: 'admin', now }), key);

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: key.kid });
    const { payload } = await jwtVerify(token, await importJWK(publicJwk(key), 'RS256'), {
      issuer,
      currentDate: now,
    });
    expect(payload.exp).toBe(now.getTime() / 1000 + 8 * 3600);
  });

  it('give the same subject to the same role and region, and a different one otherwise', () => {
    const sub = (role: 'admin' | 'ppid', regionCode?: string) =>
      devTokenClaims({ issuer, role, ...(regionCode ? { regionCode } : {}) }).sub;
    expect(sub('ppid', '51.02.05')).toBe(sub('ppid', '51.02.05'));
    expect(new Set([sub('admin'), sub('ppid', '51.02.05'), sub('ppid', '51.02.01')]).size).toBe(3);
    expect(sub('admin')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('need a region for ppid and refuse one for admin', () => {
    expect(() => devTokenClaims({ issuer, role: 'ppid' })).toThrow(/needs a region code/);
    expect(() => devTokenClaims({ issuer, role: 'admin', regionCode: '51.02' })).toThrow(/no region code/);
  });
});
