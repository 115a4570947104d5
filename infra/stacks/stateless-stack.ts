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
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { digestScheduleEnvironment } from '../../shared/digests/config.js';
import { tableDefinition } from '../../shared/platform/dynamodb/table.js';
import {
  applicationMetrics,
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
  routes,
} from '../app-definition.js';
import { pascalCase } from '../constructs/construct-id.js';
import type { DocumentBucket } from '../constructs/document-bucket.js';
import { EventPipeline, visibilityTimeoutProblems } from '../constructs/event-pipeline.js';
import { HouseFunction } from '../constructs/house-function.js';
import type { MailContent, MailSender } from '../constructs/mail-sender.js';
import { OperationsAlarms } from '../constructs/operations-alarms.js';
import { REGION_DATA_LAMBDA_DIR, RegionSeed, regionDataCommandHooks } from '../constructs/region-seed.js';
import { RouteTableApi } from '../constructs/route-table-api.js';
import { ScheduleToFunction } from '../constructs/schedule-to-function.js';

/** The repository root: function entries in the route table are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Functions (keys of `functionDefinitions`) that send email, and whether they also send Raw MIME
 * (the digests carry a CSV attachment). Nothing else may send.
 */
/**
 * Functions that send the coverage digests: both read the digest schedule as deployed (see
 * `digestScheduleEnvironment`), the scheduled one to name its runs, both to date the digests.
 */
export const DIGEST_SENDERS: readonly FunctionName[] = ['sendDigests', 'sendDigestsNow', 'consoleAdminPages'];

export const MAIL_SENDERS: Readonly<Record<string, MailContent>> = {
  notify: 'simple',
  sendTermReminders: 'simple',
  sendDigests: 'simple-and-raw',
  sendDigestsNow: 'simple-and-raw',
  consoleAdminPages: 'simple-and-raw',
  workspacePages: 'simple',
  workspaceSignInRequests: 'simple',
};

export interface StatelessStackProps extends StackProps {
  /** The table of the stateful stack. */
  readonly table: ITable;
  /** The admin user pool: its access tokens open the `jwt` routes. */
  readonly userPool: IUserPool;
  /** The app client whose tokens the authorizer accepts (their `client_id`). */
  readonly userPoolClient: IUserPoolClient;
  /** Where the console signs people in and sends them back to. */
  readonly console: {
    /** Base URL of the user pool's managed login (hosted UI) domain. */
    readonly managedLoginUrl: string;
    /** The site's own address (https, no trailing slash): the sign-in returns to `<siteUrl>/konsol/masuk/kembali`. */
    readonly siteUrl: string;
  };
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
  /** The document bucket; functions with `bucketGrants` get exactly those object actions on it. */
  readonly documents: DocumentBucket;
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
 * Everything that can be recreated from code: the functions of infra/app-definition.ts, the HTTP
 * API built from its route table, the event pipeline and the schedules built from
 * shared/platform/pipeline-settings.ts, the operations alarms, and the region seeding that runs on
 * every deploy.
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
      if (
        name === 'registrationPages' ||
        name === 'workspacePages' ||
        name === 'workspaceReportPages' ||
        name === 'workspaceAwardPages'
      ) {
        return { FORM_SECRET: formSecret.secretValue.unsafeUnwrap() };
      }
      if (
        name === 'consolePages' ||
        name === 'consoleExports' ||
        name === 'consoleAdminPages' ||
        name === 'consoleAwardPages'
      ) {
        // The issuer the HTTP API's JWT authorizer checks, and Cognito's JWKS under it.
        const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`;
        return {
          FORM_SECRET: formSecret.secretValue.unsafeUnwrap(),
          CONSOLE_AUTH_URL: props.console.managedLoginUrl,
          CONSOLE_TOKEN_ISSUER: issuer,
          CONSOLE_JWKS_URL: `${issuer}/.well-known/jwks.json`,
          CONSOLE_CLIENT_ID: props.userPoolClient.userPoolClientId,
          CONSOLE_BASE_URL: props.console.siteUrl,
        };
      }
      return undefined;
    };

    const functions = new Map<FunctionName, HouseFunction>();
    for (const name of Object.keys(functionDefinitions)) {
      if (isFunctionName(name))
        functions.set(name, this.houseFunction(name, props, functionEnvironment(name)));
    }
    const functionNamed = (name: string): HouseFunction => {
      const fn = isFunctionName(name) ? functions.get(name) : undefined;
      if (fn === undefined) throw new Error(`No function ${name} in functionDefinitions`);
      return fn;
    };
    const { pipeline } = props;

    new EventPipeline(this, 'Pipeline', {
      table: props.table,
      stream: streamSource,
      streamFailureQueue: pipeline.streamFailureQueue,
      queues: Object.fromEntries(
        queueNames().map((name) => [
          name,
          { queue: pipeline.queues[name].queue, settings: queueDefinitions[name] },
        ]),
      ),
      functions,
    });
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
    // From the same resolved schedule as the digest's ScheduleToFunction above, so the function
    // maps each firing to the run the schedule meant.
    const digestEnvironment = digestScheduleEnvironment(pipeline.schedules.digest);
    for (const name of DIGEST_SENDERS) {
      for (const [variable, value] of Object.entries(digestEnvironment)) {
        functionNamed(name).lambdaFunction.addEnvironment(variable, value);
      }
    }
    functionNamed(pipeline.schedules.rebuildCoverage.function).lambdaFunction.addEnvironment(
      'POWERTOOLS_METRICS_NAMESPACE',
      applicationMetrics.namespace,
    );
    for (const [name, content] of Object.entries(MAIL_SENDERS)) {
      props.mailSender.grantSend(functionNamed(name), content);
    }

    const httpApi = new RouteTableApi(this, 'HttpApi', {
      routes,
      functions,
      userPool: props.userPool,
      userPoolClients: [props.userPoolClient],
      throttle: props.apiThrottle,
      description: `KIM registry public API (scope ${props.scope})`,
      corsPreflight:
        props.corsAllowOrigins === undefined ? undefined : { allowOrigins: [...props.corsAllowOrigins] },
      // A child of the stack, not of the API construct, so it keeps the logical id it had before.
      accessLogGroup: new LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention }),
    });
    this.api = httpApi.api;
    this.stage = httpApi.stage;
    this.authorizer = httpApi.authorizer;

    this.regionSeed = new RegionSeed(this, 'RegionSeed', {
      seeder: functionNamed('seedRegions'),
      scope: props.scope,
      deployMarker: props.seedDeployMarker,
      logRetention: props.logRetention,
    });
    this.functions = functions;
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      topic: props.alarmTopic,
      functions,
      stream: { settings: streamSource, failureQueue: pipeline.streamFailureQueue },
      queues: Object.fromEntries(
        queueNames().map((name) => [
          name,
          { settings: queueDefinitions[name], deadLetterQueue: pipeline.queues[name].deadLetterQueue },
        ]),
      ),
      schedules: Object.fromEntries(
        scheduleNames(pipeline.schedules).map((name) => [
          name,
          { settings: pipeline.schedules[name], deadLetterQueue: pipeline.scheduleDeadLetterQueues[name] },
        ]),
      ),
      driftPublisher: pipeline.schedules.rebuildCoverage.function,
    }).alarms;

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.stage.url });
    new CfnOutput(this, 'TableName', {
      description: 'Name of the DynamoDB table',
      value: props.table.tableName,
    });
  }

  /**
   * The house function of one entry of `functionDefinitions`, granted exactly its table actions;
   * the region seeder also gets the region data in its bundle.
   */
  private houseFunction(
    name: FunctionName,
    props: StatelessStackProps,
    environment: Record<string, string> | undefined,
  ): HouseFunction {
    const definition: FunctionDefinition = functionDefinitions[name];
    const fn = new HouseFunction(this, pascalCase(name), {
      entry: `${PROJECT_ROOT}${definition.entry}`,
      description: definition.description,
      memorySize: definition.memorySize,
      timeout:
        definition.timeoutSeconds === undefined ? undefined : Duration.seconds(definition.timeoutSeconds),
      logRetention: props.logRetention,
      environment,
      bundling:
        name === 'seedRegions'
          ? { commandHooks: regionDataCommandHooks(PROJECT_ROOT, defaultRegionDataDir()) }
          : undefined,
      unscopedActions:
        name === streamSource.function
          ? {
              'dynamodb:ListStreams':
                "the table stream's event source mapping lists the table's streams; DynamoDB grants ListStreams only on *",
            }
          : undefined,
    });
    fn.grantTableActions(props.table, definition.tableActions, props.scope, {
      indexNames: tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
    });
    if (definition.bucketGrants !== undefined) {
      fn.role.addManagedPolicy(props.documents.objectAccessPolicy(pascalCase(name), definition.bucketGrants));
      fn.lambdaFunction.addEnvironment('DOCUMENT_BUCKET', props.documents.bucket.bucketName);
    }
    return fn;
  }

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
}

const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(functionDefinitions, name);

const queueNames = (): QueueName[] => Object.keys(queueDefinitions) as QueueName[];

const scheduleNames = (schedules: Readonly<Record<ScheduleName, ScheduleDefinition>>): ScheduleName[] =>
  Object.keys(schedules) as ScheduleName[];
