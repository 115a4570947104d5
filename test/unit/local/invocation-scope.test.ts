import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../infra/local/lambda/gateway.js';
import {
  enableConcurrentInvocations,
  MAX_CONCURRENCY_ENV,
  runInvocation,
} from '../../../infra/local/lambda/invocation-scope.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { logger } from '../../../shared/platform/logger.js';
import { apiEvent } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';

/** A gate the test opens, so two invocations can be made to interleave in a chosen order. */
const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

/**
 * Two functions as the local stack runs them, in one process with one shared logger: an API
 * function (house HTTP middleware) and a queue consumer. Each logs once before and once after a
 * wait, so the other one's invocation starts and ends in between.
 */
const scenario = async () => {
  const apiStarted = gate();
  const consumerDone = gate();
  const api = httpHandler(async () => {
    logger.info('api before');
    apiStarted.open();
    await consumerDone.opened;
    logger.info('api after');
    return { statusCode: 204 };
  });
  const consumer = middy<{ Records: unknown[] }, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async () => {
      logger.appendKeys({ batchSize: 1 });
      logger.info('consumer ran');
    });
  const context = (functionName: string): Context =>
    createLambdaContext({ functionName, memorySize: 256, timeoutSeconds: 5, region: 'ap-southeast-3' });
  const apiContext = context('createRegistration');
  const consumerContext = context('notify');
  const event = apiEvent({ method: 'POST', path: '/registrations' });

  const apiRun = runInvocation({ context: apiContext, timeoutSeconds: 5 }, () => api(event, apiContext));
  await apiStarted.opened;
  await runInvocation({ context: consumerContext, timeoutSeconds: 5 }, () =>
    consumer({ Records: [] }, consumerContext),
  );
  consumerDone.open();
  await apiRun;
  return { apiContext, consumerContext, event };
};

let output: CapturedOutput;
const saved = process.env[MAX_CONCURRENCY_ENV];
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  if (saved === undefined) delete process.env[MAX_CONCURRENCY_ENV];
  else process.env[MAX_CONCURRENCY_ENV] = saved;
});

const line = (message: string) => {
  const found = output.jsonLines().find((entry) => entry.message === message);
  if (!found) throw new Error(`no log line "${message}"`);
  return found;
};

describe('local invocations of different functions at once', () => {
  it('log each with its own function name, request ids and keys', async () => {
    enableConcurrentInvocations();

    const { apiContext, consumerContext, event } = await scenario();

    expect(process.env[MAX_CONCURRENCY_ENV]).toBeDefined();
    for (const message of ['api before', 'api after']) {
      expect(line(message)).toMatchObject({
        function_name: 'createRegistration',
        function_request_id: apiContext.awsRequestId,
        apiRequestId: event.requestContext.requestId,
        routeKey: 'POST /registrations',
      });
      expect(line(message)).not.toHaveProperty('batchSize');
    }
    expect(line('consumer ran')).toMatchObject({
      function_name: 'notify',
      function_request_id: consumerContext.awsRequestId,
      batchSize: 1,
    });
    expect(line('consumer ran')).not.toHaveProperty('routeKey');
  });

  it('mix them up without it, which is what the local stack used to log', async () => {
    delete process.env[MAX_CONCURRENCY_ENV];

    const { consumerContext } = await scenario();

    expect(line('api after')).toMatchObject({
      function_name: 'notify',
      function_request_id: consumerContext.awsRequestId,
    });
  });
});

describe('runInvocation', () => {
  it('fails an invocation that runs past its timeout', async () => {
    const context = createLambdaContext({
      functionName: 'slow',
      memorySize: 128,
      timeoutSeconds: 0.05,
      region: 'ap-southeast-3',
    });

    await expect(
      runInvocation(
        { context, timeoutSeconds: 0.05 },
        () => new Promise((resolve) => setTimeout(resolve, 500)),
      ),
    ).rejects.toThrow('Task timed out after 0.05 seconds');
  });
});
