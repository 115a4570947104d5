import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LambdaFunction } from '../lambda.js';
import { logger } from '../logger.js';
import { httpErrorHandler } from './error-handler.js';

/** An API function: an API Gateway HTTP API (payload 2.0) event in, its result out. */
export type HttpHandler = LambdaFunction<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * Wraps a plain HTTP handler with the house middleware: Powertools log context (Lambda and API
 * Gateway request ids) and the error-to-status mapping.
 */
export const httpHandler = (fn: HttpHandler) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: async (request) => {
        logger.appendKeys({
          apiRequestId: request.event.requestContext?.requestId,
          routeKey: request.event.routeKey,
        });
      },
    })
    .use(httpErrorHandler())
    .handler(fn);
