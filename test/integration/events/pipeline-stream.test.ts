import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type LocalQueues, startLocalQueues } from '../../../infra/local/lambda/pipeline.js';
import type { StreamFailureRecord } from '../../../infra/local/lambda/stream-delivery.js';
import { type StreamPollerOptions, startStreamPoller } from '../../../infra/local/lambda/stream-poller.js';
import { registrationEventSchema } from '../../../shared/events/registration-event.js';
import { PutItemCommand, UpdateItemCommand } from '../../../shared/platform/dynamodb/client.js';
import { streamSource } from '../../../shared/platform/pipeline-settings.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { createTestTable, localDynamoDbClient } from '../../fixtures/dynamodb.js';

const REGION = 'ap-southeast-3';
const queues: LocalQueues = await startLocalQueues({ port: 0, region: REGION });
vi.stubEnv('AWS_ENDPOINT_URL_SQS', queues.endpoint);
vi.stubEnv('COVERAGE_QUEUE_URL', queues.queues.coverage.url);
vi.stubEnv('NOTIFY_QUEUE_URL', queues.queues.notify.url);
const { handler } = await import('../../../functions/events/fan-out.js');

const dynamoEndpoint = inject('dynamoEndpoint');
const client = localDynamoDbClient(dynamoEndpoint);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const streams = new DynamoDBStreamsClient({ endpoint: dynamoEndpoint, region: REGION, credentials });
const sqs = new SQSClient({
  endpoint: queues.endpoint,
  region: REGION,
  credentials,
  useQueueUrlAsEndpoint: false,
});
const folder = mkdtempSync(join(tmpdir(), 'kim-stream-'));
let output: CapturedOutput;

beforeAll(() => {
  output = captureOutput();
});
afterAll(async () => {
  output.restore();
  await queues.stop();
  rmSync(folder, { recursive: true, force: true });
});

const lambdaContext = {
  functionName: 'fanOut',
  awsRequestId: 'local',
  getRemainingTimeInMillis: () => 30_000,
} as Parameters<typeof handler>[1];

const putRegistration = (tableName: string, id: string, status: string, version = 1) =>
  client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall({
        PK: `REG#${id}`,
        SK: 'REG',
        type: 'REGISTRATION',
        name: 'KIM Sari Mekar',
        contactPhone: '+6281234567890',
        villageCode: '51.02.05.2006',
        status,
        version,
      }),
    }),
  );

const setStatus = (tableName: string, id: string, status: string, version: number) =>
  client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall({ PK: `REG#${id}`, SK: 'REG' }),
      UpdateExpression: 'SET #status = :status, version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':status': status, ':version': version }),
    }),
  );

const drain = async (queueUrl: string, atLeast: number, timeoutMs = 15_000): Promise<Message[]> => {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < atLeast && Date.now() < deadline) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    messages.push(...(out.Messages ?? []));
  }
  // Anything beyond what was expected shows up within a short extra wait.
  const extra = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  messages.push(...(extra.Messages ?? []));
  return messages;
};

const bodies = (messages: readonly Message[]) =>
  messages.map((message) => registrationEventSchema.parse(JSON.parse(message.Body ?? '')));

const poller = (tableName: string, overrides: Partial<StreamPollerOptions> = {}) =>
  startStreamPoller({
    dynamoDb: client,
    streams,
    tableName,
    region: REGION,
    source: streamSource,
    functionArn: `arn:aws:lambda:${REGION}:000000000000:function:fanOut`,
    invoke: (records) => handler({ Records: records }, lambdaContext),
    onFailure: async () => {},
    pollIntervalMs: 100,
    retryDelayMs: () => 10,
    ...overrides,
  });

describe('table stream → fan-out → queues (DynamoDB Local and fauxqs)', () => {
  it('sends every registration status change to both queues once, and nothing else', async () => {
    const tableName = await createTestTable(client, 'kim-stream');
    const running = await poller(tableName);
    try {
      await putRegistration(tableName, '01JSTREAMA', 'SUBMITTED');
      await putRegistration(tableName, '01JSTREAMB', 'SUBMITTED');
      await setStatus(tableName, '01JSTREAMA', 'VERIFIED', 2);
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            PK: 'REG#01JSTREAMA',
            SK: 'HIST#2026#01',
            type: 'HISTORY',
            name: 'KIM Sari Mekar',
          }),
        }),
      );

      const coverage = bodies(await drain(queues.queues.coverage.url, 3));
      const notify = bodies(await drain(queues.queues.notify.url, 3));

      const summary = (events: typeof coverage) =>
        events
          .map((event) => `${event.registrationId}:${event.oldStatus}->${event.newStatus}@${event.version}`)
          .sort();
      expect(summary(coverage)).toEqual([
        '01JSTREAMA:SUBMITTED->VERIFIED@2',
        '01JSTREAMA:null->SUBMITTED@1',
        '01JSTREAMB:null->SUBMITTED@1',
      ]);
      expect(summary(notify)).toEqual(summary(coverage));
      expect(new Set(coverage.map((event) => event.eventId)).size).toBe(3);
      expect(running.stats()).toMatchObject({ records: 3, filteredOut: 1, failed: 0 });
      expect(JSON.stringify([coverage, notify])).not.toContain('Sari Mekar');
    } finally {
      await running.stop();
    }
  });

  it('resumes after a restart from its checkpoint: nothing lost, nothing replayed', async () => {
    const tableName = await createTestTable(client, 'kim-stream');
    const checkpointFile = join(folder, 'checkpoints.json');
    const delivered: string[] = [];
    const recordingPoller = () =>
      poller(tableName, {
        checkpointFile,
        invoke: async (records: DynamoDBRecord[]) => {
          for (const record of records) delivered.push(record.dynamodb?.NewImage?.PK?.S ?? '');
          return { batchItemFailures: [] };
        },
      });
    const first = await recordingPoller();
    await putRegistration(tableName, '01JCKPT1', 'SUBMITTED');
    await putRegistration(tableName, '01JCKPT2', 'SUBMITTED');
    await vi.waitFor(() => expect(delivered).toHaveLength(2), { timeout: 10_000, interval: 100 });
    await first.stop();

    // Written while nothing reads the stream.
    await putRegistration(tableName, '01JCKPT3', 'SUBMITTED');
    const second = await recordingPoller();
    try {
      await vi.waitFor(() => expect(delivered).toHaveLength(3), { timeout: 10_000, interval: 100 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(delivered).toEqual(['REG#01JCKPT1', 'REG#01JCKPT2', 'REG#01JCKPT3']);
    } finally {
      await second.stop();
    }
  });

  it('sends the metadata of records it gives up on to the on-failure destination and moves on', async () => {
    const tableName = await createTestTable(client, 'kim-stream');
    const failures: StreamFailureRecord[] = [];
    const delivered: string[] = [];
    const running = await poller(tableName, {
      invoke: async (records: DynamoDBRecord[]) => {
        const ids = records.map((record) => record.dynamodb?.Keys?.PK?.S ?? '');
        if (ids.includes('REG#01JPOISON')) throw new Error('poison');
        delivered.push(...ids);
        return {};
      },
      onFailure: async (failure) => {
        failures.push(failure);
      },
    });
    try {
      await putRegistration(tableName, '01JPOISON', 'SUBMITTED');
      await putRegistration(tableName, '01JAFTER', 'SUBMITTED');
      await vi.waitFor(() => expect(delivered).toContain('REG#01JAFTER'), { timeout: 15_000, interval: 100 });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.requestContext).toMatchObject({
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: streamSource.retryAttempts + 1,
      });
      expect(failures[0]?.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, streamArn: running.streamArn });
    } finally {
      await running.stop();
    }
  });
});
