import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlesBenchmark } from './bundles.js';
import { coldRequestBenchmark } from './cold-request.js';
import { coverageReadBenchmark } from './coverage-read.js';
import { dynamoDbLocalDurabilityBenchmark } from './dynamodb-local-durability.js';
import { dynamoDbLocalScalingBenchmark } from './dynamodb-local-scaling.js';
import type { Benchmark, BenchmarkReport } from './lib/report.js';
import { renderReport } from './lib/report.js';
import { nationalDigestBenchmark } from './national-digest.js';
import { nationalLoadBenchmark } from './national-load.js';
import { pagesBenchmark } from './pages.js';
import { pipelineBurstBenchmark } from './pipeline-burst.js';
import { postRegistrationsBenchmark } from './post-registrations.js';

/**
 * `npm run bench` runs every benchmark, each in its own Node.js process so no state leaks from
 * one to the next; `npm run bench -- <name> [...]` runs the named ones. Exits 1 if a goal fails.
 */
const benchmarks: readonly Benchmark[] = [
  bundlesBenchmark,
  coldRequestBenchmark,
  nationalLoadBenchmark,
  postRegistrationsBenchmark,
  dynamoDbLocalScalingBenchmark,
  dynamoDbLocalDurabilityBenchmark,
  coverageReadBenchmark,
  pagesBenchmark,
  pipelineBurstBenchmark,
  nationalDigestBenchmark,
];

// Node.js 20 is the documented local runtime (Lambda runs 24); the SDK's notice about it is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const RESULT_FILE_ENV = 'BENCH_RESULT_FILE';

const environment = (): string => {
  const cpu = cpus();
  const [one, five] = loadavg();
  return [
    '## Environment',
    '',
    `- Node.js ${process.version} on ${process.platform}/${process.arch}`,
    `- ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory`,
    `- load average before the run: ${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min)`,
  ].join('\n');
};

/** Runs one benchmark in this process, prints its report, and returns it. */
const runHere = async (benchmark: Benchmark): Promise<BenchmarkReport> => {
  const started = performance.now();
  const report = await benchmark.run();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${renderReport(report)}\n\n_${benchmark.name}: ${seconds} s_\n\n`);
  const resultFile = process.env[RESULT_FILE_ENV];
  if (resultFile) writeFileSync(resultFile, JSON.stringify(report));
  return report;
};

/** Runs one benchmark in a child process of its own and reads back its report. */
const runInChild = (benchmark: Benchmark): Promise<BenchmarkReport | undefined> => {
  const resultFile = join(tmpdir(), `kim-registry-bench-${process.pid}-${benchmark.name}.json`);
  rmSync(resultFile, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), benchmark.name],
      { stdio: 'inherit', env: { ...process.env, [RESULT_FILE_ENV]: resultFile } },
    );
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as BenchmarkReport);
      } catch {
        process.stderr.write(`${benchmark.name}: exited with code ${code} and no report\n`);
        resolve(undefined);
      } finally {
        rmSync(resultFile, { force: true });
      }
    });
  });
};

const main = async (): Promise<number> => {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = names.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const selected =
    names.length > 0
      ? benchmarks.filter((b) => names.includes(b.name))
      : benchmarks.filter((b) => !b.optional);
  const isChild = process.env[RESULT_FILE_ENV] !== undefined;
  if (!isChild) process.stdout.write(`# kim-registry benchmarks\n\n${environment()}\n\n`);

  const reports: Array<{ name: string; report: BenchmarkReport | undefined }> = [];
  for (const benchmark of selected) {
    if (!isChild) process.stdout.write(`_running ${benchmark.name}: ${benchmark.summary}…_\n\n`);
    const report = selected.length === 1 ? await runHere(benchmark) : await runInChild(benchmark);
    reports.push({ name: benchmark.name, report });
  }
  if (isChild) return 0;

  const failed = reports.flatMap(({ name, report }) =>
    report === undefined
      ? [`${name}: did not finish`]
      : report.goals.filter((g) => !g.pass).map((g) => g.goal),
  );
  const total = reports.reduce((sum, { report }) => sum + (report?.goals.length ?? 0), 0);
  process.stdout.write(
    total === 0
      ? 'No goals in this run.\n'
      : failed.length === 0
        ? `All ${total} goals met.\n`
        : `${failed.length} of ${total} goals not met:\n${failed.map((goal) => `- ${goal}`).join('\n')}\n`,
  );
  return failed.length === 0 ? 0 : 1;
};

process.exitCode = await main();
