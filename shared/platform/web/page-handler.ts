import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { DomainError, TooManyRequestsError } from '../errors.js';
import { errorHeaders, errorStatuses } from '../http/error-handler.js';
import { logger } from '../logger.js';
import { chooseLanguage, type Language } from './language.js';
import { htmlResponse } from './response.js';
import { isHttps } from './security-headers.js';

export type PageFunction = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What an error page is told: the status, the domain error when it was one, and the request. */
export interface ErrorPageInput {
  readonly status: number;
  /** Undefined for an unexpected failure (a 500): its details are never shown. */
  readonly error?: DomainError;
  readonly lang: Language;
  readonly event: APIGatewayProxyEventV2;
  readonly requestId: string;
}

export type ErrorPage = (input: ErrorPageInput) => JSX.Element;

/**
 * Wraps a page function with the house middleware, like `httpHandler` does for the JSON API, but
 * failures become HTML pages: a domain error gets its status from the one error table
 * (`errorStatuses`) and its bilingual message; anything else a generic 500 page with the request
 * id. Errors are logged by class, never with the event.
 */
export const pageHandler = (fn: PageFunction, errorPage: ErrorPage) =>
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
    .use({
      onError: async (request) => {
        const { error, event } = request;
        const status = errorStatuses.find(([errorClass]) => error instanceof errorClass)?.[1];
        const { lang } = chooseLanguage(event, { https: isHttps(event) });
        const requestId = request.context.awsRequestId;
        if (error instanceof DomainError && status !== undefined) {
          logger.info('Page refused', { status, reason: error.name });
          request.response = await htmlResponse(event, errorPage({ status, error, lang, event, requestId }), {
            status,
            cacheControl: 'no-store',
            ...(error instanceof TooManyRequestsError ? { headers: errorHeaders(error) } : {}),
          });
          return;
        }
        logger.error('Unhandled error', {
          errorName: error?.name,
          errorMessage: error?.message,
          stack: error?.stack,
        });
        request.response = await htmlResponse(event, errorPage({ status: 500, lang, event, requestId }), {
          status: 500,
          cacheControl: 'no-store',
        });
      },
    })
    .handler(fn);
