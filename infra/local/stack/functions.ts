import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { digestScheduleEnvironment } from '../../../shared/digests/config.js';
import { type FunctionName, functionDefinitions, routes } from '../../app-definition.js';
import { LOCAL_CLIENT_ID } from '../emulators/dev-token.js';
import type { ApiHandler, GatewayFunction } from '../lambda/gateway.js';
import type { LocalQueues } from '../lambda/pipeline.js';
import type { LocalStackConfig } from './config.js';

/** `POWERTOOLS_SERVICE_NAME` of the handlers, as the house function construct sets it on AWS. */
const SERVICE_NAME = 'kim-registry';

/** The local services' addresses the handlers are pointed at. */
export interface HandlerEndpoints {
  readonly dynamoEndpoint: string;
  readonly queues: LocalQueues;
  readonly mailUrl: string;
  /** The local API's address: the emails' links, unless APP_BASE_URL says otherwise. */
  readonly apiUrl: string;
  /** The S3 endpoint the functions sign for, in front of fauxqs (see s3-cors-front.ts). @default the queues' endpoint */
  readonly s3Endpoint?: string;
}

/**
 * Sets the environment the handlers read, as the stack sets it on AWS, with the local services'
 * endpoints and dummy credentials. Handlers build their SDK clients and parse their config when
 * first imported, so this runs before any of them is.
 */
export const setHandlerEnvironment = (
  config: LocalStackConfig,
  endpoints: HandlerEndpoints,
  settings: {
    readonly digestSchedule: { readonly expression: string; readonly timeZone: string };
    /** Signs the public forms' CSRF tokens (FORM_SECRET). */
    readonly formSecret: string;
  },
): void => {
  Object.assign(process.env, {
    ...digestScheduleEnvironment(settings.digestSchedule),
    FORM_SECRET: settings.formSecret,
    AWS_REGION: config.AWS_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.queues.endpoint,
    AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint ?? endpoints.queues.endpoint,
    DOCUMENT_BUCKET: endpoints.queues.documentBucket,
    AWS_ENDPOINT_URL_SESV2: endpoints.mailUrl,
    COVERAGE_QUEUE_URL: endpoints.queues.queues.coverage.url,
    NOTIFY_QUEUE_URL: endpoints.queues.queues.notify.url,
    MAIL_FROM: config.MAIL_FROM,
    APP_BASE_URL: config.APP_BASE_URL ?? endpoints.apiUrl,
    TABLE_NAME: config.TABLE_NAME,
    SCOPE_CODE: config.SCOPE_CODE,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    LOG_LEVEL: config.LOG_LEVEL,
    // Node.js 20 is the documented local runtime (Lambda runs 24); the SDK's notice about it is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'true',
  });
  // A session token of the user's own AWS credentials has no business next to the dummy keys.
  delete process.env.AWS_SESSION_TOKEN;
};

/**
 * Points the console at the local issuer, as the stack points it at the Cognito user pool on AWS:
 * its managed-login paths (local-login.ts), its `iss` and JWKS, the local app client, and the
 * address the sign-in returns to.
 */
export const setConsoleEnvironment = (settings: {
  readonly issuer: { readonly url: string; readonly jwksUrl: string };
  readonly apiUrl: string;
}): void => {
  Object.assign(process.env, {
    CONSOLE_AUTH_URL: settings.issuer.url,
    CONSOLE_TOKEN_ISSUER: settings.issuer.url,
    CONSOLE_JWKS_URL: settings.issuer.jwksUrl,
    CONSOLE_CLIENT_ID: LOCAL_CLIENT_ID,
    CONSOLE_BASE_URL: settings.apiUrl,
  });
};

/** Imports each routed function's module once and returns its `handler` with its Lambda settings. */
export const importRouteFunctions = async (
  root: string,
): Promise<Partial<Record<FunctionName, GatewayFunction>>> => {
  const names = [...new Set(routes.map((route) => route.function))];
  const loaded = await Promise.all(
    names.map(async (name) => {
      const definition: { entry: string; memorySize?: number; timeoutSeconds?: number } =
        functionDefinitions[name];
      const module = (await import(pathToFileURL(join(root, definition.entry)).href)) as {
        handler?: unknown;
      };
      if (typeof module.handler !== 'function') {
        throw new Error(`${definition.entry} does not export a handler function`);
      }
      const fn: GatewayFunction = {
        handler: module.handler as ApiHandler,
        ...(definition.memorySize === undefined ? {} : { memorySize: definition.memorySize }),
        ...(definition.timeoutSeconds === undefined ? {} : { timeoutSeconds: definition.timeoutSeconds }),
      };
      return [name, fn] as const;
    }),
  );
  return Object.fromEntries(loaded);
};
