/**
 * `npm start`: the whole system on one machine (DynamoDB Local, the scope's regions, the local
 * API Gateway in front of the real handlers). Stops everything on Ctrl-C, SIGTERM, SIGHUP, a
 * crash, or DynamoDB Local dying; the watchdog (reaper.mjs) covers a SIGKILL of this process.
 */
import { JavaMissingError } from '../emulators/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../local-stack.js';
import { LocalStackConfigError } from '../stack/config.js';
import { DataDirInUseError } from '../stack/lock.js';
import { PortInUseError } from '../stack/ports.js';

const startedAt = performance.now();
const controller = new AbortController();
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** One line of what the pipeline did in this run: records, invocations, retries and injected faults. */
const pipelineSummary = (stack: LocalStack) => {
  const { stream, queues } = stack.pipelineStats();
  const parts = [
    `stream ${stream.records} records in ${stream.invocations} invocations, ${stream.failed} to the on-failure queue`,
    ...Object.entries(queues).map(
      ([name, stats]) =>
        `${name} ${stats.received} received, ${stats.deleted} deleted, ${stats.failed} failed in ${stats.invocations} invocations`,
    ),
    ...Object.entries(stack.faultCounts()).map(
      ([name, counts]) => `faults ${name} before=${counts.before} after=${counts.after}`,
    ),
  ];
  return `Pipeline: ${parts.join('; ')}`;
};

let exiting = false;
let running: LocalStack | undefined;

const shutdown = async (code: number, reason: string) => {
  if (exiting) return;
  exiting = true;
  (code === 0 ? out : err)(reason);
  controller.abort(new Error(reason));
  let exitCode = code;
  try {
    const stack = running ?? (await starting.catch(() => undefined));
    if (stack) out(pipelineSummary(stack));
    await stack?.stop();
  } catch (error) {
    err(`Stopping the local stack failed: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }
  if (exitCode === 0) out('Local stack stopped.');
  process.exit(exitCode);
};

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (exiting) {
      // A second signal: stop waiting. The exit hook below and the watchdog still end `java`.
      process.exit(1);
    }
    void shutdown(0, `${signal}: stopping the local stack...`);
  });
}
const onCrash = (error: unknown) => {
  err(error instanceof Error ? (error.stack ?? error.message) : String(error));
  void shutdown(1, 'The local stack crashed and was stopped.');
};
// Whoever read this process's output is gone (a test runner killed with SIGKILL, `| head`): stop,
// rather than run on unwatched, every line written to the closed pipe another error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => void shutdown(0, 'Output closed: stopping the local stack...'));
}
process.on('uncaughtException', onCrash);
process.on('unhandledRejection', onCrash);
process.on('exit', () => running?.killNow());

const starting = startLocalStack({
  signal: controller.signal,
  onCrash: (error) => void shutdown(1, `${error.message}; the local stack was stopped.`),
});

const userErrors = [JavaMissingError, PortInUseError, DataDirInUseError, LocalStackConfigError];

try {
  running = await starting;
} catch (error) {
  if (!exiting) {
    const known = userErrors.some((type) => error instanceof type);
    err(
      known && error instanceof Error ? error.message : String(error instanceof Error ? error.stack : error),
    );
    process.exit(1);
  }
}

if (running && !exiting) {
  const stack = running;
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const { scope, config } = stack;
  const rows: Array<[string, string]> = [
    ['API', `${stack.url}  (${stack.routeKeys.join(', ')})`],
    ['DynamoDB Local', `${stack.dynamoEndpoint}  table ${stack.tableName}, java pid ${stack.dynamoPid}`],
    [
      'OIDC issuer',
      `${stack.issuer.url}  (client id ${stack.issuer.clientId}; a token: npm run --silent token -- --role admin)`,
    ],
    ['Console', `${stack.url}/konsol  (sign in on the local issuer's page as admin, or ppid of a region)`],
    [
      'Data',
      stack.dataDir
        ? `${config.LOCAL_DATA_DIR}  (kept across restarts; reset with: npm run local:reset)`
        : 'in memory (LOCAL_IN_MEMORY=true): nothing is kept after stop',
    ],
    [
      'Scope',
      `${scope.code} ${scope.name}: ${scope.districts} districts, ${scope.villages} villages (${scope.regions} regions checked, ${scope.written} written, in ${Math.round(scope.seedMs)} ms)`,
    ],
    [
      'SQS (fauxqs)',
      `${stack.sqsEndpoint}  (failed messages come back after ${config.LOCAL_RETRY_DELAY_SECONDS} s locally)`,
    ],
    ...Object.entries(stack.queues).map(([name, queue]): [string, string] => [
      `Queue ${name}`,
      `${queue.url}  DLQ ${queue.dlqUrl}  (${queue.polled ? `consumer ${queue.consumer}` : `not polled: ${queue.consumer} is missing`})`,
    ]),
    ['Stream failures', stack.streamFailureQueueUrl],
    ['Mailbox', `${stack.mailboxUrl}  (emails sent by the functions; JSON at ${stack.mailboxUrl}/store)`],
    ...stack.schedules.map(({ name, expression, timeZone, nextRun, function: fn }): [string, string] => [
      'Schedule',
      nextRun
        ? `${name}: ${expression} ${timeZone} runs ${fn}, next at ${nextRun.toISOString()}`
        : `${name}: ${expression} ${timeZone} (not run: ${fn} is missing)`,
    ]),
    ...(Object.keys(stack.faults).length > 0
      ? [
          [
            'Faults',
            `LOCAL_FAULTS ${Object.entries(stack.faults)
              .map(([name, rate]) => `${name}=${rate}`)
              .join(',')}: injected by the pollers`,
          ] as [string, string],
        ]
      : []),
    ...(config.LOCAL_BATCHING_WINDOW_SECONDS === undefined
      ? []
      : [
          [
            'Batching',
            `LOCAL_BATCHING_WINDOW_SECONDS: every batching window at most ${config.LOCAL_BATCHING_WINDOW_SECONDS} s (deployed: the pipeline settings)`,
          ] as [string, string],
        ]),
    ...(config.LOCAL_TIME_OFFSET_HEADER
      ? [
          [
            'Clock',
            'LOCAL_TIME_OFFSET_HEADER: a request with x-local-time-offset-ms runs that far ahead in time',
          ] as [string, string],
        ]
      : []),
    ['Stop', 'Ctrl-C (stops the API, the pipeline, the mailbox and DynamoDB Local)'],
  ];
  out('kim-registry local stack');
  for (const [label, value] of rows) out(`  ${label.padEnd(16)}${value}`);
  out(
    `kim-registry local stack ready on ${stack.url} (started in ${seconds} s; DynamoDB Local took ${(stack.dynamoStartMs / 1000).toFixed(1)} s)`,
  );
}
