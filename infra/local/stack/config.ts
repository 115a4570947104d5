import { z } from 'zod';
import { queueDefinitions, streamSource } from '../../../shared/platform/pipeline-settings.js';
import { isRegionCode } from '../../../shared/platform/region-codes.js';
import { type InfraConfig, InfraConfigError, readCdkJsonConfig } from '../../config.js';
import { parseLocalFaults } from '../lambda/faults.js';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));
const flag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
);

/** Settings of the local stack, read from the environment (`npm start` reads `process.env`). */
export const localStackConfigSchema = z.object({
  /** Port of the local API; 0 picks a free one. */
  PORT: port(3000),
  /** Port of DynamoDB Local; 0 picks a free one. */
  DYNAMODB_PORT: port(8000),
  /** Port of the local OIDC issuer (the Cognito stand-in); 0 picks a free one. */
  OIDC_PORT: port(3001),
  /** Port of the local SQS (fauxqs); 0 picks a free one. */
  SQS_PORT: port(4566),
  /** Port of the local SES v2 API and its mailbox page; 0 picks a free one. */
  MAIL_PORT: port(8005),
  /**
   * Seconds before a message its consumer failed is received again. On AWS it stays invisible
   * for the rest of the queue's visibility timeout (minutes); locally retries come quickly.
   */
  LOCAL_RETRY_DELAY_SECONDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(0).max(43200).default(1),
  ),
  /**
   * Fault injection, local only: `function=rate,...` fails that fraction of the function's
   * invocations by the pollers, half before the handler runs and half after it returned.
   */
  LOCAL_FAULTS: z.preprocess(emptyToUndefined, z.string().optional()),
  /**
   * Local only: honour the `x-local-time-offset-ms` request header, which runs that request as if
   * the clock were that far ahead (infra/local/lambda/time-offset.ts). The tests switch it on.
   */
  LOCAL_TIME_OFFSET_HEADER: flag,
  /**
   * Local only: caps every event source's batching window (`maxBatchingWindowSeconds` of the
   * pipeline settings, 1 s) at this many seconds, so an event crosses the pipeline in a fraction
   * of a second. The tests set it; `npm start` plays the deployed windows.
   */
  LOCAL_BATCHING_WINDOW_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(300).optional()),
  /** Seed of the fault injection's random choices, so a run can be repeated. */
  LOCAL_FAULTS_SEED: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).optional()),
  /** Sender address of the emails (the mailbox page shows them). */
  MAIL_FROM: z.preprocess(emptyToUndefined, z.email().default('kim@kim.example.id')),
  /** Base of the links in emails. @default the local API's address */
  APP_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /** Interface the local API listens on. */
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  SCOPE_CODE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('51.02')
      .refine(
        isRegionCode,
        'must be a Kemendagri region code such as 51.02 or 51, or ID for the whole country',
      ),
  ),
  TABLE_NAME: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')
      .default('kim-registry-local'),
  ),
  /**
   * Folder DynamoDB Local keeps its data in (git-ignored), relative to the working directory. The
   * local issuer keeps its signing key there too, even with LOCAL_IN_MEMORY, so tokens outlive restarts.
   */
  LOCAL_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.local/dynamodb')),
  /** Keep DynamoDB Local in memory: nothing survives a restart (the e2e tests use this). */
  LOCAL_IN_MEMORY: flag,
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' && value !== '' ? value.toUpperCase() : undefined),
    z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']).default('INFO'),
  ),
  AWS_REGION: z.preprocess(emptyToUndefined, z.string().default('ap-southeast-3')),
});

export type LocalStackConfig = z.infer<typeof localStackConfigSchema>;

/** A problem the user can fix; its message is the one line to print. */
export class LocalStackConfigError extends Error {
  override readonly name = 'LocalStackConfigError';
}

/** Parses the environment into a LocalStackConfig, or throws one line naming every bad variable. */
export const parseLocalStackConfig = (env: NodeJS.ProcessEnv): LocalStackConfig => {
  const result = localStackConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new LocalStackConfigError(`Invalid local stack settings: ${problems.join('; ')}`);
  }
  return result.data;
};

/** The fault rates of LOCAL_FAULTS, by function; only the functions the pollers invoke can be named. */
export const parseFaultRates = (config: LocalStackConfig): Record<string, number> => {
  try {
    return parseLocalFaults(config.LOCAL_FAULTS, [
      streamSource.function,
      ...Object.values(queueDefinitions).map((queue) => queue.consumer),
    ]);
  } catch (error) {
    throw new LocalStackConfigError(error instanceof Error ? error.message : String(error));
  }
};

/** The deployment's settings the local stack shares with the CDK stack (the digest schedule), from cdk.json. */
export const readDeploymentConfig = (root: string): InfraConfig => {
  try {
    return readCdkJsonConfig(root);
  } catch (error) {
    if (!(error instanceof InfraConfigError)) throw error;
    throw new LocalStackConfigError(`cdk.json: ${error.message}`);
  }
};
