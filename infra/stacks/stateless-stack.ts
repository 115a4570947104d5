import { fileURLToPath } from 'node:url';
import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
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
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { defaultRegionDataDir } from '../../shared/regions/master-data.js';
import { tableDefinition } from '../../shared/table.js';
import {
  type FunctionDefinition,
  type FunctionName,
  functionDefinitions,
  type RouteDefinition,
  routes,
} from '../app-definition.js';
import { HouseFunction } from '../constructs/house-function.js';
import { REGION_DATA_LAMBDA_DIR, RegionSeed, regionDataCommandHooks } from '../constructs/region-seed.js';

/** The repository root: function entries in the route table are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Strong references (export/import): CloudFormation refuses to remove the table's exports
    // while this stack still uses them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    const functions = new Map<FunctionName, HouseFunction>();
    const houseFunction = (name: FunctionName, extra: { environment?: Record<string, string> } = {}) => {
      const definition: FunctionDefinition = functionDefinitions[name];
      const fn = new HouseFunction(this, pascalCase(name), {
        entry: `${PROJECT_ROOT}${definition.entry}`,
        description: definition.description,
        memorySize: definition.memorySize,
        timeout:
          definition.timeoutSeconds === undefined ? undefined : Duration.seconds(definition.timeoutSeconds),
        logRetention: props.logRetention,
        environment: extra.environment,
        bundling:
          name === 'seedRegions'
            ? { commandHooks: regionDataCommandHooks(PROJECT_ROOT, defaultRegionDataDir()) }
            : undefined,
      });
      fn.grantTableActions(props.table, definition.tableActions, props.scope, {
        indexNames: tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
      });
      functions.set(name, fn);
      return fn;
    };

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
      const fn = functions.get(route.function) ?? houseFunction(route.function);
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

    const seeder = houseFunction('seedRegions', { environment: { REGION_DATA_DIR: REGION_DATA_LAMBDA_DIR } });
    this.regionSeed = new RegionSeed(this, 'RegionSeed', {
      seeder,
      scope: props.scope,
      deployMarker: props.seedDeployMarker,
      logRetention: props.logRetention,
    });
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.stage.url });
    new CfnOutput(this, 'TableName', {
      description: 'Name of the DynamoDB table',
      value: props.table.tableName,
    });
  }
}

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
    reason: `${route.method} ${route.path} is public by design (auth: 'public' in infra/app-definition.ts): village officers submit KIM registrations and read registration status, regions and the OpenAPI document without an account; stage throttling bounds abuse. Admin routes have the Cognito JWT authorizer.`,
  });
};
