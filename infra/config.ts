import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';
import { isRegionCode } from '../shared/platform/region-codes.js';
import { CronExpressionError, isTimeZone, parseCron } from '../shared/platform/scheduling/cron.js';

/** The cdk.json context key holding the deployment configuration. */
export const CONFIG_CONTEXT_KEY = 'kim-registry';

/** CloudWatch Logs retention periods, in days (never-expire is left out on purpose). */
const RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (value): value is number => typeof value === 'number' && value !== RetentionDays.INFINITE,
);

/** Words Cognito refuses in a domain prefix. */
const RESERVED_DOMAIN_WORD = /aws|amazon|cognito/i;

/** A redirect URL Cognito accepts for a hosted UI client: absolute, no fragment, https unless localhost. */
const redirectUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    if (url.hash !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
  } catch {
    return false;
  }
}, 'must be an absolute https URL without a fragment (http is allowed for localhost only)');

/** One or more URLs; a command-line override gives them as one comma-separated string. */
const urlList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((url) => url.trim()) : value),
  z.array(redirectUrl).min(1, 'must list at least one URL').max(100, 'must list at most 100 URLs'),
);

/** An email address as SES and mail clients accept it: one `@`, a dotted domain, no spaces or angle brackets. */
const emailAddress = z
  .string()
  .regex(
    /^[^\s@<>",;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/,
    {
      message: 'must be an email address such as admin@example.id',
    },
  );

/** A DNS domain name: dotted labels of letters, digits and hyphens. */
const DOMAIN_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * An EventBridge Scheduler cron expression the local scheduler can play too (`parseCron`, the one
 * both read): `cron(minutes hours day-of-month month day-of-week year)`.
 */
const cronExpression = z.string().superRefine((value, context) => {
  try {
    parseCron(value);
  } catch (error) {
    if (!(error instanceof CronExpressionError)) throw error;
    context.addIssue({
      code: 'custom',
      message: `must be an EventBridge Scheduler cron expression such as cron(0 8 ? * MON *) (${error.message})`,
    });
  }
});

/** The sender of the notification and digest emails (Amazon SES v2). */
const mailSchema = z
  .object(
    {
      /** Sender address of every email: the identity itself, or an address of the identity's domain. */
      from: emailAddress,
      /** The SES identity to verify: a domain (recommended: DKIM, any address of it) or one email address. */
      identity: z
        .string()
        .refine(
          (value) => DOMAIN_NAME.test(value) || emailAddress.safeParse(value).success,
          'must be a domain name such as kim.example.id or an email address',
        ),
      /** Name of the SES configuration set. @default - a name CloudFormation generates */
      configurationSetName: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, hyphens and underscores')
        .optional(),
      /** Base of the links in the emails (the admin web app), https, without a trailing slash. */
      appBaseUrl: z
        .string()
        .refine((value) => {
          try {
            const url = new URL(value);
            return url.protocol === 'https:' && url.search === '' && url.hash === '';
          } catch {
            return false;
          }
        }, 'must be an absolute https URL without query or fragment, such as https://kim.example.id')
        .transform((value) => value.replace(/\/+$/, '')),
      /**
       * Verified recipient addresses the functions may also mail while the account is in the SES
       * sandbox (SES then checks the sender's permission on the recipient's identity too).
       */
      sandboxRecipients: z
        .preprocess(
          (value) => (typeof value === 'string' ? value.split(',').map((address) => address.trim()) : value),
          z.array(emailAddress).max(50, 'must list at most 50 addresses'),
        )
        .optional(),
    },
    {
      error: (issue) =>
        issue.input === undefined
          ? 'is required: { from, identity, appBaseUrl, configurationSetName? } (see docs/deploy.md)'
          : 'must be an object { from, identity, appBaseUrl, configurationSetName? }',
    },
  )
  .strict()
  .superRefine((mail, context) => {
    const identity = mail.identity.toLowerCase();
    const from = mail.from.toLowerCase();
    const allowed = identity.includes('@') ? from === identity : from.endsWith(`@${identity}`);
    if (!allowed) {
      context.addIssue({
        code: 'custom',
        path: ['from'],
        message: identity.includes('@')
          ? 'must be the identity address itself: an email identity lets SES send from that address only'
          : `must be an address of the identity's domain (…@${mail.identity})`,
      });
    }
  });

/**
 * The deployment configuration: the `kim-registry` object in cdk.json's `context`.
 * Numbers are coerced because `-c kim-registry.<field>=<value>` overrides arrive as strings.
 */
export const infraConfigSchema = z
  .object({
    /** Region code the deployment serves: a Kemendagri code (`51.02`, `51`) or `ID` for the whole country. */
    scope: z
      .string()
      .refine(
        isRegionCode,
        'must be a Kemendagri region code such as 51.02 or 51, or ID for the whole country',
      )
      .default('51.02'),
    /** AWS region of both stacks. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region name such as ap-southeast-3')
      .default('ap-southeast-3'),
    /** AWS account id; when absent the stacks are account-agnostic and take the account of the credentials used by `cdk deploy`. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id written as a string')
      .optional(),
    /** Prefix of the two stack names (`<prefix>-Stateful`, `<prefix>-Stateless`). */
    stackPrefix: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9-]{0,99}$/,
        'must start with a letter and contain only letters, digits and hyphens (at most 100 characters)',
      )
      .default('KimRegistry'),
    /** Retention of every log group, in days; one of the values CloudWatch Logs accepts. */
    logRetentionDays: z.coerce
      .number('must be a number')
      .refine((days) => RETENTION_DAYS.includes(days), `must be one of ${RETENTION_DAYS.join(', ')}`)
      .default(90),
    /** Default throttling of the API stage. */
    apiThrottle: z
      .object({
        /** Steady-state requests per second. */
        rateLimit: z.coerce.number('must be a number').positive('must be greater than 0').default(50),
        /** Requests allowed in a burst. */
        burstLimit: z.coerce
          .number('must be a number')
          .int('must be a whole number')
          .positive('must be greater than 0')
          .default(100),
      })
      .strict()
      .prefault({}),
    /** The admin API's sign-in (Cognito hosted UI). */
    auth: z
      .object({
        /** Where the hosted UI may return the authorization code: https, or http://localhost for development. */
        callbackUrls: urlList.default(['http://localhost:5173/callback']),
        /** Where the hosted UI may send the browser after sign-out. */
        logoutUrls: urlList.default(['http://localhost:5173/']),
        /**
         * Prefix of the hosted UI domain `https://<prefix>.auth.<region>.amazoncognito.com`, unique in
         * the AWS region. When absent: `<stackPrefix in lower case>-<account id>`.
         */
        domainPrefix: z
          .string()
          .regex(
            /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
            'must be 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen',
          )
          .refine((prefix) => !RESERVED_DOMAIN_WORD.test(prefix), 'must not contain aws, amazon or cognito')
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Address subscribed (through SNS) to every operations alarm. When absent the alarms have no subscriber. */
    alarmEmail: emailAddress.optional(),
    /** The sender of the notification and digest emails. */
    mail: mailSchema,
    /** When the weekly coverage digest goes out; each field overrides `scheduleDefinitions.digest`. */
    digestSchedule: z
      .object({
        expression: cronExpression.optional(),
        timeZone: z
          .string()
          .refine(isTimeZone, 'must be an IANA time zone such as Asia/Makassar or Asia/Jakarta')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.auth.domainPrefix === undefined && RESERVED_DOMAIN_WORD.test(config.stackPrefix)) {
      context.addIssue({
        code: 'custom',
        path: ['auth', 'domainPrefix'],
        message:
          'must be set: the default domain prefix comes from stackPrefix, which contains aws, amazon or cognito (words Cognito refuses)',
      });
    }
  });

/** The default hosted UI domain prefix is this, a hyphen, and the account id (always within 63 characters). */
export const defaultDomainPrefixBase = (stackPrefix: string): string =>
  stackPrefix.toLowerCase().slice(0, 50).replace(/-+$/, '');

export type InfraConfig = z.infer<typeof infraConfigSchema>;

/** Bad deployment configuration; the message names every bad field and is meant to be printed as is. */
export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const setPath = (target: Record<string, unknown>, path: readonly string[], value: unknown): void => {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const next = isPlainObject(child) ? { ...child } : {};
  target[head] = next;
  setPath(next, rest, value);
};

/**
 * Reads the configuration from the construct tree's context: the `kim-registry` object (from
 * cdk.json), overlaid with flat `kim-registry.<field>` keys given on the command line, for example
 * `npx cdk deploy --all -c kim-registry.scope=51 -c kim-registry.apiThrottle.rateLimit=100`.
 *
 * @throws InfraConfigError naming every bad field
 */
export const loadInfraConfig = (node: Node): InfraConfig => {
  const raw: unknown = node.tryGetContext(CONFIG_CONTEXT_KEY) ?? {};
  if (!isPlainObject(raw)) {
    throw new InfraConfigError(
      `Invalid "${CONFIG_CONTEXT_KEY}" context: must be an object (in cdk.json), got ${JSON.stringify(raw)}; override single fields with -c ${CONFIG_CONTEXT_KEY}.<field>=<value>`,
    );
  }
  const merged: Record<string, unknown> = structuredClone(raw);
  const prefix = `${CONFIG_CONTEXT_KEY}.`;
  const allContext: Record<string, unknown> = node.getAllContext();
  for (const [key, value] of Object.entries(allContext)) {
    if (key.startsWith(prefix)) setPath(merged, key.slice(prefix.length).split('.'), value);
  }
  return parseInfraConfig(merged);
};

/** Validates a configuration object. @throws InfraConfigError naming every bad field */
export const parseInfraConfig = (input: unknown): InfraConfig => {
  const result = infraConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = [CONFIG_CONTEXT_KEY, ...issue.path].join('.');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
    return `${field}: ${message}`;
  });
  throw new InfraConfigError(`Invalid "${CONFIG_CONTEXT_KEY}" configuration: ${problems.join('; ')}`);
};

/**
 * The configuration in the `context` of `<projectRoot>/cdk.json`, without command-line overrides:
 * what a process outside the CDK app (the local runtime) reads to use the same values, for example
 * the digest schedule.
 *
 * @throws InfraConfigError naming every bad field
 */
export const readCdkJsonConfig = (projectRoot: string): InfraConfig => {
  const cdkJson: unknown = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8'));
  const context = isPlainObject(cdkJson) && isPlainObject(cdkJson.context) ? cdkJson.context : {};
  return parseInfraConfig(context[CONFIG_CONTEXT_KEY] ?? {});
};
