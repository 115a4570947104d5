/**
 * `npm run rebuild-coverage [-- --region 51.02]`: recounts the coverage counters of the running
 * local stack (`npm start`) from its registrations, repairs any drift and prints the report, the
 * same use case as `POST /admin/coverage/rebuild` and the weekly schedule. It reads the same
 * variables as `npm start` (DYNAMODB_PORT, TABLE_NAME, SCOPE_CODE, LOCAL_RETRY_DELAY_SECONDS).
 *
 * Registrations changed in the last GRACE_SECONDS are left to the pipeline. The default follows
 * the rule of the 15 minutes on AWS (`PIPELINE_GRACE_MS`): as long as the coverage queue may still
 * redeliver an event, maxReceiveCount (5) receives, here LOCAL_RETRY_DELAY_SECONDS (1 s) apart
 * instead of a 180 s visibility timeout: 5 seconds. The command is run after a test run or a
 * stretch of development, when the local pipeline has long drained; 15 minutes would leave it
 * nothing to check.
 */
import { parseArgs } from 'node:util';
import { queueDefinitions } from '../../../shared/platform/pipeline-settings.js';
import { LocalStackConfigError, parseLocalStackConfig } from '../stack/config.js';

const USAGE = 'usage: npm run rebuild-coverage [-- --region <district or larger region code>]';
const out = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`${line}\n`);
  process.exit(1);
};

let region: string | undefined;
try {
  ({
    values: { region },
  } = parseArgs({ options: { region: { type: 'string' } }, strict: true, allowPositionals: false }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
}

let config: ReturnType<typeof parseLocalStackConfig>;
try {
  config = parseLocalStackConfig(process.env);
} catch (error) {
  fail(error instanceof LocalStackConfigError ? error.message : String(error));
  throw error;
}
const graceSeconds = Number(
  process.env.GRACE_SECONDS || queueDefinitions.coverage.maxReceiveCount * config.LOCAL_RETRY_DELAY_SECONDS,
);
if (!Number.isFinite(graceSeconds) || graceSeconds < 0) fail('GRACE_SECONDS must be a number of seconds ≥ 0');

Object.assign(process.env, {
  AWS_REGION: config.AWS_REGION,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${config.DYNAMODB_PORT}`,
  TABLE_NAME: config.TABLE_NAME,
  SCOPE_CODE: config.SCOPE_CODE,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
delete process.env.AWS_SESSION_TOKEN;

// Imported after the environment is set: the wiring reads it when it builds its clients.
const { rebuildDependencies } = await import('../../../shared/village-coverage/wiring.js');
const { requestCoverageRebuild } = await import('../../../shared/village-coverage/rebuild-request.js');
const { ValidationError } = await import('../../../shared/platform/errors.js');

const deps = rebuildDependencies();
const localAdmin = {
  subject: 'local-cli',
  username: 'local-cli',
  role: 'admin' as const,
  regionCode: config.SCOPE_CODE,
};
try {
  const report = await requestCoverageRebuild(
    { ...deps, graceMs: graceSeconds * 1000 },
    localAdmin,
    region === undefined ? {} : { regionCode: region },
  );
  out(JSON.stringify(report, null, 2));
  out(
    `${report.regionCode}: ${report.regionsChecked} regions checked, ${report.regionsDrifted} drifted and repaired, ${report.registrationsInFlight} registrations left to the pipeline.`,
  );
} catch (error) {
  if (error instanceof ValidationError)
    fail(error.errors.map((e) => `${e.field}: ${e.messageEn}`).join('; '));
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED' || String(error).includes('ECONNREFUSED')) {
    fail(
      `DynamoDB Local is not answering on port ${config.DYNAMODB_PORT}: start the local stack first (npm start).`,
    );
  }
  throw error;
}
