import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build } from 'esbuild';
import { functionDefinitions } from '../infra/app-definition.js';
import { HOUSE_BUNDLING_DEFAULTS } from '../infra/constructs/house-function.js';
import { digestScheduleEnvironment } from '../shared/digests/config.js';
import { scheduleDefinitions } from '../shared/platform/pipeline-settings.js';
import { PROJECT_ROOT, WORK_DIR } from './lib/paths.js';
import type { Benchmark, BenchmarkReport, GoalResult } from './lib/report.js';
import { formatKb, formatMs, formatRatio, median, percentile } from './lib/stats.js';

const MAX_BUNDLE_BYTES = 450 * 1024;
/** The budget of a function that bundles a second AWS client (SES, SQS, S3) beside DynamoDB's. */
const MAX_BUNDLE_BYTES_SECOND_CLIENT = 500 * 1024;
const MAX_IMPORT_RATIO = 1.3;
/** Measured imports per bundle, after one unmeasured round that warms the file cache. */
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 11);
/**
 * `BENCH_FUNCTIONS=notify,fanOut` measures only those functions (and the baseline), for a quick
 * before/after of a change to a few of them; unset, every function of the route table.
 */
const ONLY_FUNCTIONS = (process.env.BENCH_FUNCTIONS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name.length > 0);
/** The house construct's default runtime; its major version is esbuild's target, as CDK derives it. */
const RUNTIME = Runtime.NODEJS_24_X;

/** Fields of `BundlingOptions` this benchmark knows how to turn into esbuild options. */
const MIRRORED = new Set<keyof BundlingOptions>([
  'minify',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'format',
  'mainFields',
  'banner',
  'footer',
  'bundleAwsSDK',
  'externalModules',
  'target',
  'define',
  'keepNames',
  'inject',
  'forceDockerBundling',
  'commandHooks',
  'esbuildArgs',
]);

/** `esbuildArgs` this benchmark turns into esbuild options; any other one is refused. */
const MIRRORED_ESBUILD_ARGS: Readonly<Record<string, (value: string | boolean | string[]) => BuildOptions>> =
  {
    '--jsx': (value) => ({ jsx: value as BuildOptions['jsx'] }),
    '--jsx-import-source': (value) => ({ jsxImportSource: String(value) }),
    // `--alias:<package>=<path>` (one string, or a list of them), as NodejsFunction writes it.
    '--alias': (value) => ({
      alias: Object.fromEntries(
        (Array.isArray(value) ? value : [String(value)]).map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
      ),
    }),
  };

/**
 * The esbuild options `NodejsFunction` passes on the command line for these bundling options
 * (aws-lambda-nodejs `Bundling.buildEsbuildArgs`), as JS API options. Throws on an option it does
 * not mirror, so the benchmark cannot silently measure something other than what is deployed.
 */
export const esbuildOptionsFor = (bundling: BundlingOptions, entry: string, outdir: string): BuildOptions => {
  const unknown = Object.keys(bundling).filter((key) => !MIRRORED.has(key as keyof BundlingOptions));
  if (unknown.length > 0) {
    throw new Error(`bench/bundles.ts does not mirror the bundling option(s) ${unknown.join(', ')} yet`);
  }
  const esbuildArgs = Object.entries(bundling.esbuildArgs ?? {});
  const unknownArgs = esbuildArgs.filter(([name]) => MIRRORED_ESBUILD_ARGS[name] === undefined);
  if (unknownArgs.length > 0) {
    throw new Error(
      `bench/bundles.ts does not mirror the esbuild argument(s) ${unknownArgs.map(([name]) => name).join(', ')} yet`,
    );
  }
  const mirroredArgs = Object.assign(
    {},
    ...esbuildArgs.map(([name, value]) => MIRRORED_ESBUILD_ARGS[name]?.(value) ?? {}),
  ) as BuildOptions;
  const esm = bundling.format === OutputFormat.ESM;
  const sourceMapMode = bundling.sourceMapMode ?? (bundling.sourceMap ? SourceMapMode.DEFAULT : undefined);
  const externals = bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']);
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundling.target ?? `node${/nodejs(\d+)/.exec(RUNTIME.name)?.[1]}`,
    ...(bundling.format ? { format: bundling.format } : {}),
    outfile: join(outdir, esm ? 'index.mjs' : 'index.js'),
    minify: bundling.minify ?? false,
    ...(sourceMapMode === undefined
      ? {}
      : { sourcemap: sourceMapMode === SourceMapMode.DEFAULT ? true : sourceMapMode }),
    sourcesContent: bundling.sourcesContent ?? true,
    external: externals,
    ...(bundling.define ? { define: bundling.define } : {}),
    keepNames: bundling.keepNames ?? false,
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.footer ? { footer: { js: bundling.footer } } : {}),
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.inject ? { inject: bundling.inject } : {}),
    ...mirroredArgs,
    logLevel: 'warning',
  };
};

/** The environment a deployed function has at cold start (house construct and `grantTableActions`). */
export const functionEnvironment = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_REGION: 'ap-southeast-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'kim-registry-bench',
  SCOPE_CODE: '51.02',
  POWERTOOLS_SERVICE_NAME: 'kim-registry',
  LOG_LEVEL: 'INFO',
  REGION_DATA_DIR: join(PROJECT_ROOT, 'node_modules', 'idn-area-data', 'data'),
  // What the stateless stack sets on the pipeline and mail functions.
  COVERAGE_QUEUE_URL: 'https://sqs.ap-southeast-3.amazonaws.com/000000000000/coverage',
  NOTIFY_QUEUE_URL: 'https://sqs.ap-southeast-3.amazonaws.com/000000000000/notify',
  MAIL_FROM: 'kim@kim.example.id',
  APP_BASE_URL: 'https://kim.example.id',
  POWERTOOLS_METRICS_NAMESPACE: 'KimRegistry',
  DOCUMENT_BUCKET: 'kim-registry-bench-documents',
  ...digestScheduleEnvironment(scheduleDefinitions.digest),
  // What the stack resolves into the page functions' environment (a generated secret, the user pool).
  FORM_SECRET: 'b'.repeat(64),
  CONSOLE_AUTH_URL: 'https://kim-registry-000000000000.auth.ap-southeast-3.amazoncognito.com',
  CONSOLE_TOKEN_ISSUER: 'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_bench',
  CONSOLE_JWKS_URL:
    'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_bench/.well-known/jwks.json',
  CONSOLE_CLIENT_ID: 'benchclient',
  CONSOLE_BASE_URL: 'https://kim.example.id',
});

/** Times `await import(file)` inside a fresh `node` process; the process start itself is not counted. */
const PROBE = `const cpu = process.cpuUsage();
const t = performance.now();
await import(process.argv[1]);
const importMs = performance.now() - t;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ importMs, cpuMs: (used.user + used.system) / 1000 }));`;

interface ImportTiming {
  /** Wall-clock time of the import: what a cold start waits for. */
  readonly importMs: number;
  /** CPU time of the process during the import (all its threads): less sensitive to other load. */
  readonly cpuMs: number;
}

const timeImport = (file: string): Promise<ImportTiming> =>
  new Promise((resolve, reject) => {
    // The house construct sets NODE_OPTIONS=--enable-source-maps on every function.
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', PROBE, pathToFileURL(file).href],
      { env: functionEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`Importing ${file} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(JSON.parse(line) as ImportTiming);
    });
  });

export interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /**
   * Clients of AWS services other than DynamoDB that esbuild put in the bundle: SDK clients
   * (`client-sqs`, …), `aws4fetch`, the signer S3 and SES are spoken through, or our SQS client
   * (`sqs`).
   */
  readonly otherClients: readonly string[];
}

const AWS_CLIENT =
  /node_modules\/(?:@aws-sdk\/(client-[^/]+)|(aws4fetch))\/|shared\/platform\/(sqs)\/client\.ts$/;

const BASELINE_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const client = new DynamoDBClient({});
export const handler = async () => ({ statusCode: 200 });
`;

/**
 * What a baseline bundle adds to the house options: the SDK's credential chain replaced by its
 * environment provider (see bench/lib/baseline-credentials.ts), so the baseline is the leanest
 * DynamoDBClient, 190 KB, and not one with 133 KB of providers a Lambda function never runs.
 */
export const BASELINE_BUILD_OPTIONS: BuildOptions = {
  alias: {
    '@aws-sdk/credential-provider-node': join(PROJECT_ROOT, 'bench', 'lib', 'baseline-credentials.ts'),
  },
};

/** Bundles `entry` as the house construct would, into `<outRoot>/<name>/index.mjs`. */
export const bundleOne = async (
  name: string,
  entry: string,
  outRoot: string,
  extra: BuildOptions = {},
): Promise<BuiltBundle> => {
  const outdir = join(outRoot, name);
  const options = { ...esbuildOptionsFor(HOUSE_BUNDLING_DEFAULTS, entry, outdir), ...extra };
  const { metafile } = await build({ ...options, metafile: true });
  const file = options.outfile ?? '';
  const clients = new Set(
    Object.keys(metafile.inputs)
      .map((input) => {
        const match = AWS_CLIENT.exec(input);
        return match?.[1] ?? match?.[2] ?? match?.[3];
      })
      .filter((client) => client !== undefined && client !== 'client-dynamodb'),
  );
  return {
    name,
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`).size,
    otherClients: [...clients].sort() as string[],
  };
};

export const bundlesBenchmark: Benchmark = {
  name: 'bundles',
  summary:
    'minified bundle size and cold import time of every function, against a DynamoDBClient-only bundle',
  async run(): Promise<BenchmarkReport> {
    const outRoot = join(WORK_DIR, 'bundles');
    rmSync(outRoot, { recursive: true, force: true });
    mkdirSync(outRoot, { recursive: true });
    const baselineEntry = join(outRoot, 'baseline-entry.ts');
    writeFileSync(baselineEntry, BASELINE_SOURCE);

    const baseline = await bundleOne('baseline', baselineEntry, outRoot, BASELINE_BUILD_OPTIONS);
    const unknown = ONLY_FUNCTIONS.filter((name) => !Object.hasOwn(functionDefinitions, name));
    if (unknown.length > 0) {
      throw new Error(`BENCH_FUNCTIONS names no function called ${unknown.join(', ')}`);
    }
    const functions: BuiltBundle[] = [];
    for (const [name, definition] of Object.entries(functionDefinitions)) {
      if (ONLY_FUNCTIONS.length > 0 && !ONLY_FUNCTIONS.includes(name)) continue;
      functions.push(await bundleOne(name, join(PROJECT_ROOT, definition.entry), outRoot));
    }

    const all = [baseline, ...functions];
    const samples = new Map<string, ImportTiming[]>(all.map((bundle) => [bundle.name, []]));
    // Round-robin, starting each round one bundle later, so drift in machine load spreads evenly.
    for (let round = 0; round <= IMPORT_RUNS; round++) {
      for (let i = 0; i < all.length; i++) {
        const bundle = all[(i + round) % all.length];
        if (!bundle) continue;
        const timing = await timeImport(bundle.file);
        if (round > 0) samples.get(bundle.name)?.push(timing);
      }
    }

    const wall = (name: string) => (samples.get(name) ?? []).map((timing) => timing.importMs);
    const cpu = (name: string) => (samples.get(name) ?? []).map((timing) => timing.cpuMs);
    const baselineMs = median(wall(baseline.name));
    const baselineCpuMs = median(cpu(baseline.name));
    const goals: GoalResult[] = [];
    const rows = all.map((bundle) => {
      const importMs = median(wall(bundle.name));
      const ratio = importMs / baselineMs;
      const cpuMs = median(cpu(bundle.name));
      if (bundle !== baseline) {
        const maxBytes = bundle.otherClients.length > 0 ? MAX_BUNDLE_BYTES_SECOND_CLIENT : MAX_BUNDLE_BYTES;
        goals.push(
          {
            goal: `${bundle.name}: bundle ≤ ${formatKb(maxBytes)}${bundle.otherClients.length > 0 ? ` (${bundle.otherClients.join(', ')})` : ''}`,
            measured: formatKb(bundle.bytes),
            pass: bundle.bytes <= maxBytes,
          },
          {
            goal: `${bundle.name}: import ≤ ${MAX_IMPORT_RATIO}× baseline`,
            measured: formatRatio(ratio),
            pass: ratio <= MAX_IMPORT_RATIO,
          },
        );
      }
      return [
        bundle === baseline ? 'baseline (DynamoDBClient only)' : bundle.name,
        formatKb(bundle.bytes),
        formatKb(bundle.mapBytes),
        formatMs(importMs),
        formatMs(percentile(wall(bundle.name), 90)),
        formatRatio(ratio),
        formatMs(cpuMs),
        formatRatio(cpuMs / baselineCpuMs),
      ];
    });

    return {
      title: 'Function bundles: size and cold import time',
      headers: [
        'bundle',
        'index.mjs',
        'index.mjs.map',
        'import p50 (ms)',
        'import p90 (ms)',
        'p50 vs baseline',
        'import CPU p50 (ms)',
        'CPU vs baseline',
      ],
      rows,
      goals,
      notes: [
        `Bundled with the esbuild JS API from the house construct's own HOUSE_BUNDLING_DEFAULTS, mapped field by field the way NodejsFunction maps them (target node${/nodejs(\d+)/.exec(RUNTIME.name)?.[1]}, ESM, minified, source map in a separate file, AWS SDK bundled as deployed).`,
        `Import time: \`await import(bundle)\` timed inside a fresh \`node --enable-source-maps\` process with the function's environment; ${IMPORT_RUNS} runs per bundle (one warm-up round dropped), interleaved round-robin with the baseline. The goal is judged on the wall-clock median; CPU time is shown beside it because it moves less when other work shares the machine.`,
        'The baseline is built with the same options from a module that only constructs `new DynamoDBClient({})` at module scope, its credential chain aliased to the environment provider alone (bench/lib/baseline-credentials.ts): the leanest DynamoDB client the SDK makes.',
        `Size budget ${formatKb(MAX_BUNDLE_BYTES)}, or ${formatKb(MAX_BUNDLE_BYTES_SECOND_CLIENT)} for a bundle that esbuild's metafile shows holding a second AWS client: an SDK client, aws4fetch, which signs the S3 and SES requests, or our SQS client (the goal names them).`,
      ],
    };
  },
};
