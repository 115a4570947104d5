import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../infra/app-definition.js';
import { EventPipeline } from '../../infra/constructs/event-pipeline.js';
import { HouseFunction } from '../../infra/constructs/house-function.js';
import { OperationsAlarms } from '../../infra/constructs/operations-alarms.js';
import { CORS_PREFLIGHT_DEFAULTS, RouteTableApi } from '../../infra/constructs/route-table-api.js';
import {
  queueDefinitions,
  scheduleDefinitions,
  streamSource,
} from '../../shared/platform/pipeline-settings.js';
import { type CfnTemplate, props, referencedId, resourcesOfType } from './support/template.js';

/**
 * The constructs the stateless stack composes, each alone: what their defaults are, that every
 * one of them can be overridden, and what they refuse. The stack's own test covers them composed.
 */

const ENTRY = join(
  fileURLToPath(new URL('../../', import.meta.url)),
  'functions',
  'openapi',
  'get-openapi.ts',
);

const newStack = () =>
  new Stack(
    new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }),
    'Constructs',
  );

const templateOf = (stack: Stack) => Template.fromStack(stack).toJSON() as CfnTemplate;

const functionsIn = (stack: Stack, names: readonly string[]) =>
  new Map(names.map((name) => [name, new HouseFunction(stack, `Fn${name}`, { entry: ENTRY })]));

const apiIn = (stack: Stack, routes: readonly RouteDefinition[], extra: Record<string, unknown> = {}) => {
  const pool = new UserPool(stack, 'Pool');
  return new RouteTableApi(stack, 'HttpApi', {
    routes,
    functions: functionsIn(stack, ['getOpenApi', 'listAdminRegistrations']),
    userPool: pool,
    userPoolClients: [pool.addClient('Client')],
    throttle: { rateLimit: 3, burstLimit: 5 },
    ...extra,
  });
};

const PUBLIC_ROUTE: RouteDefinition = {
  method: 'GET',
  path: '/openapi.json',
  function: 'getOpenApi',
  auth: 'public',
};

describe('RouteTableApi', () => {
  it('keeps the logical id the HTTP API has as a direct child of the stack, so a deploy does not replace it', () => {
    const plain = newStack();
    const direct = new HttpApi(plain, 'HttpApi');
    const composed = newStack();
    const api = apiIn(composed, [PUBLIC_ROUTE]);

    expect(composed.getLogicalId(api.api.node.defaultChild as CfnElement)).toBe(
      plain.getLogicalId(direct.node.defaultChild as CfnElement),
    );
  });

  it('by default allows any origin and the house headers, and logs to a log group of its own kept three months', () => {
    const stack = newStack();
    apiIn(stack, [PUBLIC_ROUTE]);
    const template = templateOf(stack);

    const [[, api] = ['', { Type: '' }]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(props(api).CorsConfiguration).toMatchObject({
      AllowOrigins: ['*'],
      AllowHeaders: CORS_PREFLIGHT_DEFAULTS.allowHeaders,
      ExposeHeaders: CORS_PREFLIGHT_DEFAULTS.exposeHeaders,
      MaxAge: 3600,
    });
    const [[, stage] = ['', { Type: '' }]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    const logGroupId = referencedId(
      (props(stage).AccessLogSettings as { DestinationArn: unknown }).DestinationArn,
    );
    expect(props(template.Resources[logGroupId ?? ''] ?? { Type: '' }).RetentionInDays).toBe(90);
    expect(props(stage)).toMatchObject({ StageName: '$default' });
  });

  it('takes overrides of the CORS fields it is given, the stage name and the access log group', () => {
    const stack = newStack();
    const logs = new LogGroup(stack, 'Given', { retention: RetentionDays.ONE_WEEK });
    apiIn(stack, [PUBLIC_ROUTE], {
      corsPreflight: { allowOrigins: ['https://kim.example.id'] },
      stageName: 'v1',
      accessLogGroup: logs,
    });
    const template = templateOf(stack);

    const [[, api] = ['', { Type: '' }]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(props(api).CorsConfiguration).toMatchObject({
      AllowOrigins: ['https://kim.example.id'],
      AllowHeaders: CORS_PREFLIGHT_DEFAULTS.allowHeaders,
    });
    const [[, stage] = ['', { Type: '' }]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    expect(props(stage).StageName).toBe('v1');
    expect(referencedId((props(stage).AccessLogSettings as { DestinationArn: unknown }).DestinationArn)).toBe(
      stack.getLogicalId(logs.node.defaultChild as CfnElement),
    );
    expect(
      resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, group]) => props(group).RetentionInDays),
    ).toContain(7);
  });

  it("refuses a 'jwt' route that names no scopes, naming the route", () => {
    expect(() =>
      apiIn(newStack(), [
        { method: 'GET', path: '/admin/registrations', function: 'listAdminRegistrations', auth: 'jwt' },
      ]),
    ).toThrow("Route GET /admin/registrations is 'jwt' but names no scopes");
  });

  it('refuses a route whose function it was not given, naming both', () => {
    expect(() => apiIn(newStack(), [{ ...PUBLIC_ROUTE, function: 'getRegion' }])).toThrow(
      'Route GET /openapi.json: no function getRegion',
    );
  });
});

describe('EventPipeline', () => {
  const pipelineIn = (stack: Stack, extra: Record<string, unknown> = {}) => {
    const table = new Table(stack, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
    const functions = functionsIn(stack, [streamSource.function, queueDefinitions.coverage.consumer]);
    return new EventPipeline(stack, 'Pipeline', {
      table,
      stream: streamSource,
      streamFailureQueue: new Queue(stack, 'Failures'),
      queues: { coverage: { queue: new Queue(stack, 'Coverage'), settings: queueDefinitions.coverage } },
      functions,
      ...extra,
    });
  };

  it("puts each queue's URL in the stream function's environment, under the variable the override names", () => {
    const stack = newStack();
    pipelineIn(stack, { queueUrlVariable: (name: string) => `QUEUE_${name}` });
    const template = templateOf(stack);

    const fanOut = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, fn]) =>
      Object.hasOwn((props(fn).Environment as { Variables: object }).Variables, 'QUEUE_coverage'),
    );
    expect(fanOut).toHaveLength(1);
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([, mapping]) =>
      props(mapping),
    );
    expect(mappings.map((mapping) => mapping.StartingPosition)).toContain('TRIM_HORIZON');
    expect(
      mappings.find((mapping) => mapping.BatchSize === queueDefinitions.coverage.batchSize),
    ).toMatchObject({
      ScalingConfig: { MaximumConcurrency: queueDefinitions.coverage.maximumConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('refuses settings naming a function it was not given', () => {
    const stack = newStack();
    expect(() =>
      pipelineIn(stack, {
        queues: {
          coverage: {
            queue: new Queue(stack, 'Other'),
            settings: { ...queueDefinitions.coverage, consumer: 'nobody' },
          },
        },
      }),
    ).toThrow('No function nobody in functionDefinitions');
  });
});

describe('OperationsAlarms', () => {
  const alarmsIn = (stack: Stack, extra: Record<string, unknown> = {}) =>
    new OperationsAlarms(stack, 'Alarms', {
      topic: new Topic(stack, 'Topic'),
      functions: functionsIn(stack, [
        streamSource.function,
        queueDefinitions.notify.consumer,
        scheduleDefinitions.rebuildCoverage.function,
      ]),
      stream: { settings: streamSource, failureQueue: new Queue(stack, 'Failures') },
      queues: {
        notify: { settings: queueDefinitions.notify, deadLetterQueue: new Queue(stack, 'NotifyDlq') },
      },
      schedules: {
        rebuildCoverage: {
          settings: scheduleDefinitions.rebuildCoverage,
          deadLetterQueue: new Queue(stack, 'RebuildDlq'),
        },
      },
      driftPublisher: scheduleDefinitions.rebuildCoverage.function,
      ...extra,
    });

  it('names each alarm after what it watches', () => {
    expect([...alarmsIn(newStack()).alarms.keys()].sort()).toEqual(
      [
        'CoverageDrift',
        'FanOutErrors',
        'FanOutThrottles',
        'NotifyDeadLetterQueueNotEmpty',
        'NotifyErrors',
        'NotifyThrottles',
        'RebuildCoverageScheduleDeadLetterQueueNotEmpty',
        'ScheduledRebuildCoverageErrors',
        'ScheduledRebuildCoverageThrottles',
        'StreamFailureQueueNotEmpty',
        'StreamIteratorAge',
      ].sort(),
    );
  });

  it('takes overrides of the iterator age threshold and of the drift metric, its namespace and service', () => {
    const stack = newStack();
    alarmsIn(stack, {
      iteratorAgeThreshold: Duration.seconds(90),
      metricsNamespace: 'Elsewhere',
      driftMetricName: 'Drift',
      serviceName: 'other-service',
    });
    const alarms = resourcesOfType(templateOf(stack), 'AWS::CloudWatch::Alarm').map(([, alarm]) =>
      props(alarm),
    );

    expect(alarms.find((alarm) => alarm.MetricName === 'IteratorAge')).toMatchObject({ Threshold: 90_000 });
    expect(alarms.find((alarm) => alarm.MetricName === 'Drift')).toMatchObject({
      Namespace: 'Elsewhere',
      Dimensions: [{ Name: 'service', Value: 'other-service' }],
    });
  });
});
