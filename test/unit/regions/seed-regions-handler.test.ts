import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchWriteItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { lambdaContext } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { mockDynamoDb } from '../../fixtures/dynamodb-mock.js';

vi.stubEnv('TABLE_NAME', 'kim-registry-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { handler } = await import('../../../functions/regions/seed-regions.js');

const dynamo = mockDynamoDb();
let output: CapturedOutput;

beforeEach(() => {
  dynamo.reset();
  dynamo.on(BatchWriteItemCommand).resolves({});
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const common = {
  ServiceToken: 'arn:aws:lambda:ap-southeast-3:123456789012:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned?X-Amz-Signature=secret',
  StackId: 'arn:aws:cloudformation:ap-southeast-3:123456789012:stack/KimRegistry-Stateless/1',
  RequestId: 'request-1',
  LogicalResourceId: 'RegionSeed',
  ResourceType: 'Custom::RegionSeed',
};

const createEvent = (scope: string): CloudFormationCustomResourceCreateEvent => ({
  ...common,
  RequestType: 'Create',
  ResourceProperties: {
    ServiceToken: common.ServiceToken,
    Scope: scope,
    DeployMarker: '2025-07-01T00:00:00Z',
  },
});

const updateEvent = (scope: string): CloudFormationCustomResourceUpdateEvent => ({
  ...common,
  RequestType: 'Update',
  PhysicalResourceId: 'region-seed-51.02',
  ResourceProperties: {
    ServiceToken: common.ServiceToken,
    Scope: scope,
    DeployMarker: '2025-07-02T00:00:00Z',
  },
  OldResourceProperties: {
    ServiceToken: common.ServiceToken,
    Scope: '51.02',
    DeployMarker: '2025-07-01T00:00:00Z',
  },
});

const deleteEvent = (): CloudFormationCustomResourceDeleteEvent => ({
  ...common,
  RequestType: 'Delete',
  PhysicalResourceId: 'region-seed-51.02',
  ResourceProperties: { ServiceToken: common.ServiceToken, Scope: '51.02' },
});

const seed = (event: CloudFormationCustomResourceEvent) => handler(event, lambdaContext('seed-regions', 900));

const writtenItems = () =>
  dynamo
    .commandCalls(BatchWriteItemCommand)
    .flatMap((call) => call.args[0].input.RequestItems?.['kim-registry-test'] ?? [])
    .map((request) => unmarshall(request.PutRequest?.Item ?? {}));

describe('region seed custom resource handler', () => {
  it('on Create writes every region of Tabanan with its village count and reports the counts', async () => {
    const result = await seed(createEvent('51.02'));

    expect(result).toEqual({
      PhysicalResourceId: 'region-seed-51.02',
      Data: { regionCount: 144, villageCount: 133 },
    });
    const items = writtenItems();
    expect(items).toHaveLength(144);
    expect(items.find((item) => item.code === '51.02')).toMatchObject({
      level: 'regency',
      villageCount: 133,
    });
    expect(items.filter((item) => item.level === 'district')).toHaveLength(10);
  });

  it('on Update writes the scope again (idempotent overwrite), from the event, not from SCOPE_CODE', async () => {
    const result = await seed(updateEvent('51.02.05'));

    expect(result.PhysicalResourceId).toBe('region-seed-51.02.05');
    expect(writtenItems().every((item) => String(item.code).startsWith('51.02.05'))).toBe(true);
    expect(result.Data?.villageCount).toBe(writtenItems().filter((item) => item.level === 'village').length);
  });

  it('on Delete writes nothing and keeps the physical id', async () => {
    const result = await seed(deleteEvent());

    expect(result).toEqual({ PhysicalResourceId: 'region-seed-51.02' });
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it('fails, so CloudFormation rolls back, on a scope that is not a region code', async () => {
    await expect(seed(createEvent('51.2'))).rejects.toThrow(/Scope/);
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it('logs structured counts with the request id, and never the response URL', async () => {
    await seed(createEvent('51.02'));

    const [line] = output.jsonLines().filter((entry) => entry.message === 'Regions seeded');
    expect(line).toMatchObject({
      scope: '51.02',
      regionCount: 144,
      villageCount: 133,
      requestType: 'Create',
    });
    expect(line?.function_request_id).toEqual(expect.any(String));
    expect(output.lines().join('\n')).not.toContain('X-Amz-Signature');
  });
});
