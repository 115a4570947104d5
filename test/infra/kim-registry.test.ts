import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type FunctionDefinition,
  type FunctionName,
  functionDefinitions,
  type RouteDefinition,
  routes,
} from '../../infra/app-definition.js';
import { type InfraConfig, loadInfraConfig, parseInfraConfig } from '../../infra/config.js';
import { AlarmTopic } from '../../infra/constructs/alarm-topic.js';
import { queueUrlVariable, visibilityTimeoutProblems } from '../../infra/constructs/event-pipeline.js';
import { HouseFunction } from '../../infra/constructs/house-function.js';
import { MailSender } from '../../infra/constructs/mail-sender.js';
import { ITERATOR_AGE_ALARM_MS } from '../../infra/constructs/operations-alarms.js';
import { REGION_DATA_LAMBDA_DIR } from '../../infra/constructs/region-seed.js';
import { addKimRegistry, consoleUrls, type KimRegistryStacks } from '../../infra/stacks/kim-registry.js';
import { TOKEN_TRIGGER_DESCRIPTION } from '../../infra/stacks/stateful-stack.js';
import { DIGEST_SENDERS, MAIL_SENDERS } from '../../infra/stacks/stateless-stack.js';
import { ADMIN_API_SCOPES } from '../../shared/auth/access-policy.js';
import { tableDefinition } from '../../shared/platform/dynamodb/table.js';
import {
  applicationMetrics,
  type QueueName,
  queueDefinitions,
  resolveSchedules,
  type ScheduleName,
  scheduleDefinitions,
  streamSource,
} from '../../shared/platform/pipeline-settings.js';
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
  alarmEmail: 'ops@kominfo.example.id',
  mail: {
    from: 'noreply@kim.example.id',
    identity: 'kim.example.id',
    configurationSetName: 'kim-test-mail',
    appBaseUrl: 'https://admin.kim.example.id',
  },
  digestSchedule: { expression: 'cron(30 7 ? * FRI *)' },
};
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const usedFunctions = Object.keys(functionDefinitions) as FunctionName[];
const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
const SQS_CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueUrl',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
];
const MAIL_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'];

/** Every action a function holds beyond its table actions, logs and X-Ray: exactly these. */
const PIPELINE_ACTIONS: Partial<Record<FunctionName, readonly string[]>> = {
  fanOut: ['dynamodb:ListStreams', ...STREAM_READ_ACTIONS, 'sqs:SendMessage'],
  applyCoverage: SQS_CONSUME_ACTIONS,
  // Notifications carry no attachment: Simple content only, no SendRawEmail.
  notify: [...SQS_CONSUME_ACTIONS, 'ses:SendEmail'],
  // Term reminders carry no attachment either.
  sendTermReminders: ['ses:SendEmail'],
  sendDigests: MAIL_ACTIONS,
  sendDigestsNow: MAIL_ACTIONS,
  // The console's "send the digest now".
  consoleAdminPages: MAIL_ACTIONS,
  // The workspace's sign-in emails: Simple content only.
  workspacePages: ['ses:SendEmail'],
  workspaceSignInRequests: ['ses:SendEmail'],
};

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
      // The configured URLs, and the console's own on the site (mail.appBaseUrl).
      CallbackURLs: [...TEST_CONFIG.auth.callbackUrls, consoleUrls(TEST_CONFIG.mail.appBaseUrl).callback],
      LogoutURLs: [...TEST_CONFIG.auth.logoutUrls, consoleUrls(TEST_CONFIG.mail.appBaseUrl).signedOut],
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
  it('has one house function per function definition, each route served by one of them', () => {
    for (const route of routes) expect(usedFunctions).toContain(route.function);
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
    const pipeline = PIPELINE_ACTIONS[name] ?? [];
    const fn = functionProps(name);
    const roleId = referencedId(fn.Role);
    if (roleId === undefined) throw new Error(`${name} has no role of its own`);
    const role = stateless.Resources[roleId];
    // No managed policy, but the document bucket's own for a function with bucketGrants (tested above).
    const definition: FunctionDefinition = functionDefinitions[name];
    if (definition.bucketGrants === undefined) expect(role && props(role).ManagedPolicyArns).toBeUndefined();
    else expect(role && props(role).ManagedPolicyArns).toEqual([{ 'Fn::ImportValue': expect.any(String) }]);

    const statements = statementsOfRole(stateless, roleId);
    const granted = statements.flatMap(actionsOf);
    expect(granted.filter((action) => action.includes('*'))).toEqual([]);
    expect(
      new Set(granted.filter((action) => action.startsWith('dynamodb:') && !pipeline.includes(action))),
    ).toEqual(new Set(tableActions));
    expect(new Set(granted)).toEqual(
      new Set([...tableActions, ...LOG_ACTIONS, ...XRAY_ACTIONS, ...pipeline]),
    );

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
      if (actions.every((action) => tableActions.includes(action))) {
        expect(resources).toEqual([tableArn, ...indexArns]);
      } else if (actions.some((action) => action.startsWith('logs:'))) {
        expect(resources.map(referencedId)).toEqual([logGroupId]);
      } else if (actions.some((action) => XRAY_ACTIONS.includes(action))) {
        expect(actions.every((action) => XRAY_ACTIONS.includes(action))).toBe(true);
        expect(resources).toEqual(['*']);
      } else {
        // The pipeline's own grants; their resources are checked in the pipeline tests below.
        expect(actions.every((action) => pipeline.includes(action))).toBe(true);
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
        'GET /coverage/{code}',
        'GET /coverage/{code}/missing',
        'GET /',
        'GET /cakupan',
        'GET /cakupan/{code}',
        'GET /status/{id}',
        'GET /kim',
        'GET /kim/{id}',
        'GET /assets/{file}',
        'GET /daftar',
        'POST /daftar',
        'GET /daftar/{id}',
        'GET /ubah/{id}',
        'POST /ubah/{id}',
        'POST /registrations/{id}/documents/sk',
        'POST /registrations/{id}/documents/sk/{uploadId}/confirm',
        'GET /registrations/{id}/documents/sk',
        'POST /workspace/sign-in-requests',
        // Activity reports: the KIM's routes carry its edit token; the photos are public.
        'POST /registrations/{id}/reports',
        'GET /registrations/{id}/reports',
        'GET /registrations/{id}/reports/{reportId}',
        'DELETE /registrations/{id}/reports/{reportId}',
        'POST /registrations/{id}/reports/{reportId}/photos',
        'POST /registrations/{id}/reports/{reportId}/photos/{photoId}/confirm',
        'GET /kim/{id}/laporan/{reportId}/foto/{photoId}',
        'GET /registrations/{id}/profile',
        'PATCH /registrations/{id}/profile',
        // The published award results.
        'GET /penghargaan',
        'GET /penghargaan/{round}',
        // A KIM's self-entry in an award round, by its edit token.
        'PUT /registrations/{id}/award-entries/{roundId}',
        // The console and the workspace check their session cookies themselves (a browser sends
        // no Authorization header).
        ...routes
          .filter((route) =>
            [
              'consolePages',
              'consoleExports',
              'consoleAdminPages',
              'consoleAwardPages',
              'workspacePages',
              'workspaceReportPages',
              'workspaceAwardPages',
            ].includes(route.function),
          )
          .map((route) => `${route.method} ${route.path}`),
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

  it('gives the form, console and workspace functions alone a generated form secret, resolved at deploy and never in the template', () => {
    const secrets = resourcesOfType(stateless, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0] ?? ['', { Type: '' }];
    expect(props(secret).GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(props(secret).SecretString).toBeUndefined();
    for (const name of [
      'registrationPages',
      'consolePages',
      'consoleExports',
      'consoleAdminPages',
      'consoleAwardPages',
      'workspacePages',
      'workspaceReportPages',
      'workspaceAwardPages',
    ] as const) {
      const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.FORM_SECRET, name).toEqual({
        'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
      });
    }
    const pageFunctions: readonly string[] = [
      'registrationPages',
      'consolePages',
      'consoleExports',
      'consoleAdminPages',
      'consoleAwardPages',
      'workspacePages',
      'workspaceReportPages',
      'workspaceAwardPages',
    ];
    for (const name of usedFunctions.filter((other) => !pageFunctions.includes(other))) {
      const others = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(others, name).not.toHaveProperty('FORM_SECRET');
    }
  });

  it('points the console at the user pool (managed login domain, issuer, JWKS, app client) and the site', () => {
    const variables = (functionProps('consolePages').Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables.CONSOLE_BASE_URL).toBe(TEST_CONFIG.mail.appBaseUrl.replace(/\/+$/, ''));
    expect(JSON.stringify(variables.CONSOLE_AUTH_URL)).toContain('.amazoncognito.com');
    expect(JSON.stringify(variables.CONSOLE_TOKEN_ISSUER)).toContain('https://cognito-idp.');
    expect(JSON.stringify(variables.CONSOLE_JWKS_URL)).toContain('/.well-known/jwks.json');
    expect(variables.CONSOLE_CLIENT_ID).toBeDefined();
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

/** The stateful stack's value behind an `Fn::ImportValue` of the stateless stack. */
const exported = (value: unknown): unknown => {
  const name = (value as { 'Fn::ImportValue'?: unknown } | undefined)?.['Fn::ImportValue'];
  const output = Object.values(stateful.Outputs ?? {}).find((o) => o.Export?.Name === name);
  if (name === undefined || output === undefined)
    throw new Error(`Not an import of the stateful stack: ${JSON.stringify(value)}`);
  return output.Value;
};

const logicalIdIn = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const queueId = (queue: IConstruct) => logicalIdIn(stacks.stateful, queue);

const roleStatementsOf = (name: FunctionName) => {
  const roleId = referencedId(functionProps(name).Role);
  if (roleId === undefined) throw new Error(`${name} has no role`);
  return statementsOfRole(stateless, roleId);
};

/** Resources of the statements granting `action` to the function, in the stateful stack's terms where imported. */
const grantedResources = (name: FunctionName, action: string): unknown[] =>
  roleStatementsOf(name)
    .filter((statement) => actionsOf(statement).includes(action))
    .flatMap(resourcesOf)
    .map((resource) =>
      typeof resource === 'object' && resource !== null && 'Fn::ImportValue' in resource
        ? exported(resource)
        : resource,
    );

const mappingsOf = (name: FunctionName) =>
  resourcesOfType(stateless, 'AWS::Lambda::EventSourceMapping')
    .map(([, mapping]) => props(mapping))
    .filter((mapping) => referencedId(mapping.FunctionName) === functionIdOf(name));

const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

const byJson = (values: unknown[]): unknown[] =>
  [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const pipelineQueueEntries = () =>
  (Object.keys(queueDefinitions) as QueueName[]).map((name) => ({
    name,
    definition: queueDefinitions[name],
    queueId: queueId(stacks.stateful.pipelineQueues[name].queue),
    deadLetterId: queueId(stacks.stateful.pipelineQueues[name].deadLetterQueue),
  }));

describe('stateful stack: the document bucket', () => {
  const theBucket = () => {
    const buckets = resourcesOfType(stateful, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(1);
    const [found] = buckets;
    if (found === undefined) throw new Error('No bucket');
    return found;
  };
  it('is private, encrypted, versioned, owner-enforced and retained', () => {
    const [, resource] = theBucket();
    expect(props(resource)).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('expires unchecked uploads under pending/ and incomplete multipart uploads after a day', () => {
    const [, resource] = theBucket();
    expect(props(resource).LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'AbortIncompleteUploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
        {
          Id: 'ExpireUncheckedUploads',
          Prefix: 'pending/',
          ExpirationInDays: 1,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        },
      ],
    });
  });

  it('lets browsers PUT only from the site origin, and refuses any request without TLS', () => {
    const [id, resource] = theBucket();
    expect(props(resource).CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['PUT'],
          AllowedOrigins: ['https://admin.kim.example.id'],
          AllowedHeaders: ['content-type'],
          MaxAge: 3600,
        },
      ],
    });
    const policies = resourcesOfType(stateful, 'AWS::S3::BucketPolicy').filter(
      ([, policy]) => referencedId(props(policy).Bucket) === id,
    );
    expect(policies).toHaveLength(1);
    const statements = (props(policies[0]?.[1] ?? { Type: '' }).PolicyDocument as { Statement: unknown[] })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  /** Each managed policy of the bucket's stack, by its description, as action sets per key prefix. */
  const bucketPolicies = () => {
    const [bucketLogicalId] = theBucket();
    const objects = (prefix: string) =>
      JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketLogicalId, 'Arn'] }, `/${prefix}*`]] });
    const policies = resourcesOfType(stateful, 'AWS::IAM::ManagedPolicy').map(([id, policy]) => {
      const document = props(policy).PolicyDocument as {
        Statement: Array<{ Action: string | string[]; Resource: unknown }>;
      };
      return {
        id,
        description: String(props(policy).Description),
        granted: document.Statement.map((statement) => ({
          actions: [statement.Action].flat().sort(),
          resources: [statement.Resource].flat().map((resource) => JSON.stringify(resource)),
        })),
      };
    });
    return { objects, policies };
  };

  it('gives skDocuments exactly its object actions on pending/ and documents/', () => {
    const { objects, policies } = bucketPolicies();
    const policy = policies.find((candidate) => candidate.description.includes('SkDocuments'));
    expect(policy?.granted).toEqual([
      { actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], resources: [objects('pending/')] },
      { actions: ['s3:GetObject', 's3:PutObject'], resources: [objects('documents/')] },
    ]);
  });

  it('lets the console only read documents/, to sign the links that open an SK', () => {
    const { objects, policies } = bucketPolicies();
    const policy = policies.find((candidate) => candidate.description.includes('ConsolePages'));
    expect(policy?.granted).toEqual([{ actions: ['s3:GetObject'], resources: [objects('documents/')] }]);
  });

  it('gives the workspace the SK upload’s object actions, and its report pages only the photos’ (Put and Delete on reports/)', () => {
    const { objects, policies } = bucketPolicies();
    const workspace = policies.find((candidate) => candidate.description.includes('WorkspacePages'));
    expect(workspace?.granted).toEqual([
      { actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], resources: [objects('pending/')] },
      { actions: ['s3:GetObject', 's3:PutObject'], resources: [objects('documents/')] },
    ]);
    const reports = policies.find((candidate) => candidate.description.includes('WorkspaceReportPages'));
    expect(reports?.granted).toEqual([
      { actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], resources: [objects('pending/')] },
      { actions: ['s3:DeleteObject', 's3:PutObject'], resources: [objects('reports/')] },
    ]);
  });

  it('gives a bucket policy exactly to the functions with bucketGrants, and the bucket name with it', () => {
    const { policies } = bucketPolicies();
    const withGrants = usedFunctions.filter((name) => {
      const definition: FunctionDefinition = functionDefinitions[name];
      return definition.bucketGrants !== undefined;
    });
    expect(withGrants.sort()).toEqual([
      'activityReports',
      'consolePages',
      'reportPhotoUploads',
      'reportPhotos',
      'skDocuments',
      'workspacePages',
      'workspaceReportPages',
    ]);
    expect(policies).toHaveLength(withGrants.length);
    for (const name of usedFunctions) {
      const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.hasOwn(variables, 'DOCUMENT_BUCKET'), name).toBe(withGrants.includes(name));
    }
  });
});

describe('stateful stack: pipeline queues', () => {
  it.each(Object.keys(queueDefinitions) as QueueName[])(
    'the %s queue has the settings of queueDefinitions and redrives to its dead-letter queue',
    (name) => {
      const entry = pipelineQueueEntries().find((e) => e.name === name);
      if (entry === undefined) throw new Error(name);
      const { definition } = entry;
      expect(props(stateful.Resources[entry.queueId] ?? { Type: '' })).toEqual({
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        MessageRetentionPeriod: definition.retentionDays * 86_400,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: arnOf(entry.deadLetterId),
          maxReceiveCount: definition.maxReceiveCount,
        },
      });
      expect(definition.maxReceiveCount).toBeGreaterThanOrEqual(5);
      expect(props(stateful.Resources[entry.deadLetterId] ?? { Type: '' })).toEqual({
        MessageRetentionPeriod: definition.deadLetterRetentionDays * 86_400,
        SqsManagedSseEnabled: true,
      });
    },
  );

  it.each(Object.keys(queueDefinitions) as QueueName[])(
    "the %s queue's visibility timeout is at least 6× its consumer's deployed timeout",
    (name) => {
      const entry = pipelineQueueEntries().find((e) => e.name === name);
      const consumer = functionProps(queueDefinitions[name].consumer as FunctionName);
      const visibility = props(stateful.Resources[entry?.queueId ?? ''] ?? { Type: '' }).VisibilityTimeout;
      expect(visibility).toBeGreaterThanOrEqual(6 * (consumer.Timeout as number));
    },
  );

  it('refuses settings whose visibility timeout is under 6× the consumer timeout, naming queue and numbers', () => {
    expect(visibilityTimeoutProblems(queueDefinitions, functionDefinitions)).toEqual([]);
    const tooShort = { ...queueDefinitions.coverage, visibilityTimeoutSeconds: 90 };
    expect(visibilityTimeoutProblems({ coverage: tooShort }, functionDefinitions)).toEqual([
      'queue coverage: visibilityTimeoutSeconds 90 is less than 6 × the timeout of its consumer applyCoverage (30 s) = 180',
    ]);
    expect(
      visibilityTimeoutProblems({ x: { ...tooShort, consumer: 'nobody' } }, functionDefinitions),
    ).toEqual(['queue x: consumer nobody is not in functionDefinitions']);
  });

  it('encrypts every queue and refuses any request without TLS', () => {
    const queues = resourcesOfType(stateful, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    const policies = resourcesOfType(stateful, 'AWS::SQS::QueuePolicy').map(([, policy]) => props(policy));
    for (const [id, queue] of queues) {
      expect(props(queue).SqsManagedSseEnabled, id).toBe(true);
      const statements = policies
        .filter((policy) => (policy.Queues as unknown[]).some((ref) => referencedId(ref) === id))
        .flatMap((policy) => (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
      expect(statements, id).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('stateless stack: table stream to the fan-out function', () => {
  it('maps the stream with the settings of streamSource, the filter and the on-failure queue', () => {
    const mappings = mappingsOf(streamSource.function as FunctionName);
    expect(mappings).toHaveLength(1);
    const [mapping = {}] = mappings;
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: streamSource.batchSize,
      MaximumBatchingWindowInSeconds: streamSource.maxBatchingWindowSeconds,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: streamSource.retryAttempts,
      MaximumRecordAgeInSeconds: streamSource.maxRecordAgeSeconds,
      ParallelizationFactor: streamSource.parallelizationFactor,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(streamSource.retryAttempts).toBeLessThanOrEqual(10);
    expect(streamSource.maxRecordAgeSeconds).toBeLessThanOrEqual(3600);
    expect(exported(mapping.EventSourceArn)).toEqual({
      'Fn::GetAtt': [logicalIdIn(stacks.stateful, stacks.stateful.table), 'StreamArn'],
    });
    const filters = (mapping.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([streamSource.filterPattern]);
    const destination = (mapping.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
      .Destination;
    expect(exported(destination)).toEqual(arnOf(queueId(stacks.stateful.streamFailureQueue)));
  });

  it('lets the fan-out send to the pipeline queues and the on-failure queue only, with SendMessage only', () => {
    expect(byJson(grantedResources('fanOut', 'sqs:SendMessage'))).toEqual(
      byJson([
        ...pipelineQueueEntries().map((entry) => arnOf(entry.queueId)),
        arnOf(queueId(stacks.stateful.streamFailureQueue)),
      ]),
    );
  });

  it("lets the fan-out read the table's stream only (ListStreams has no resource-level permission)", () => {
    const streamArn = { 'Fn::GetAtt': [logicalIdIn(stacks.stateful, stacks.stateful.table), 'StreamArn'] };
    for (const action of STREAM_READ_ACTIONS) expect(grantedResources('fanOut', action)).toEqual([streamArn]);
    expect(grantedResources('fanOut', 'dynamodb:ListStreams')).toEqual(['*']);
  });

  it('gives the fan-out each queue URL in <QUEUE>_QUEUE_URL', () => {
    const variables = (functionProps('fanOut').Environment as { Variables: Record<string, unknown> })
      .Variables;
    for (const entry of pipelineQueueEntries()) {
      expect(exported(variables[queueUrlVariable(entry.name)])).toEqual({ Ref: entry.queueId });
    }
    expect(queueUrlVariable('coverage')).toBe('COVERAGE_QUEUE_URL');
    expect(queueUrlVariable('notify')).toBe('NOTIFY_QUEUE_URL');
  });
});

describe('stateless stack: queues to their consumers', () => {
  it.each(Object.keys(queueDefinitions) as QueueName[])(
    'the %s queue feeds its consumer with the batch, window and maximum concurrency of queueDefinitions',
    (name) => {
      const definition = queueDefinitions[name];
      const entry = pipelineQueueEntries().find((e) => e.name === name);
      const mappings = mappingsOf(definition.consumer as FunctionName);
      expect(mappings).toHaveLength(1);
      const [mapping = {}] = mappings;
      expect(mapping).toMatchObject({
        BatchSize: definition.batchSize,
        MaximumBatchingWindowInSeconds: definition.maxBatchingWindowSeconds,
        ScalingConfig: { MaximumConcurrency: definition.maximumConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(exported(mapping.EventSourceArn)).toEqual(arnOf(entry?.queueId ?? ''));
      for (const action of SQS_CONSUME_ACTIONS) {
        expect(grantedResources(definition.consumer as FunctionName, action)).toEqual([
          arnOf(entry?.queueId ?? ''),
        ]);
      }
    },
  );
});

describe('stateless stack: schedules', () => {
  const schedules = () => resolveSchedules({ digest: TEST_CONFIG.digestSchedule });

  const scheduleOf = (name: ScheduleName) => {
    const target = functionIdOf(schedules()[name].function as FunctionName);
    const matches = resourcesOfType(stateless, 'AWS::Scheduler::Schedule').filter(
      ([, schedule]) => referencedId((props(schedule).Target as { Arn: unknown }).Arn) === target,
    );
    expect(matches).toHaveLength(1);
    return props(matches[0]?.[1] ?? { Type: '' });
  };

  it('runs the weekly rebuild on the scheduled rebuild function, the digest on the digest sender', () => {
    expect(scheduleDefinitions.rebuildCoverage.function).toBe('scheduledRebuildCoverage');
    expect(scheduleDefinitions.digest.function).toBe('sendDigests');
  });

  it.each(Object.keys(scheduleDefinitions) as ScheduleName[])(
    'the %s schedule has the configured expression and time zone, a retry policy and its dead-letter queue',
    (name) => {
      const schedule = scheduleOf(name);
      expect(schedule).toMatchObject({
        ScheduleExpression: schedules()[name].expression,
        ScheduleExpressionTimezone: schedules()[name].timeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } },
      });
      const target = schedule.Target as { DeadLetterConfig: { Arn: unknown }; RoleArn: unknown };
      const deadLetterId = queueId(stacks.stateful.scheduleDeadLetterQueues[name]);
      expect(exported(target.DeadLetterConfig.Arn)).toEqual(arnOf(deadLetterId));

      const roleId = referencedId(target.RoleArn) ?? '';
      const statements = statementsOfRole(stateless, roleId);
      expect(statements.map((statement) => [actionsOf(statement), resourcesOf(statement)])).toEqual([
        [['lambda:InvokeFunction'], [arnOf(functionIdOf(schedules()[name].function as FunctionName))]],
        [['sqs:SendMessage'], [{ 'Fn::ImportValue': expect.any(String) }]],
      ]);
      expect(exported(resourcesOf(statements[1] ?? { Effect: '', Action: [], Resource: [] })[0])).toEqual(
        arnOf(deadLetterId),
      );
      const trust = props(stateless.Resources[roleId] ?? { Type: '' }).AssumeRolePolicyDocument as {
        Statement: Array<Record<string, unknown>>;
      };
      expect(trust.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': expect.anything() }) },
        }),
      ]);
    },
  );

  it.each(Object.keys(scheduleDefinitions) as ScheduleName[])(
    'the %s schedule passes its scheduled time, which names the run a retry belongs to',
    (name) => {
      const input = (scheduleOf(name).Target as { Input: string }).Input;
      expect(JSON.parse(input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    },
  );

  it('takes the digest expression from the config and keeps the default time zone', () => {
    expect(scheduleOf('digest')).toMatchObject({
      ScheduleExpression: 'cron(30 7 ? * FRI *)',
      ScheduleExpressionTimezone: 'Asia/Makassar',
    });
  });

  it('gives every digest sender the digest schedule as deployed: the configured expression, the default time zone', () => {
    for (const name of DIGEST_SENDERS) {
      expect(functionProps(name).Environment, name).toMatchObject({
        Variables: {
          DIGEST_SCHEDULE_EXPRESSION: 'cron(30 7 ? * FRI *)',
          DIGEST_SCHEDULE_TIME_ZONE: 'Asia/Makassar',
        },
      });
    }
    expect(DIGEST_SENDERS).toEqual(['sendDigests', 'sendDigestsNow', 'consoleAdminPages']);
    for (const name of usedFunctions.filter((fn) => !DIGEST_SENDERS.includes(fn))) {
      const variables = (
        functionProps(name).Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      expect(variables ?? {}, name).not.toHaveProperty('DIGEST_SCHEDULE_EXPRESSION');
    }
  });

  it('gives the scheduled rebuild the metrics namespace of the drift alarm', () => {
    expect(functionProps('scheduledRebuildCoverage').Environment).toMatchObject({
      Variables: { POWERTOOLS_METRICS_NAMESPACE: applicationMetrics.namespace },
    });
  });

  it('encrypts the schedule dead-letter queues and the stream on-failure queue', () => {
    for (const queue of [
      ...Object.values(stacks.stateful.scheduleDeadLetterQueues),
      stacks.stateful.streamFailureQueue,
    ]) {
      expect(props(stateful.Resources[queueId(queue)] ?? { Type: '' })).toEqual({
        MessageRetentionPeriod: 14 * 86_400,
        SqsManagedSseEnabled: true,
      });
    }
  });
});

describe('SES v2: sender identity, configuration set, who may send', () => {
  const only = (type: string) => {
    const matches = resourcesOfType(stateful, type);
    expect(matches, type).toHaveLength(1);
    const [match] = matches;
    if (match === undefined) throw new Error(`No ${type}`);
    return match;
  };

  it('has the configured identity, with the configuration set as its default', () => {
    const [setId] = only('AWS::SES::ConfigurationSet');
    expect(props(only('AWS::SES::EmailIdentity')[1])).toEqual({
      EmailIdentity: TEST_CONFIG.mail.identity,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: setId } },
    });
  });

  it('has the configured configuration set: TLS required, bounces and complaints suppressed', () => {
    expect(props(only('AWS::SES::ConfigurationSet')[1])).toMatchObject({
      Name: TEST_CONFIG.mail.configurationSetName,
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it.each(Object.keys(MAIL_SENDERS) as FunctionName[])(
    '%s may send as the identity through the configuration set, and gets the mail variables',
    (name) => {
      const [identityId] = only('AWS::SES::EmailIdentity');
      const [setId] = only('AWS::SES::ConfigurationSet');
      const expected = [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:ap-southeast-3:',
              { Ref: 'AWS::AccountId' },
              ':identity/',
              { Ref: identityId },
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:ap-southeast-3:',
              { Ref: 'AWS::AccountId' },
              ':configuration-set/',
              { Ref: setId },
            ],
          ],
        },
      ];
      const sesStatements = roleStatementsOf(name).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('ses:')),
      );
      expect(sesStatements).toHaveLength(1);
      const resources = resourcesOf(sesStatements[0] ?? { Effect: '', Action: [], Resource: [] }).map(
        (resource) =>
          JSON.parse(JSON.stringify(resource), (_key, value) =>
            typeof value === 'object' && value !== null && 'Fn::ImportValue' in value
              ? exported(value)
              : value,
          ),
      );
      expect(resources).toEqual(expected);
      const variables = (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.MAIL_FROM).toBe(TEST_CONFIG.mail.from);
      expect(variables.APP_BASE_URL).toBe(TEST_CONFIG.mail.appBaseUrl);
      expect(exported(variables.MAIL_CONFIGURATION_SET)).toEqual({ Ref: setId });
    },
  );

  it('outputs the three DKIM records of a domain identity', () => {
    for (const n of [1, 2, 3]) {
      const output = stateful.Outputs?.[`DkimRecord${n}`];
      expect(JSON.stringify(output?.Value)).toContain(`DkimDNSTokenName${n}`);
      expect(JSON.stringify(output?.Value)).toContain(`DkimDNSTokenValue${n}`);
    }
  });

  it('adds the sandbox recipients to what a function may send to, and nothing for an email identity', () => {
    const stack = new Stack(
      new App({ context: SKIP_BUNDLING, builtinCloudFormationValidation: false }),
      'Sandbox',
    );
    const sender = new MailSender(stack, 'Mail', {
      identity: 'kim@kim.example.id',
      from: 'kim@kim.example.id',
      appBaseUrl: 'https://kim.example.id',
      sandboxRecipients: ['ppid@tabanan.example.id'],
    });
    expect(sender.dkimRecords()).toEqual([]);
    const fn = new HouseFunction(stack, 'Fn', {
      entry: join(ROOT, 'functions', 'openapi', 'get-openapi.ts'),
    });
    sender.grantSend(fn, 'simple');
    const template = Template.fromStack(stack).toJSON() as CfnTemplate;
    const roleId = referencedId(
      props(template.Resources[logicalIdIn(stack, fn.lambdaFunction)] ?? { Type: '' }).Role,
    );
    const ses = statementsOfRole(template, roleId ?? '').filter((statement) =>
      actionsOf(statement).includes('ses:SendEmail'),
    );
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(resourcesOf(ses[0] ?? { Effect: '', Action: [], Resource: [] }))).toContain(
      ':identity/ppid@tabanan.example.id',
    );
    expect(actionsOf(ses[0] ?? { Effect: '', Action: [], Resource: [] })).toEqual(['ses:SendEmail']);
  });

  it('lets no other function send email', () => {
    for (const name of usedFunctions.filter((fn) => !(fn in MAIL_SENDERS))) {
      expect(
        roleStatementsOf(name)
          .flatMap(actionsOf)
          .filter((action) => action.startsWith('ses:')),
        name,
      ).toEqual([]);
    }
  });
});

describe('operations alarms and the alarm topic', () => {
  const alarms = () => resourcesOfType(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
  const topicId = () => {
    const [[id] = ['']] = resourcesOfType(stateful, 'AWS::SNS::Topic');
    return id;
  };

  const expectNotifiesTopic = (alarm: Record<string, unknown>) => {
    const actions = alarm.AlarmActions as unknown[];
    expect(actions).toHaveLength(1);
    expect(exported(actions[0])).toEqual({ Ref: topicId() });
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  };

  it('alarms on any message in each dead-letter queue, the stream on-failure queue and the schedule DLQs', () => {
    const deadLetterQueues = [
      ...pipelineQueueEntries().map((entry) => entry.deadLetterId),
      queueId(stacks.stateful.streamFailureQueue),
      ...Object.values(stacks.stateful.scheduleDeadLetterQueues).map(queueId),
    ];
    for (const id of deadLetterQueues) {
      const matching = alarms().filter((alarm) => {
        const dimensions = alarm.Dimensions as Array<{ Name: string; Value: unknown }> | undefined;
        return (
          alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          dimensions?.some(
            (dimension) =>
              dimension.Name === 'QueueName' &&
              JSON.stringify(exported(dimension.Value)) ===
                JSON.stringify({ 'Fn::GetAtt': [id, 'QueueName'] }),
          )
        );
      });
      expect(matching, id).toHaveLength(1);
      const [alarm = {}] = matching;
      expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Threshold: 0, Period: 60 });
      expectNotifiesTopic(alarm);
    }
  });

  const functionAlarm = (name: FunctionName, metricName: string) =>
    alarms().filter(
      (alarm) =>
        alarm.MetricName === metricName &&
        alarm.Namespace === 'AWS/Lambda' &&
        (alarm.Dimensions as Array<{ Name: string; Value: unknown }>).some(
          (dimension) =>
            dimension.Name === 'FunctionName' && referencedId(dimension.Value) === functionIdOf(name),
        ),
    );

  it('alarms when the fan-out falls more than a minute behind the stream', () => {
    const matching = functionAlarm('fanOut', 'IteratorAge');
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({ Statistic: 'Maximum', Threshold: ITERATOR_AGE_ALARM_MS });
    expect(ITERATOR_AGE_ALARM_MS).toBe(60_000);
    expectNotifiesTopic(matching[0] ?? {});
  });

  const watched: FunctionName[] = [
    'fanOut',
    'applyCoverage',
    'notify',
    'scheduledRebuildCoverage',
    'sendDigests',
    'sendTermReminders',
  ];
  it.each(watched.flatMap((name) => [[name, 'Errors'] as const, [name, 'Throttles'] as const]))(
    'alarms on any %s %s',
    (name, metricName) => {
      const matching = functionAlarm(name, metricName);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({ Statistic: 'Sum', Threshold: 0, Period: 300 });
      expectNotifiesTopic(matching[0] ?? {});
    },
  );

  it('alarms on any coverage drift the weekly rebuild publishes', () => {
    const matching = alarms().filter((alarm) => alarm.MetricName === applicationMetrics.coverageDriftRegions);
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({
      Namespace: 'KimRegistry',
      MetricName: 'CoverageDriftRegions',
      Dimensions: [{ Name: 'service', Value: 'kim-registry' }],
      Statistic: 'Maximum',
      Threshold: 0,
    });
    expectNotifiesTopic(matching[0] ?? {});
  });

  it('subscribes the configured admin email to the topic', () => {
    const subscriptions = resourcesOfType(stateful, 'AWS::SNS::Subscription').map(([, s]) => props(s));
    expect(subscriptions).toEqual([
      { Protocol: 'email', Endpoint: TEST_CONFIG.alarmEmail, TopicArn: { Ref: topicId() } },
    ]);
  });

  it('encrypts the topic with a rotated customer managed key that CloudWatch may use, and is SSL-only', () => {
    const topic = props(stateful.Resources[topicId()] ?? { Type: '' });
    const keyId = referencedId(topic.KmsMasterKeyId) ?? '';
    const key = props(stateful.Resources[keyId] ?? { Type: '' });
    expect(key.EnableKeyRotation).toBe(true);
    expect((key.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    const [[, policy] = ['', { Type: '' }]] = resourcesOfType(stateful, 'AWS::SNS::TopicPolicy');
    const statements = (props(policy).PolicyDocument as { Statement: Array<Record<string, unknown>> })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
      }),
    );
  });

  it('has no subscription when the config names no alarm email', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'NoAlarmEmail');
    new AlarmTopic(stack, 'AlarmTopic', { email: parseInfraConfig({ mail: TEST_CONFIG.mail }).alarmEmail });
    const template = Template.fromStack(stack).toJSON() as CfnTemplate;
    expect(resourcesOfType(template, 'AWS::SNS::Topic')).toHaveLength(1);
    expect(resourcesOfType(template, 'AWS::SNS::Subscription')).toEqual([]);
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
