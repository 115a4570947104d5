import { fileURLToPath } from 'node:url';
import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type AddRoutesOptions,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/platform/dynamodb/table.js';
import {
  type QueueDefinition,
  type QueueName,
  queueDefinitions,
  type ScheduleDefinition,
  type ScheduleName,
  streamSource,
} from '../../shared/platform/pipeline-settings.js';
import { defaultRegionDataDir } from '../../shared/regions/master-data.js';
import {
  type FunctionDefinition,
  type FunctionName,
  functionDefinitions,
  type RouteDefinition,
  routes,
} from '../app-definition.js';
import { HOUSE_SERVICE_NAME, HouseFunction } from '../constructs/house-function.js';
import type { MailContent, MailSender } from '../constructs/mail-sender.js';
import { QueueToFunction } from '../constructs/queue-to-function.js';
import { REGION_DATA_LAMBDA_DIR, RegionSeed, regionDataCommandHooks } from '../constructs/region-seed.js';
import { ScheduleToFunction } from '../constructs/schedule-to-function.js';
import { TableStreamToFunction } from '../constructs/table-stream-to-function.js';

/** The repository root: function entries in the route table are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** CloudWatch namespace of the application's own metrics (Powertools Metrics, EMF). */
export const METRICS_NAMESPACE = 'KimRegistry';

/** The metric the scheduled rebuild publishes: regions whose counters had drifted. */
export const DRIFT_METRIC_NAME = 'CoverageDriftRegions';

/**
 * Functions (keys of `functionDefinitions`) that send email, and whether they also send Raw MIME
 * (the digests carry a CSV attachment). Nothing else may send.
 */
export const MAIL_SENDERS: Readonly<Record<string, MailContent>> = {
  notify: 'simple',
  sendDigests: 'simple-and-raw',
  sendDigestsNow: 'simple-and-raw',
};

/** A stream iterator older than this means the fan-out is falling behind the table's writes. */
export const ITERATOR_AGE_ALARM_MS = 60_000;

/** The environment variable holding a queue's URL: `COVERAGE_QUEUE_URL` for the queue `coverage`. */
export const queueUrlVariable = (name: QueueName): string => `${name.toUpperCase()}_QUEUE_URL`;

/**
 * Problems with the queues' visibility timeouts: each must be at least 6× its consumer's timeout,
 * or a message still being processed would be received again by another invocation.
 */
export const visibilityTimeoutProblems = (
  queues: Readonly<Record<string, QueueDefinition>>,
  functions: Readonly<Record<string, FunctionDefinition>>,
): string[] =>
  Object.entries(queues).flatMap(([name, queue]) => {
    const consumer = functions[queue.consumer];
    if (consumer === undefined)
      return [`queue ${name}: consumer ${queue.consumer} is not in functionDefinitions`];
    const timeoutSeconds = consumer.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    return queue.visibilityTimeoutSeconds >= 6 * timeoutSeconds
      ? []
      : [
          `queue ${name}: visibilityTimeoutSeconds ${queue.visibilityTimeoutSeconds} is less than 6 × the timeout of its consumer ${queue.consumer} (${timeoutSeconds} s) = ${6 * timeoutSeconds}`,
        ];
  });

/** A function's timeout when its definition names none (see `FunctionDefinition.timeoutSeconds`). */
const DEFAULT_TIMEOUT_SECONDS = 10;

/** One access log line per request, as JSON. No request or response bodies. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    extendedRequestId: '$context.extendedRequestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  }),
);

export interface StatelessStackProps extends StackProps {
  /** The table of the stateful stack. */
  readonly table: ITable;
  /** The admin user pool: its access tokens open the `jwt` routes. */
  readonly userPool: IUserPool;
  /** The app client whose tokens the authorizer accepts (their `client_id`). */
  readonly userPoolClient: IUserPoolClient;
  /** Region code of the deployment scope. */
  readonly scope: string;
  /** Retention of every log group of this stack. */
  readonly logRetention: RetentionDays;
  /** Default throttling of the API stage. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default ['*'] (the API is public and uses no cookies) */
  readonly corsAllowOrigins?: readonly string[];
  /** See `RegionSeedProps.deployMarker`. @default - the synth time */
  readonly seedDeployMarker?: string;
  /** The stateful stack's queues, and the schedules as configured (see `resolveSchedules`). */
  readonly pipeline: PipelineResources;
  /** The SES sender; the functions in `MAIL_SENDERS` may send as it. */
  readonly mailSender: MailSender;
  /** Every operations alarm notifies this topic. */
  readonly alarmTopic: ITopic;
}

/** What the stateless stack wires the pipeline functions to. */
export interface PipelineResources {
  /** The queue and dead-letter queue of each entry of `queueDefinitions`. */
  readonly queues: Readonly<Record<QueueName, { readonly queue: IQueue; readonly deadLetterQueue: IQueue }>>;
  /** The on-failure destination of the stream event source mapping. */
  readonly streamFailureQueue: IQueue;
  /** The dead-letter queue of each schedule's target. */
  readonly scheduleDeadLetterQueues: Readonly<Record<ScheduleName, IQueue>>;
  /** The schedules, with the deployment's overrides applied. */
  readonly schedules: Readonly<Record<ScheduleName, ScheduleDefinition>>;
}

/**
 * Everything that can be recreated from code: the API functions, the HTTP API built from the
 * route table in infra/app-definition.ts, and the region seeding that runs on every deploy.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The JWT authorizer of every `jwt` route: issuer the user pool, audience the app client. */
  readonly authorizer: HttpUserPoolAuthorizer;
  readonly functions: ReadonlyMap<FunctionName, HouseFunction>;
  readonly regionSeed: RegionSeed;
  /** The operations alarms, by construct id. */
  readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Strong references (export/import): CloudFormation refuses to remove the table's exports
    // while this stack still uses them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    const visibilityProblems = visibilityTimeoutProblems(queueDefinitions, functionDefinitions);
    if (visibilityProblems.length > 0) {
      throw new Error(
        `Invalid pipeline settings (shared/platform/pipeline-settings.ts): ${visibilityProblems.join('; ')}`,
      );
    }

    const formSecret = this.formSecret();
    const functionEnvironment = (name: FunctionName): Record<string, string> | undefined => {
      if (name === 'seedRegions') return { REGION_DATA_DIR: REGION_DATA_LAMBDA_DIR };
      // A dynamic reference: CloudFormation resolves it at deploy; the template holds only the secret's ARN.
      if (name === 'registrationPages') return { FORM_SECRET: formSecret.secretValue.unsafeUnwrap() };
      return undefined;
    };

    const functions = new Map<FunctionName, HouseFunction>();
    const houseFunction = (name: FunctionName) => {
      const definition: FunctionDefinition = functionDefinitions[name];
      const fn = new HouseFunction(this, pascalCase(name), {
        entry: `${PROJECT_ROOT}${definition.entry}`,
        description: definition.description,
        memorySize: definition.memorySize,
        timeout:
          definition.timeoutSeconds === undefined ? undefined : Duration.seconds(definition.timeoutSeconds),
        logRetention: props.logRetention,
        environment: functionEnvironment(name),
        bundling:
          name === 'seedRegions'
            ? { commandHooks: regionDataCommandHooks(PROJECT_ROOT, defaultRegionDataDir()) }
            : undefined,
        unscopedActions: isStreamFunction(name)
          ? {
              'dynamodb:ListStreams':
                "the table stream's event source mapping lists the table's streams; DynamoDB grants ListStreams only on *",
            }
          : undefined,
      });
      fn.grantTableActions(props.table, definition.tableActions, props.scope, {
        indexNames: tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
      });
      functions.set(name, fn);
      return fn;
    };
    for (const name of Object.keys(functionDefinitions)) {
      if (isFunctionName(name)) houseFunction(name);
    }
    const functionNamed = (name: string): HouseFunction => {
      const fn = isFunctionName(name) ? functions.get(name) : undefined;
      if (fn === undefined) throw new Error(`No function ${name} in functionDefinitions`);
      return fn;
    };

    this.wirePipeline(props, functionNamed);
    for (const [name, content] of Object.entries(MAIL_SENDERS)) {
      props.mailSender.grantSend(functionNamed(name), content);
    }

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention });
    this.api = new HttpApi(this, 'HttpApi', {
      // API names need not be unique; this one only makes the API easy to find in the console.
      apiName: `${this.stackName}-api`,
      description: `KIM registry public API (scope ${props.scope})`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...(props.corsAllowOrigins ?? ['*'])],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-edit-token'],
        exposeHeaders: ['location', 'idempotent-replayed'],
        maxAge: Duration.hours(1),
      },
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.apiThrottle.rateLimit, burstLimit: props.apiThrottle.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    this.authorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
      authorizerName: 'admin-user-pool',
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      const fn = functionNamed(route.function);
      let integration = integrations.get(route.function);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(
          `${pascalCase(route.function)}Integration`,
          fn.lambdaFunction,
        );
        integrations.set(route.function, integration);
      }
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...routeAuthorization(route, this.authorizer),
      });
      for (const httpRoute of added) acknowledgePublicRoute(httpRoute, route);
    }

    this.regionSeed = new RegionSeed(this, 'RegionSeed', {
      seeder: functionNamed('seedRegions'),
      scope: props.scope,
      deployMarker: props.seedDeployMarker,
      logRetention: props.logRetention,
    });
    this.functions = functions;
    this.alarms = this.addAlarms(props, functionNamed);

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.stage.url });
    new CfnOutput(this, 'TableName', {
      description: 'Name of the DynamoDB table',
      value: props.table.tableName,
    });
  }

  /**
   * The event pipeline from the settings table: the table stream into the fan-out function, which
   * may send to the pipeline queues; each queue into its consumer; each schedule into its function.
   */
  /**
   * The secret that signs the forms' CSRF tokens: generated by Secrets Manager, so it is in no
   * template, repository or build; handed to the form function through its environment, which
   * Lambda encrypts at rest, rather than read at each cold start, which would add an SDK client and
   * a network call to the first page view. Rotating it (put a new value, redeploy) only makes open
   * forms show themselves again with a fresh token.
   */
  private formSecret(): Secret {
    const secret = new Secret(this, 'FormSecret', {
      description: 'Signs the CSRF tokens of the public forms (HMAC-SHA256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Nothing is lost with it: a new one is generated, and open forms get fresh tokens.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret signs CSRF tokens bound to a browser cookie, nothing stored: a rotation Lambda would buy nothing a manual new value and redeploy does not, and a rotation only sends open forms back with fresh tokens.',
    });
    return secret;
  }

  private wirePipeline(props: StatelessStackProps, functionNamed: (name: string) => HouseFunction): void {
    const { pipeline } = props;
    const fanOut = functionNamed(streamSource.function);
    new TableStreamToFunction(this, 'TableStreamToFanOut', {
      table: props.table,
      fn: fanOut,
      settings: streamSource,
      failureQueue: pipeline.streamFailureQueue,
    });
    for (const name of queueNames()) {
      const definition = queueDefinitions[name];
      const { queue } = pipeline.queues[name];
      fanOut.grantSendMessages(queue, queueUrlVariable(name));
      new QueueToFunction(this, `${pascalCase(name)}QueueTo${pascalCase(definition.consumer)}`, {
        queue,
        fn: functionNamed(definition.consumer),
        batchSize: definition.batchSize,
        maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds),
        maximumConcurrency: definition.maximumConcurrency,
      });
    }
    for (const name of scheduleNames(pipeline.schedules)) {
      const schedule = pipeline.schedules[name];
      new ScheduleToFunction(this, `${pascalCase(name)}Schedule`, {
        fn: functionNamed(schedule.function),
        expression: schedule.expression,
        timeZone: schedule.timeZone,
        description: schedule.description,
        deadLetterQueue: pipeline.scheduleDeadLetterQueues[name],
      });
    }
    functionNamed(pipeline.schedules.rebuildCoverage.function).lambdaFunction.addEnvironment(
      'POWERTOOLS_METRICS_NAMESPACE',
      METRICS_NAMESPACE,
    );
  }

  /**
   * Alarms to the alarm topic: a message in any dead-letter queue, the fan-out falling behind the
   * stream, errors or throttles of a pipeline or scheduled function, and coverage drift found by
   * the weekly rebuild.
   */
  private addAlarms(
    props: StatelessStackProps,
    functionNamed: (name: string) => HouseFunction,
  ): Map<string, Alarm> {
    const scope = new Construct(this, 'Alarms');
    const action = new SnsAction(props.alarmTopic);
    const alarms = new Map<string, Alarm>();
    const alarm = (id: string, description: string, metric: IMetric, threshold: number) => {
      const created = new Alarm(scope, id, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data means nothing happened: no message, no invocation, no rebuild this hour.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      alarms.set(id, created);
    };
    const { pipeline } = props;
    const deadLetterQueues: Array<[string, string, IQueue]> = [
      ...queueNames().map((name): [string, string, IQueue] => [
        `${pascalCase(name)}DeadLetterQueue`,
        `the ${name} queue's dead-letter queue: messages its consumer ${queueDefinitions[name].consumer} failed ${queueDefinitions[name].maxReceiveCount} times`,
        pipeline.queues[name].deadLetterQueue,
      ]),
      [
        'StreamFailureQueue',
        `the table stream's on-failure queue: batches ${streamSource.function} failed after all retries (their records must be replayed while the stream keeps them, 24 h)`,
        pipeline.streamFailureQueue,
      ],
      ...scheduleNames(pipeline.schedules).map((name): [string, string, IQueue] => [
        `${pascalCase(name)}ScheduleDeadLetterQueue`,
        `the ${name} schedule's dead-letter queue: invocations of ${pipeline.schedules[name].function} Scheduler could not deliver`,
        pipeline.scheduleDeadLetterQueues[name],
      ]),
    ];
    for (const [id, what, queue] of deadLetterQueues) {
      alarm(
        `${id}NotEmpty`,
        `Messages are waiting in ${what}.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        0,
      );
    }

    const fanOut = functionNamed(streamSource.function).lambdaFunction;
    alarm(
      'StreamIteratorAge',
      `${streamSource.function} is more than ${ITERATOR_AGE_ALARM_MS / 1000} s behind the table stream: coverage and notifications are late.`,
      fanOut.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      ITERATOR_AGE_ALARM_MS,
    );

    const watched = new Set<string>([
      streamSource.function,
      ...queueNames().map((name) => queueDefinitions[name].consumer),
      ...scheduleNames(pipeline.schedules).map((name) => pipeline.schedules[name].function),
    ]);
    for (const name of watched) {
      const fn = functionNamed(name).lambdaFunction;
      alarm(
        `${pascalCase(name)}Errors`,
        `${name} failed (its invocation threw or timed out).`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
      alarm(
        `${pascalCase(name)}Throttles`,
        `${name} was throttled: Lambda refused invocations (concurrency limit).`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
    }

    alarm(
      'CoverageDrift',
      `The weekly rebuild (${pipeline.schedules.rebuildCoverage.function}) found coverage counters that had drifted from the registrations, and repaired them. Counters are meant to be exact: find out why.`,
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: DRIFT_METRIC_NAME,
        // Powertools Metrics adds the service name as the `service` dimension.
        dimensionsMap: { service: HOUSE_SERVICE_NAME },
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      0,
    );
    return alarms;
  }
}

const isStreamFunction = (name: string): boolean => name === streamSource.function;

const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(functionDefinitions, name);

const queueNames = (): QueueName[] => Object.keys(queueDefinitions) as QueueName[];

const scheduleNames = (schedules: Readonly<Record<ScheduleName, ScheduleDefinition>>): ScheduleName[] =>
  Object.keys(schedules) as ScheduleName[];

const pascalCase = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/**
 * A `jwt` route gets the authorizer and its scopes: API Gateway then answers 401 for a missing or
 * invalid token and 403 for a token without one of the scopes, before the function runs.
 */
const routeAuthorization = (
  route: RouteDefinition,
  authorizer: IHttpRouteAuthorizer,
): Pick<AddRoutesOptions, 'authorizer' | 'authorizationScopes'> => {
  if (route.auth === 'public') return {};
  const scopes: readonly string[] = route.scopes ?? [];
  if (scopes.length === 0) {
    // Without scopes any token of the pool would do, an ID token included.
    throw new Error(`Route ${route.method} ${route.path} is 'jwt' but names no scopes`);
  }
  return { authorizer, authorizationScopes: [...scopes] };
};

/** Public routes have no authorizer on purpose; the admin routes have the Cognito JWT authorizer. */
const acknowledgePublicRoute = (httpRoute: HttpRoute, route: RouteDefinition): void => {
  if (route.auth !== 'public') return;
  Validations.of(httpRoute).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason: `${route.method} ${route.path} is public by design (auth: 'public' in infra/app-definition.ts): village officers submit KIM registrations and read registration status, regions and the OpenAPI document without an account, and anyone reads the public web pages; stage throttling bounds abuse. Admin routes have the Cognito JWT authorizer.`,
  });
};
