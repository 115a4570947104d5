import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUSE_BUNDLING_DEFAULTS } from '../../../infra/constructs/house-function.js';
import {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider,
} from '../../../shared/platform/lambda-credentials.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

describe('the credentials of the deployed bundles', () => {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const name of VARIABLES) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('are what Lambda puts in the environment: key, secret and session token', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'token';

    const credentials = await defaultProvider()();

    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('are refused, not looked for elsewhere, when the environment has none', async () => {
    process.env.AWS_PROFILE = 'somebody';

    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });

  it('count as expired 5 minutes before their expiry, like the SDK chain they replace', () => {
    const inMinutes = (minutes: number) => ({
      accessKeyId: 'a',
      secretAccessKey: 's',
      expiration: new Date(Date.now() + minutes * 60_000),
    });

    expect(credentialsTreatedAsExpired(inMinutes(4))).toBe(true);
    expect(credentialsTreatedAsExpired(inMinutes(6))).toBe(false);
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 's' })).toBe(false);
    expect(credentialsWillNeedRefresh(inMinutes(60))).toBe(true);
    expect(credentialsWillNeedRefresh(undefined)).toBe(false);
  });

  it('replace the SDK default chain in the house bundling, by a path that exists', () => {
    const alias = String(HOUSE_BUNDLING_DEFAULTS.esbuildArgs?.['--alias']);
    const [from, to = ''] = alias.split('=');

    expect(from).toBe('@aws-sdk/credential-provider-node');
    expect(to).toBe('./shared/platform/lambda-credentials.ts');
    expect(existsSync(join(ROOT, to))).toBe(true);
  });
});
