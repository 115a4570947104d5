import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  defaultDomainPrefixBase,
  InfraConfigError,
  loadInfraConfig,
  parseInfraConfig,
  readCdkJsonConfig,
} from '../../infra/config.js';
import { resolveSchedules, scheduleDefinitions } from '../../shared/platform/pipeline-settings.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The one field without a default: every other test context starts from it. */
const MAIL = {
  from: 'kim@kim.example.id',
  identity: 'kim.example.id',
  appBaseUrl: 'https://kim.example.id',
};

const configFrom = (context: Record<string, unknown>) => {
  const own = context['kim-registry'] ?? {};
  const withMail = typeof own === 'object' && own !== null ? { mail: MAIL, ...own } : own;
  return loadInfraConfig(new App({ context: { ...context, 'kim-registry': withMail } }).node);
};

const parseWithMail = (input: Record<string, unknown>) => parseInfraConfig({ mail: MAIL, ...input });

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
      mail: MAIL,
    });
  });

  it('requires the mail sender, naming the fields it needs', () => {
    expect(errorOf(() => parseInfraConfig({})).message).toBe(
      'Invalid "kim-registry" configuration: kim-registry.mail: is required: { from, identity, appBaseUrl, configurationSetName? } (see docs/deploy.md)',
    );
  });

  it('reads the mail sender, the alarm email and the digest schedule', () => {
    const config = configFrom({
      'kim-registry': {
        alarmEmail: 'ops@kominfo.example.id',
        mail: {
          from: 'Noreply@Kim.Example.id',
          identity: 'kim.example.id',
          configurationSetName: 'kim-registry_mail',
          appBaseUrl: 'https://admin.kim.example.id/',
        },
        digestSchedule: { expression: 'cron(0 7 ? * FRI *)', timeZone: 'Asia/Jakarta' },
      },
    });
    expect(config).toMatchObject({
      alarmEmail: 'ops@kominfo.example.id',
      mail: {
        from: 'Noreply@Kim.Example.id',
        identity: 'kim.example.id',
        configurationSetName: 'kim-registry_mail',
        // Links are built as `${appBaseUrl}/admin/...`: no trailing slash.
        appBaseUrl: 'https://admin.kim.example.id',
      },
      digestSchedule: { expression: 'cron(0 7 ? * FRI *)', timeZone: 'Asia/Jakarta' },
    });
  });

  it('accepts an email identity sending as itself, and sandbox recipients as a comma-separated override', () => {
    const config = configFrom({
      'kim-registry': { mail: { ...MAIL, identity: 'kim@kim.example.id' } },
      'kim-registry.mail.sandboxRecipients': 'ppid@tabanan.example.id, kominfo@tabanan.example.id',
    });
    expect(config.mail).toMatchObject({
      identity: 'kim@kim.example.id',
      sandboxRecipients: ['ppid@tabanan.example.id', 'kominfo@tabanan.example.id'],
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.digestSchedule).toBeUndefined();
  });

  it('overrides one field of the digest schedule on the command line', () => {
    const config = configFrom({ 'kim-registry.digestSchedule.timeZone': 'Asia/Jayapura' });
    expect(config.digestSchedule).toEqual({ timeZone: 'Asia/Jayapura' });
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
    [{ alarmEmail: 'ops at kominfo' }, 'kim-registry.alarmEmail: must be an email address'],
    [{ mail: 'kim@kim.example.id' }, 'kim-registry.mail: must be an object { from, identity, appBaseUrl'],
    [{ mail: { ...MAIL, from: 'kim' } }, 'kim-registry.mail.from: must be an email address'],
    [{ mail: { ...MAIL, identity: 'kim example' } }, 'kim-registry.mail.identity: must be a domain name'],
    [
      { mail: { ...MAIL, from: 'kim@other.example.id' } },
      "kim-registry.mail.from: must be an address of the identity's domain (…@kim.example.id)",
    ],
    [
      { mail: { ...MAIL, identity: 'ppid@kim.example.id' } },
      'kim-registry.mail.from: must be the identity address itself',
    ],
    [
      { mail: { ...MAIL, appBaseUrl: 'http://kim.example.id' } },
      'kim-registry.mail.appBaseUrl: must be an absolute https URL',
    ],
    [
      { mail: { ...MAIL, appBaseUrl: 'https://kim.example.id/#x' } },
      'kim-registry.mail.appBaseUrl: must be an absolute https URL',
    ],
    [
      { mail: { ...MAIL, configurationSetName: 'kim mail' } },
      'kim-registry.mail.configurationSetName: must be 1-64 letters, digits, hyphens and underscores',
    ],
    [
      { mail: { ...MAIL, sandboxRecipients: ['x'] } },
      'kim-registry.mail.sandboxRecipients.0: must be an email address',
    ],
    [{ mail: { ...MAIL, replyTo: 'x@y.id' } }, 'kim-registry.mail: unknown field(s) replyTo'],
    [
      { digestSchedule: { expression: 'cron(0 8 * * MON)' } },
      'kim-registry.digestSchedule.expression: must be an EventBridge Scheduler cron expression such as cron(0 8 ? * MON *) (cron(0 8 * * MON): a cron expression has 6 fields, this one has 5)',
    ],
    [
      { digestSchedule: { expression: 'cron(0 8 * * MON *)' } },
      'exactly one of day-of-month and day-of-week must be "?"',
    ],
    [
      { digestSchedule: { timeZone: 'WITA' } },
      'kim-registry.digestSchedule.timeZone: must be an IANA time zone',
    ],
    [{ digestSchedule: { day: 'MON' } }, 'kim-registry.digestSchedule: unknown field(s) day'],
  ])('rejects %j naming the field', (input, message) => {
    expect(errorOf(() => parseWithMail(input)).message).toContain(message);
  });

  it('names every bad field in one message', () => {
    const { message } = errorOf(() => parseWithMail({ scope: 'x', logRetentionDays: 2 }));
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
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ 'kim-registry': { scope: '99.99.9', mail: MAIL } }),
      },
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

describe('schedules as deployed (resolveSchedules)', () => {
  it('are the definitions when the config overrides nothing', () => {
    expect(resolveSchedules()).toEqual(scheduleDefinitions);
    expect(resolveSchedules({ digest: undefined })).toEqual(scheduleDefinitions);
  });

  it('take the configured digest expression and time zone, and leave the rebuild alone', () => {
    const config = configFrom({
      'kim-registry': { digestSchedule: { expression: 'cron(30 7 ? * FRI *)', timeZone: 'Asia/Jakarta' } },
    });
    const schedules = resolveSchedules({ digest: config.digestSchedule });
    expect(schedules.digest).toEqual({
      ...scheduleDefinitions.digest,
      expression: 'cron(30 7 ? * FRI *)',
      timeZone: 'Asia/Jakarta',
    });
    expect(schedules.rebuildCoverage).toEqual(scheduleDefinitions.rebuildCoverage);
  });

  it('keep the default for a field the config leaves out', () => {
    const schedules = resolveSchedules({ digest: { timeZone: 'Asia/Jayapura' } });
    expect(schedules.digest.expression).toBe(scheduleDefinitions.digest.expression);
    expect(schedules.digest.timeZone).toBe('Asia/Jayapura');
  });
});

describe('readCdkJsonConfig', () => {
  it("reads cdk.json's kim-registry context, as the CDK app does without -c overrides", () => {
    const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));
    expect(readCdkJsonConfig(ROOT)).toEqual(loadInfraConfig(new App({ context: cdkJson.context }).node));
  });
});
