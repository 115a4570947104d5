import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  defaultDomainPrefixBase,
  InfraConfigError,
  loadInfraConfig,
  parseInfraConfig,
} from '../../infra/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const configFrom = (context: Record<string, unknown>) => loadInfraConfig(new App({ context }).node);

const errorOf = (action: () => unknown): InfraConfigError => {
  try {
    action();
  } catch (error) {
    if (error instanceof InfraConfigError) return error;
    throw error;
  }
  throw new Error('expected an InfraConfigError');
};

describe('deployment configuration', () => {
  it('defaults to Tabanan (51.02) in Jakarta (ap-southeast-3), account-agnostic', () => {
    expect(configFrom({})).toEqual({
      scope: '51.02',
      region: 'ap-southeast-3',
      stackPrefix: 'KimRegistry',
      logRetentionDays: 90,
      apiThrottle: { rateLimit: 50, burstLimit: 100 },
      auth: { callbackUrls: ['http://localhost:5173/callback'], logoutUrls: ['http://localhost:5173/'] },
    });
  });

  it('reads the hosted UI URLs and domain prefix, comma-separated URLs on the command line', () => {
    const config = configFrom({
      'kim-registry': { auth: { domainPrefix: 'kim-tabanan' } },
      'kim-registry.auth.callbackUrls':
        'https://admin.kim.example.id/callback, http://localhost:5173/callback',
    });
    expect(config.auth).toEqual({
      callbackUrls: ['https://admin.kim.example.id/callback', 'http://localhost:5173/callback'],
      logoutUrls: ['http://localhost:5173/'],
      domainPrefix: 'kim-tabanan',
    });
  });

  it('derives the default domain prefix from the stack prefix, within Cognito limits', () => {
    expect(defaultDomainPrefixBase('KimRegistry')).toBe('kimregistry');
    expect(defaultDomainPrefixBase(`K${'-'.repeat(49)}x`)).toBe('k');
    expect(`${defaultDomainPrefixBase(`K${'x'.repeat(99)}`)}-123456789012`.length).toBeLessThanOrEqual(63);
  });

  it('reads the kim-registry object of the context (cdk.json)', () => {
    const config = configFrom({
      'kim-registry': {
        scope: 'ID',
        region: 'ap-southeast-1',
        account: '012345678901',
        logRetentionDays: 365,
      },
    });
    expect(config).toMatchObject({
      scope: 'ID',
      region: 'ap-southeast-1',
      account: '012345678901',
      logRetentionDays: 365,
    });
  });

  it('lets -c kim-registry.<field>=<value> override single fields, nested ones included', () => {
    const config = configFrom({
      'kim-registry': { scope: '51.02', apiThrottle: { rateLimit: 50, burstLimit: 100 } },
      // What `cdk synth -c kim-registry.scope=51 -c kim-registry.apiThrottle.rateLimit=20` passes: strings.
      'kim-registry.scope': '51',
      'kim-registry.apiThrottle.rateLimit': '20',
      'kim-registry.logRetentionDays': '30',
    });
    expect(config).toMatchObject({
      scope: '51',
      logRetentionDays: 30,
      apiThrottle: { rateLimit: 20, burstLimit: 100 },
    });
  });

  it.each([
    [{ scope: '51.2' }, 'kim-registry.scope: must be a Kemendagri region code'],
    [{ region: 'Jakarta' }, 'kim-registry.region: must be an AWS region name'],
    [{ account: '1234' }, 'kim-registry.account: must be a 12-digit AWS account id'],
    [{ stackPrefix: '1st stack' }, 'kim-registry.stackPrefix: must start with a letter'],
    [{ logRetentionDays: 45 }, 'kim-registry.logRetentionDays: must be one of 1, 3, 5'],
    [{ apiThrottle: { rateLimit: 0 } }, 'kim-registry.apiThrottle.rateLimit: must be greater than 0'],
    [{ apiThrottle: { burstLimit: 'many' } }, 'kim-registry.apiThrottle.burstLimit: must be a number'],
    [{ scopes: '51' }, 'kim-registry: unknown field(s) scopes'],
    [
      { auth: { callbackUrls: ['http://admin.kim.example.id/cb'] } },
      'kim-registry.auth.callbackUrls.0: must be an absolute https URL',
    ],
    [
      { auth: { logoutUrls: ['https://admin.kim.example.id/#out'] } },
      'kim-registry.auth.logoutUrls.0: must be an absolute https URL',
    ],
    [{ auth: { callbackUrls: [] } }, 'kim-registry.auth.callbackUrls: must list at least one URL'],
    [
      { auth: { domainPrefix: 'Kim_Tabanan' } },
      'kim-registry.auth.domainPrefix: must be 1-63 lower-case letters',
    ],
    [
      { auth: { domainPrefix: 'kim-cognito' } },
      'kim-registry.auth.domainPrefix: must not contain aws, amazon or cognito',
    ],
    [
      { stackPrefix: 'KimAws' },
      'kim-registry.auth.domainPrefix: must be set: the default domain prefix comes from stackPrefix',
    ],
    [{ auth: { clientSecret: 'x' } }, 'kim-registry.auth: unknown field(s) clientSecret'],
  ])('rejects %j naming the field', (input, message) => {
    expect(errorOf(() => parseInfraConfig(input)).message).toContain(message);
  });

  it('names every bad field in one message', () => {
    const { message } = errorOf(() => parseInfraConfig({ scope: 'x', logRetentionDays: 2 }));
    expect(message).toContain('kim-registry.scope');
    expect(message).toContain('kim-registry.logRetentionDays');
  });

  it('rejects a kim-registry context that is not an object', () => {
    expect(errorOf(() => configFrom({ 'kim-registry': '{"scope":"51"}' })).message).toContain(
      'override single fields with -c kim-registry.<field>=<value>',
    );
  });

  it('makes infra/app.ts exit 1 with one line naming the field, before any bundling', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'infra', 'app.ts')], {
      cwd: ROOT,
      // How the CDK CLI hands cdk.json context and -c flags to the app.
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ 'kim-registry': { scope: '99.99.9' } }) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid "kim-registry" configuration: kim-registry.scope: must be a Kemendagri region code such as 51.02 or 51, or ID for the whole country',
    ]);
    expect(result.stdout).toBe('');
  });
});
