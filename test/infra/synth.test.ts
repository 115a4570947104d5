import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionDefinitions } from '../../infra/app-definition.js';
import { REGION_DATA_BUNDLE_DIR, REGION_DATA_FILES } from '../../infra/constructs/region-seed.js';
import { TOKEN_TRIGGER_DESCRIPTION } from '../../infra/stacks/stateful-stack.js';
import { digestScheduleEnvironment } from '../../shared/digests/config.js';
import { scheduleDefinitions } from '../../shared/platform/pipeline-settings.js';
import { type CfnTemplate, props, resourcesOfType } from './support/template.js';

/**
 * `cdk synth` exactly as `npm run synth` runs it (cdk.json, infra/app.ts, esbuild bundling),
 * offline and with no AWS credentials at all. The other infra tests skip bundling; this one
 * covers it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CDK = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

const withoutAwsCredentials = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    delete env[name];
  }
  return env;
};

let outdir: string;
let result: ReturnType<typeof spawnSync>;
let stateless: CfnTemplate;
let stateful: CfnTemplate;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'kim-synth-'));
  result = spawnSync(process.execPath, [CDK, 'synth', '--quiet', '--no-notices', '--output', outdir], {
    cwd: ROOT,
    env: withoutAwsCredentials(),
    encoding: 'utf8',
    // Bundling every function takes about a minute of CPU; a loaded machine stretches the wall time.
    timeout: 290_000,
  });
  if (result.status === 0) {
    stateless = JSON.parse(readFileSync(join(outdir, 'KimRegistry-Stateless.template.json'), 'utf8'));
    stateful = JSON.parse(readFileSync(join(outdir, 'KimRegistry-Stateful.template.json'), 'utf8'));
  }
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** The asset folder of a house function, from its S3 key (`<hash>.zip` is staged as `asset.<hash>`). */
const assetDirOf = (description: string, template: () => CfnTemplate = () => stateless): string => {
  const [entry] = resourcesOfType(template(), 'AWS::Lambda::Function').filter(
    ([, fn]) => props(fn).Description === description,
  );
  if (entry === undefined) throw new Error(`No function described "${description}"`);
  const key = (props(entry[1]).Code as { S3Key: string }).S3Key;
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
};

const houseFunctions = [
  ...Object.entries(functionDefinitions).map(([name, definition]) => ({
    name,
    dir: () => assetDirOf(definition.description),
  })),
  // The stateful stack's one function: the user pool refers to it.
  { name: 'preTokenGeneration', dir: () => assetDirOf(TOKEN_TRIGGER_DESCRIPTION, () => stateful) },
];

describe('cdk synth (npm run synth)', () => {
  it('succeeds offline without AWS credentials, cdk-nag included', () => {
    expect(result.error).toBeUndefined();
    expect(result.stderr).not.toMatch(/AwsSolutions-|ValidationFailed/);
    expect(result.status, String(result.stderr)).toBe(0);
    expect(existsSync(join(outdir, 'KimRegistry-Stateful.template.json'))).toBe(true);
  });

  it('uses the cdk.json configuration: scope 51.02, the mail identity', () => {
    const [[, seed] = ['', { Type: '' }]] = resourcesOfType(stateless, 'Custom::RegionSeed');
    expect(props(seed).Scope).toBe('51.02');
    const [[, identity] = ['', { Type: '' }]] = resourcesOfType(stateful, 'AWS::SES::EmailIdentity');
    expect(props(identity).EmailIdentity).toBe('kim.example.id');
  });

  it.each(houseFunctions)('bundles $name as minified ESM with a source map', ({ dir }) => {
    const code = readFileSync(join(dir(), 'index.mjs'), 'utf8');
    expect(existsSync(join(dir(), 'index.mjs.map'))).toBe(true);
    // Booleans, not matchers on `code`: a failure must not print 800 KB of bundle.
    expect(code.startsWith('import { createRequire'), 'starts with the require banner').toBe(true);
    expect(/export\s*\{[^}]*\bhandler\b/.test(code), 'exports handler as ESM').toBe(true);
    expect(code.split('\n').length < code.length / 1000, 'minified').toBe(true);
  });

  it('ships the idn-area-data files and their licence beside the seeder bundle', () => {
    const seeder = houseFunctions.find((fn) => fn.name === 'seedRegions');
    if (seeder === undefined) throw new Error('No seedRegions definition');
    for (const file of REGION_DATA_FILES) {
      expect(readFileSync(join(seeder.dir(), REGION_DATA_BUNDLE_DIR, file), 'utf8').length).toBeGreaterThan(
        0,
      );
    }
  });

  it('produces bundles that load in a fresh Node process', () => {
    const urls = houseFunctions.map(({ dir }) => pathToFileURL(join(dir(), 'index.mjs')).href);
    const script = `for (const url of ${JSON.stringify(urls)}) { const m = await import(url); if (typeof m.handler !== 'function') throw new Error(url + ' exports no handler'); }`;
    const load = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      // What the stacks set (as deploy-time references) for the functions that read them at load.
      env: {
        ...process.env,
        TABLE_NAME: 'kim-test',
        SCOPE_CODE: '51.02',
        AWS_REGION: 'ap-southeast-3',
        COVERAGE_QUEUE_URL: 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/coverage',
        NOTIFY_QUEUE_URL: 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/notify',
        MAIL_FROM: 'kim@kim.example.id',
        MAIL_CONFIGURATION_SET: 'kim-mail',
        APP_BASE_URL: 'https://kim.example.id',
        POWERTOOLS_METRICS_NAMESPACE: 'KimRegistry',
        ...digestScheduleEnvironment(scheduleDefinitions.digest),
        FORM_SECRET: 'f'.repeat(64),
        DOCUMENT_BUCKET: 'kim-test-documents',
        CONSOLE_AUTH_URL: 'https://kim-registry-123456789012.auth.ap-southeast-3.amazoncognito.com',
        CONSOLE_TOKEN_ISSUER: 'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_example',
        CONSOLE_JWKS_URL:
          'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_example/.well-known/jwks.json',
        CONSOLE_CLIENT_ID: 'exampleclientid',
        CONSOLE_BASE_URL: 'https://kim.example.id',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(load.stderr).toBe('');
    expect(load.status).toBe(0);
  });
});
