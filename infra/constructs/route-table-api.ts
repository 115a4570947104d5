import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type AddRoutesOptions,
  CorsHttpMethod,
  type CorsPreflightOptions,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../app-definition.js';
import { pascalCase } from './construct-id.js';
import type { HouseFunction } from './house-function.js';

/** One access log line per request, as JSON. No request or response bodies. */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
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

/**
 * The CORS preflight every route table API gets unless its props override a field: any origin
 * (the API is public and uses no cookies), the methods of the route table, and the headers the
 * handlers read and answer with.
 */
export const CORS_PREFLIGHT_DEFAULTS: CorsPreflightOptions = {
  allowOrigins: ['*'],
  allowMethods: [
    CorsHttpMethod.GET,
    CorsHttpMethod.POST,
    CorsHttpMethod.PUT,
    CorsHttpMethod.PATCH,
    CorsHttpMethod.DELETE,
  ],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-edit-token'],
  exposeHeaders: ['location', 'idempotent-replayed'],
  maxAge: Duration.hours(1),
};

/** Why the registry's public routes have no authorizer. */
export const PUBLIC_ROUTE_REASON =
  'village officers submit KIM registrations and read registration status, regions and the OpenAPI document without an account, and anyone reads the public web pages; stage throttling bounds abuse. Admin routes have the Cognito JWT authorizer.';

export interface RouteTableApiProps {
  /** The routes, as in `routes` of infra/app-definition.ts. */
  readonly routes: readonly RouteDefinition[];
  /** The function of each route, by the route's `function` key. */
  readonly functions: ReadonlyMap<string, HouseFunction>;
  /** The user pool whose access tokens open the `jwt` routes. */
  readonly userPool: IUserPool;
  /** The app clients whose tokens the authorizer accepts (their `client_id`). */
  readonly userPoolClients: readonly IUserPoolClient[];
  /** Default throttling of the stage. */
  readonly throttle: ThrottleSettings;
  /** @default - `<stack name>-api` */
  readonly apiName?: string;
  /** @default - no description */
  readonly description?: string;
  /** Fields merged over {@link CORS_PREFLIGHT_DEFAULTS}. @default - the defaults */
  readonly corsPreflight?: CorsPreflightOptions;
  /** @default '$default' (the API's own URL, no stage in the path) */
  readonly stageName?: string;
  /** @default {@link ACCESS_LOG_FORMAT} */
  readonly accessLogFormat?: AccessLogFormat;
  /** Where the stage writes its access log. @default - a new log group kept for `logRetention` */
  readonly accessLogGroup?: ILogGroup;
  /** Retention of the access log group this construct creates. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** @default 'admin-user-pool' */
  readonly authorizerName?: string;
  /**
   * Why the `public` routes need no authorizer: the reason of each one's acknowledgment of
   * cdk-nag's AwsSolutions-APIG4. @default {@link PUBLIC_ROUTE_REASON}
   */
  readonly publicRouteReason?: string;
}

/**
 * An API Gateway HTTP API built from a route table: one Lambda integration per function, shared by
 * its routes; the Cognito user pool JWT authorizer, with the route's scopes, on every `jwt` route;
 * one auto-deployed throttled stage with JSON access logs. A `jwt` route that names no scopes is
 * refused, and every `public` route acknowledges cdk-nag's rule on routes without an authorizer.
 */
export class RouteTableApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The JWT authorizer of every `jwt` route: issuer the user pool, audience the app clients. */
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: RouteTableApiProps) {
    super(scope, id);
    // 'Default' leaves this construct out of the API's logical ids, so they stay what they were
    // before it existed: a deploy updates the API in place instead of replacing it (and its URL).
    this.api = new HttpApi(this, 'Default', {
      // API names need not be unique; this one only makes the API easy to find in the console.
      apiName: props.apiName ?? `${Stack.of(this).stackName}-api`,
      description: props.description,
      createDefaultStage: false,
      corsPreflight: { ...CORS_PREFLIGHT_DEFAULTS, ...props.corsPreflight },
    });
    const accessLogs =
      props.accessLogGroup ??
      new LogGroup(this, 'AccessLogs', { retention: props.logRetention ?? RetentionDays.THREE_MONTHS });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: props.stageName ?? '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: props.accessLogFormat ?? ACCESS_LOG_FORMAT,
      },
    });

    this.authorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', props.userPool, {
      userPoolClients: [...props.userPoolClients],
      authorizerName: props.authorizerName ?? 'admin-user-pool',
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      const fn = props.functions.get(route.function);
      if (fn === undefined)
        throw new Error(`Route ${route.method} ${route.path}: no function ${route.function}`);
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
      for (const httpRoute of added) {
        acknowledgePublicRoute(httpRoute, route, props.publicRouteReason ?? PUBLIC_ROUTE_REASON);
      }
    }
  }
}

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

/** Public routes have no authorizer on purpose. */
const acknowledgePublicRoute = (httpRoute: HttpRoute, route: RouteDefinition, reason: string): void => {
  if (route.auth !== 'public') return;
  Validations.of(httpRoute).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason: `${route.method} ${route.path} is public by design (auth: 'public' in infra/app-definition.ts): ${reason}`,
  });
};
