import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableAction } from '../app-definition.js';

/** `POWERTOOLS_SERVICE_NAME` of every house function unless its props say otherwise. */
export const HOUSE_SERVICE_NAME = 'kim-registry';

/** Lets CommonJS dependencies bundled into the ESM output still call `require` for Node built-ins. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __houseCreateRequire } from 'node:module'; const require = __houseCreateRequire(import.meta.url);";

/** The bundling every house function gets unless its props override a field. */
export const HOUSE_BUNDLING_DEFAULTS: BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  // No function uses an SDK client (see shared/platform/aws/json-client.ts), but some use SDK
  // utilities (util-dynamodb's marshall): the versions locked in package-lock.json, the ones every
  // test ran, not the runtime's.
  bundleAwsSDK: true,
  forceDockerBundling: false,
  // Pages are TSX rendered on the server by hono/jsx: the same JSX settings as tsconfig.json.
  esbuildArgs: {
    '--jsx': 'automatic',
    '--jsx-import-source': 'hono/jsx',
  },
};

export interface HouseFunctionProps {
  /** Absolute path of the TypeScript file exporting `handler`. */
  readonly entry: string;
  /** @default - no description */
  readonly description?: string;
  /** @default Runtime.NODEJS_24_X */
  readonly runtime?: Runtime;
  /** @default Architecture.ARM_64 */
  readonly architecture?: Architecture;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default Tracing.ACTIVE */
  readonly tracing?: Tracing;
  /** Retention of the function's own log group. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** What happens to the log group when the function is removed. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** `POWERTOOLS_SERVICE_NAME` of the function's logs. @default 'kim-registry' */
  readonly serviceName?: string;
  /** `LOG_LEVEL` read by Powertools Logger. @default 'INFO' */
  readonly logLevel?: string;
  /** Extra environment variables; they win over the ones the construct sets. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Fields merged over {@link HOUSE_BUNDLING_DEFAULTS} (esbuild, minified ESM with source maps). @default - the defaults */
  readonly bundling?: BundlingOptions;
  /**
   * Actions without resource-level permissions that this function's role will be granted on `*`
   * (besides X-Ray's), each with why the function needs it; they join the role's one cdk-nag
   * acknowledgment of `Resource::*`. @default - none
   */
  readonly unscopedActions?: Readonly<Record<string, string>>;
}

/**
 * The one way this project defines a Lambda function: Node.js 24 on arm64, esbuild-bundled ESM,
 * minified with source maps, X-Ray active tracing, its own log group with a retention, and its own
 * role that may write to that log group and nothing else until a `grant*` helper adds exactly
 * what the function needs.
 */
export class HouseFunction extends Construct {
  readonly lambdaFunction: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    const tracing = props.tracing ?? Tracing.ACTIVE;
    this.lambdaFunction = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: props.runtime ?? Runtime.NODEJS_24_X,
      architecture: props.architecture ?? Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing,
      role,
      logGroup: this.logGroup,
      bundling: { ...HOUSE_BUNDLING_DEFAULTS, ...props.bundling },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? HOUSE_SERVICE_NAME,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
    });

    const unscoped = Object.entries(props.unscopedActions ?? {}).map(([action, why]) => `${action} (${why})`);
    if (tracing !== Tracing.DISABLED) {
      unscoped.unshift('xray:PutTraceSegments and xray:PutTelemetryRecords (X-Ray tracing)');
    }
    if (unscoped.length > 0) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${unscoped.join('; ')}: these actions support no resource-level permissions, so they are granted on *. Every other statement of this role names its resource.`,
      });
    }
  }

  /**
   * Grants `sqs:SendMessage` (which also covers SendMessageBatch) on the queue and nothing else,
   * and puts the queue's URL in the environment variable `urlVariable`.
   */
  grantSendMessages(queue: IQueue, urlVariable: string): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
    this.lambdaFunction.addEnvironment(urlVariable, queue.queueUrl);
  }

  /**
   * Grants exactly `actions` on the table (and, when they include `dynamodb:Query`, on the named
   * indexes: the only action here that reads an index) and nothing else, and sets the `TABLE_NAME`
   * and `SCOPE_CODE` environment variables the function's config reads.
   * An empty `actions` list grants nothing but still sets the variables.
   */
  grantTableActions(
    table: ITable,
    actions: readonly TableAction[],
    scopeCode: string,
    options: { readonly indexNames?: readonly string[] } = {},
  ): void {
    if (actions.length > 0) {
      const indexArns = actions.includes('dynamodb:Query')
        ? (options.indexNames ?? []).map((name) => `${table.tableArn}/index/${name}`)
        : [];
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: [...actions], resources: [table.tableArn, ...indexArns] }),
      );
    }
    this.lambdaFunction.addEnvironment('TABLE_NAME', table.tableName);
    this.lambdaFunction.addEnvironment('SCOPE_CODE', scopeCode);
  }
}
