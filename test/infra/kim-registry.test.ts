import { App, Token, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type FunctionName,
  functionDefinitions,
  type RouteDefinition,
  routes,
} from '../../infra/app-definition.js';
import { type InfraConfig, loadInfraConfig } from '../../infra/config.js';
import { REGION_DATA_LAMBDA_DIR } from '../../infra/constructs/region-seed.js';
import { addKimRegistry, type KimRegistryStacks } from '../../infra/stacks/kim-registry.js';
import { TOKEN_TRIGGER_DESCRIPTION } from '../../infra/stacks/stateful-stack.js';
import { ADMIN_API_SCOPES } from '../../shared/auth/access-policy.js';
import { tableDefinition } from '../../shared/table.js';
import {
  actionsOf,
  type CfnTemplate,
  props,
  referencedId,
  resourcesOf,
  resourcesOfType,
  statementsOfRole,
} from './support/template.js';

/**
 * The whole app, synthesized once with a non-default configuration (so every value below is
 * proven to come from the config, not from a default). Bundling is skipped here to keep the
 * tier fast; synth.test.ts runs the real `cdk synth` with esbuild bundling.
 */
const TEST_CONFIG = {
  scope: '51',
  stackPrefix: 'KimTest',
  logRetentionDays: 30,
  apiThrottle: { rateLimit: 7, burstLimit: 11 },
  auth: {
    callbackUrls: ['https://admin.kim.example.id/callback', 'http://localhost:5173/callback'],
    logoutUrls: ['https://admin.kim.example.id/'],
    domainPrefix: 'kim-test-bali',
  },
};
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const usedFunctions: FunctionName[] = [
  ...new Set<FunctionName>([...routes.map((r) => r.function), 'seedRegions']),
];
const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

const buildApp = (): { app: App; config: InfraConfig; stacks: KimRegistryStacks } => {
  // CloudFormation's own template validation is left to synth.test.ts, which runs it on the
  // templates `cdk deploy` uses; here it would only add seconds.
  const app = new App({
    context: { 'kim-registry': TEST_CONFIG, ...SKIP_BUNDLING },
    builtinCloudFormationValidation: false,
  });
  const config = loadInfraConfig(app.node);
  const stacks = addKimRegistry(app, config, { seedDeployMarker: 'test-deploy' });
  return { app, config, stacks };
};

let app: App;
let config: InfraConfig;
let stacks: KimRegistryStacks;
let stateful: CfnTemplate;
let stateless: CfnTemplate;

beforeAll(() => {
  ({ app, config, stacks } = buildApp());
  // Synthesizing runs the cdk-nag plugin too: any unacknowledged finding throws here.
  stateful = Template.fromStack(stacks.stateful).toJSON() as CfnTemplate;
  stateless = Template.fromStack(stacks.stateless).toJSON() as CfnTemplate;
});

const functionIdOf = (name: FunctionName): string => {
  const matches = resourcesOfType(stateless, 'AWS::Lambda::Function').filter(
    ([, fn]) => props(fn).Description === functionDefinitions[name].description,
  );
  expect(matches, `one Lambda function for ${name}`).toHaveLength(1);
  const [match] = matches;
  if (match === undefined) throw new Error(`No function ${name}`);
  return match[0];
};

const functionProps = (name: FunctionName) => props(stateless.Resources[functionIdOf(name)] ?? { Type: '' });

describe('configuration', () => {
  it('uses the stack prefix and region from the config, with no account (env-agnostic)', () => {
    expect(stacks.stateful.stackName).toBe('KimTest-Stateful');
    expect(stacks.stateless.stackName).toBe('KimTest-Stateless');
    for (const stack of [stacks.stateful, stacks.stateless]) {
      expect(stack.region).toBe('ap-southeast-3');
      expect(Token.isUnresolved(stack.account)).toBe(true);
    }
  });
});

describe('stateful stack: the table', () => {
  const tableEntry = () => {
    const tables = resourcesOfType(stateful, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [entry] = tables;
    if (entry === undefined) throw new Error('No table');
    return entry;
  };

  it('has the keys, TTL attribute and billing mode of tableDefinition', () => {
    const [, table] = tableEntry();
    expect(props(table)).toMatchObject({
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('streams NEW_AND_OLD_IMAGES', () => {
    const [, table] = tableEntry();
    expect(props(table).StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('has point-in-time recovery and deletion protection', () => {
    const [, table] = tableEntry();
    expect(props(table).PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props(table).DeletionProtectionEnabled).toBe(true);
  });

  it('is retained on stack deletion and on replacement', () => {
    const [, table] = tableEntry();
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('is encrypted with the AWS managed KMS key', () => {
    const [, table] = tableEntry();
    // SSEEnabled true without a key id means SSEType KMS with the aws/dynamodb key.
    expect(props(table).SSESpecification).toEqual({ SSEEnabled: true });
  });
});

describe('stateful stack: the admin user pool', () => {
  const only = (type: string) => {
    const matches = resourcesOfType(stateful, type);
    expect(matches, type).toHaveLength(1);
    const [match] = matches;
    if (match === undefined) throw new Error(`No ${type}`);
    return match;
  };
  const poolEntry = () => only('AWS::Cognito::UserPool');
  const clientProps = () => props(only('AWS::Cognito::UserPoolClient')[1]);
  const triggerId = () => {
    const [entry] = resourcesOfType(stateful, 'AWS::Lambda::Function').filter(
      ([, fn]) => props(fn).Description === TOKEN_TRIGGER_DESCRIPTION,
    );
    if (entry === undefined) throw new Error('No token trigger');
    return entry[0];
  };

  it('is retained, deletion-protected, and lets only admins create users', () => {
    const [, pool] = poolEntry();
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
    expect(props(pool)).toMatchObject({
      DeletionProtection: 'ACTIVE',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('requires TOTP MFA and a strong password, on the Plus plan with threat protection enforced', () => {
    const [poolId, pool] = poolEntry();
    expect(props(pool)).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          PasswordHistorySize: 5,
        },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const [, risk] = only('AWS::Cognito::UserPoolRiskConfigurationAttachment');
    expect(props(risk)).toMatchObject({
      UserPoolId: { Ref: poolId },
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: { Actions: { HighAction: { EventAction: 'BLOCK' } } },
    });
  });

  it('has the mutable custom:region_code attribute, long enough for a village code', () => {
    const [, pool] = poolEntry();
    expect(props(pool).Schema).toContainEqual({
      Name: 'region_code',
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MinLength: '2', MaxLength: '13' },
    });
  });

  it('has the groups admin and ppid', () => {
    const [poolId] = poolEntry();
    const groups = resourcesOfType(stateful, 'AWS::Cognito::UserPoolGroup').map(([, group]) => props(group));
    expect(groups.map((group) => group.GroupName).sort()).toEqual(['admin', 'ppid']);
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: poolId });
  });

  it('has the kim-registry resource server with exactly the admin API scopes', () => {
    const [, server] = only('AWS::Cognito::UserPoolResourceServer');
    expect(props(server).Identifier).toBe('kim-registry');
    const scopes = (props(server).Scopes as Array<{ ScopeName: string }>).map(
      (scope) => `kim-registry/${scope.ScopeName}`,
    );
    expect(scopes.sort()).toEqual(Object.values(ADMIN_API_SCOPES).sort());
  });

  it('has one public app client: authorization code only, no secret, the configured URLs', () => {
    const serverId = only('AWS::Cognito::UserPoolResourceServer')[0];
    expect(clientProps()).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      CallbackURLs: TEST_CONFIG.auth.callbackUrls,
      LogoutURLs: TEST_CONFIG.auth.logoutUrls,
    });
    const scopes = clientProps().AllowedOAuthScopes as unknown[];
    for (const name of ['review', 'directory']) {
      expect(scopes).toContainEqual({ 'Fn::Join': ['', [{ Ref: serverId }, `/${name}`]] });
    }
    // Without aws.cognito.signin.user.admin an access token cannot call the user's own Cognito APIs.
    expect(scopes).not.toContain('aws.cognito.signin.user.admin');
  });

  it('never lets a user write their own region (or anything but their name) through the client', () => {
    expect(clientProps().WriteAttributes).toEqual(['name']);
    expect(clientProps().ReadAttributes).toContain('custom:region_code');
  });

  it('runs the pre-token-generation trigger with event version 2, invocable by this pool only', () => {
    const [poolId, pool] = poolEntry();
    const arn = { 'Fn::GetAtt': [triggerId(), 'Arn'] };
    expect(props(pool).LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: arn, LambdaVersion: 'V2_0' },
    });
    const permissions = resourcesOfType(stateful, 'AWS::Lambda::Permission').map(([, permission]) =>
      props(permission),
    );
    expect(permissions).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: arn,
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      },
    ]);
  });

  it('gives the trigger a house function whose role may only write its own logs and traces', () => {
    const fn = props(stateful.Resources[triggerId()] ?? { Type: '' });
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
    expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).not.toHaveProperty(
      'TABLE_NAME',
    );
    const roleId = referencedId(fn.Role) ?? '';
    expect(props(stateful.Resources[roleId] ?? { Type: '' }).ManagedPolicyArns).toBeUndefined();
    const logGroupId = referencedId((fn.LoggingConfig as { LogGroup: unknown }).LogGroup);
    const statements = statementsOfRole(stateful, roleId);
    expect(new Set(statements.flatMap(actionsOf))).toEqual(new Set([...LOG_ACTIONS, ...XRAY_ACTIONS]));
    for (const statement of statements) {
      const resources = resourcesOf(statement);
      if (actionsOf(statement).some((action) => action.startsWith('logs:'))) {
        expect(resources.map(referencedId)).toEqual([logGroupId]);
      } else {
        expect(resources).toEqual(['*']);
      }
    }
    const logGroup = stateful.Resources[logGroupId ?? ''];
    expect(logGroup && props(logGroup).RetentionInDays).toBe(config.logRetentionDays);
  });

  it('has the configured hosted UI domain prefix', () => {
    expect(props(only('AWS::Cognito::UserPoolDomain')[1]).Domain).toBe(TEST_CONFIG.auth.domainPrefix);
  });

  it('outputs the pool id, client id, token issuer and hosted UI URL', () => {
    const [poolId] = poolEntry();
    const outputs = stateful.Outputs ?? {};
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: poolId });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: only('AWS::Cognito::UserPoolClient')[0] });
    expect(outputs.TokenIssuer?.Value).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.ap-southeast-3.amazonaws.com/', { Ref: poolId }]],
    });
    expect(JSON.stringify(outputs.HostedUiUrl?.Value)).toContain('.auth.ap-southeast-3.amazoncognito.com');
  });
});

describe('stateless stack: functions', () => {
  it('has one house function per function used by a route, plus the region seeder', () => {
    const described = new Set(
      resourcesOfType(stateless, 'AWS::Lambda::Function').map(([, fn]) => props(fn).Description),
    );
    for (const name of usedFunctions) expect(described).toContain(functionDefinitions[name].description);
  });

  it.each(usedFunctions)('%s runs nodejs24.x on arm64 with active tracing and source maps', (name) => {
    const fn = functionProps(name);
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Environment).toMatchObject({
      Variables: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'kim-registry',
        LOG_LEVEL: 'INFO',
        SCOPE_CODE: config.scope,
        TABLE_NAME: { 'Fn::ImportValue': expect.any(String) },
      },
    });
  });

  it.each(usedFunctions)('%s logs to its own log group with the configured retention', (name) => {
    const logGroupId = referencedId((functionProps(name).LoggingConfig as { LogGroup: unknown }).LogGroup);
    const logGroup = logGroupId === undefined ? undefined : stateless.Resources[logGroupId];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup && props(logGroup).RetentionInDays).toBe(config.logRetentionDays);
  });

  it.each(usedFunctions)('%s may use exactly its tableActions on the table, and nothing else', (name) => {
    const tableActions: readonly string[] = functionDefinitions[name].tableActions;
    const fn = functionProps(name);
    const roleId = referencedId(fn.Role);
    if (roleId === undefined) throw new Error(`${name} has no role of its own`);
    const role = stateless.Resources[roleId];
    expect(role && props(role).ManagedPolicyArns).toBeUndefined();

    const statements = statementsOfRole(stateless, roleId);
    const granted = statements.flatMap(actionsOf);
    expect(granted.filter((action) => action.includes('*'))).toEqual([]);
    expect(new Set(granted.filter((action) => action.startsWith('dynamodb:')))).toEqual(
      new Set(tableActions),
    );
    expect(
      granted.every((action) => [...tableActions, ...LOG_ACTIONS, ...XRAY_ACTIONS].includes(action)),
    ).toBe(true);

    const tableArnExport = Object.values(stateful.Outputs ?? {}).find(
      (output) => referencedId(output.Value) !== undefined && JSON.stringify(output.Value).includes('"Arn"'),
    )?.Export?.Name;
    const logGroupId = referencedId((fn.LoggingConfig as { LogGroup: unknown }).LogGroup);
    // Only Query reads an index: a function that never queries gets no index ARN.
    const tableArn = { 'Fn::ImportValue': tableArnExport };
    const indexArns = tableActions.includes('dynamodb:Query')
      ? tableDefinition.globalSecondaryIndexes.map((index) => ({
          'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]],
        }))
      : [];
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      const actions = actionsOf(statement);
      const resources = resourcesOf(statement);
      if (actions.some((action) => action.startsWith('dynamodb:'))) {
        expect(resources).toEqual([tableArn, ...indexArns]);
      } else if (actions.some((action) => action.startsWith('logs:'))) {
        expect(resources.map(referencedId)).toEqual([logGroupId]);
      } else {
        expect(actions.every((action) => XRAY_ACTIONS.includes(action))).toBe(true);
        expect(resources).toEqual(['*']);
      }
    }
  });
});

describe('stateless stack: HTTP API', () => {
  it('has exactly the routes of the route table', () => {
    const routeKeys = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => props(route).RouteKey,
    );
    expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  const routeResource = (route: RouteDefinition) => {
    const [entry] = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Route').filter(
      ([, resource]) => props(resource).RouteKey === `${route.method} ${route.path}`,
    );
    if (entry === undefined) throw new Error(`No route ${route.method} ${route.path}`);
    return props(entry[1]);
  };
  const publicRoutes = routes.filter((route) => route.auth === 'public');
  const jwtRoutes = routes.filter((route) => route.auth === 'jwt');

  it.each(routes)('$method $path is a Lambda proxy (payload 2.0) to $function', (route) => {
    const target = JSON.stringify(routeResource(route).Target);
    const [integrationId] = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Integration')
      .map(([id]) => id)
      .filter((id) => target.includes(`"${id}"`));
    const integration = integrationId === undefined ? undefined : stateless.Resources[integrationId];
    expect(integration && props(integration)).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionIdOf(route.function), 'Arn'] },
    });
  });

  it('has exactly these public routes, and every other route behind the JWT authorizer', () => {
    expect(publicRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      [
        'POST /registrations',
        'GET /registrations/{id}',
        'PUT /registrations/{id}',
        'GET /regions/{code}',
        'GET /openapi.json',
      ].sort(),
    );
    expect(routes.filter((route) => route.path.startsWith('/admin/'))).toEqual(jwtRoutes);
    expect(jwtRoutes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(publicRoutes)('$method $path has no authorizer', (route) => {
    expect(routeResource(route).AuthorizationType).toBe('NONE');
    expect(routeResource(route).AuthorizerId).toBeUndefined();
  });

  it.each(jwtRoutes)(
    '$method $path has the Cognito JWT authorizer and exactly its scopes $scopes',
    (route) => {
      const [[authorizerId] = ['']] = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Authorizer');
      expect(route.scopes?.length).toBeGreaterThan(0);
      expect(routeResource(route)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
        AuthorizationScopes: route.scopes,
      });
    },
  );

  it('has one JWT authorizer: issuer the user pool, audience its app client, the Authorization header', () => {
    const authorizers = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [[, authorizer] = ['', { Type: '' }]] = authorizers;
    /** The import of the stateful stack's export of `{ Ref: <the one resource of type> }`. */
    const importOf = (type: string) => {
      const [[logicalId] = ['']] = resourcesOfType(stateful, type);
      const [name] = Object.values(stateful.Outputs ?? {})
        .filter((output) => output.Export !== undefined && referencedId(output.Value) === logicalId)
        .map((output) => output.Export?.Name);
      return { 'Fn::ImportValue': name };
    };
    expect(props(authorizer)).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [importOf('AWS::Cognito::UserPoolClient')],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.ap-southeast-3.amazonaws.com/', importOf('AWS::Cognito::UserPool')],
          ],
        },
      },
    });
  });

  it('asks only for scopes the user pool offers', () => {
    const offered = new Set(Object.values(ADMIN_API_SCOPES));
    for (const route of jwtRoutes) for (const scope of route.scopes ?? []) expect(offered).toContain(scope);
  });

  it('has one auto-deployed $default stage with the configured throttling and JSON access logs', () => {
    const stages = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const [, stage] = stages[0] ?? ['', { Type: '' }];
    expect(props(stage)).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: config.apiThrottle.rateLimit,
        ThrottlingBurstLimit: config.apiThrottle.burstLimit,
      },
    });
    const accessLog = props(stage).AccessLogSettings as { DestinationArn: unknown; Format: string };
    const logGroup = stateless.Resources[referencedId(accessLog.DestinationArn) ?? ''];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup && props(logGroup).RetentionInDays).toBe(config.logRetentionDays);
    expect(JSON.parse(accessLog.Format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
  });

  it('allows CORS for GET, POST and PUT with the content-type and idempotency-key headers', () => {
    const [[, api] = ['', { Type: '' }]] = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Api');
    expect(props(api).CorsConfiguration).toMatchObject({
      AllowMethods: expect.arrayContaining(['GET', 'POST', 'PUT']),
      AllowHeaders: expect.arrayContaining(['content-type', 'idempotency-key']),
    });
  });

  it('outputs the API URL and the table name', () => {
    const template = Template.fromStack(stacks.stateless);
    template.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('TableName', {
      Value: { 'Fn::ImportValue': Match.stringLikeRegexp('KimTest-Stateful') },
    });
  });
});

describe('stateless stack: region seeding', () => {
  it('has a Custom::RegionSeed with the scope and deploy marker, served by the seeder through a provider', () => {
    const seeds = resourcesOfType(stateless, 'Custom::RegionSeed');
    expect(seeds).toHaveLength(1);
    const [, seed] = seeds[0] ?? ['', { Type: '' }];
    expect(props(seed)).toMatchObject({ Scope: config.scope, DeployMarker: 'test-deploy' });

    const providerId = referencedId(props(seed).ServiceToken);
    const provider = providerId === undefined ? undefined : stateless.Resources[providerId];
    expect(provider && props(provider).Environment).toEqual({
      Variables: { USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': [functionIdOf('seedRegions'), 'Arn'] } },
    });
  });

  it('points the seeder at the region data bundled beside its code', () => {
    expect(functionProps('seedRegions').Environment).toMatchObject({
      Variables: { REGION_DATA_DIR: REGION_DATA_LAMBDA_DIR },
    });
  });

  it('gives the provider framework its own role with no AWS managed policy', () => {
    const seed = resourcesOfType(stateless, 'Custom::RegionSeed')[0]?.[1];
    const providerId = referencedId(seed && props(seed).ServiceToken) ?? '';
    const roleId = referencedId(props(stateless.Resources[providerId] ?? { Type: '' }).Role) ?? '';
    expect(props(stateless.Resources[roleId] ?? { Type: '' }).ManagedPolicyArns).toBeUndefined();
    const actions = statementsOfRole(stateless, roleId).flatMap(actionsOf);
    expect(new Set(actions)).toEqual(
      new Set([...LOG_ACTIONS, 'lambda:InvokeFunction', 'lambda:GetFunction']),
    );
  });
});

describe('cdk-nag AwsSolutions and CDK annotations', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const acknowledgmentsIn = (root: IConstruct) =>
    root.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
            path: construct.node.path,
            ruleId: id.replace(/^annotation::/i, ''),
            reason,
          })),
        ),
    );

  it('reports no unacknowledged finding, error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.description}`)).toEqual([]);
  });

  it('leaves no CDK warning or error annotation on either stack', () => {
    // The assembly synthesized in beforeAll (Annotations.fromStack would synthesize again).
    const assembly = app.synth();
    for (const stack of [stacks.stateful, stacks.stateless]) {
      const messages = assembly.getStackArtifact(stack.artifactId).messages;
      expect(
        messages.filter((message) => message.level !== 'info').map((message) => message.entry.data),
      ).toEqual([]);
    }
  });

  it('gives every acknowledgment a reason, and acknowledges only findings that really occur there', () => {
    const acknowledgments = acknowledgmentsIn(app);
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const { reason } of acknowledgments) expect(reason.trim().length).toBeGreaterThan(40);

    // The same app built without acknowledgments shows what each one hides.
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    const bare = buildApp();
    expect(acknowledgmentsIn(bare.app)).toEqual([]);
    const findings = new AwsSolutionsChecks()
      .validateScope(bare.app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => ({ ruleId: v.ruleName, path: r.constructPath })),
      );
    for (const { path, ruleId } of acknowledgments) {
      const hidden = findings.filter(
        (finding) =>
          finding.ruleId === ruleId && (finding.path === path || finding.path?.startsWith(`${path}/`)),
      );
      expect(hidden, `${ruleId} acknowledged at ${path}`).not.toEqual([]);
    }
  });
});
