import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  IdempotencyKeyReuseError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableContentError,
  UnsupportedCharsetError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.js';
import { logger } from '../logger.js';
import { json } from './responses.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

/**
 * The one table from domain error to HTTP status. It lists the kinds of shared/platform/errors.ts
 * only; a feature's error extends one of them (DuplicateRegistrationError is a ConflictError), so
 * this table never imports a feature.
 */
export const errorStatuses: ReadonlyArray<readonly [ErrorClass, number]> = [
  [ValidationError, 400],
  [MalformedJsonError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [UnsupportedCharsetError, 415],
  [IdempotencyKeyReuseError, 422],
  [UnprocessableContentError, 422],
  [TooManyRequestsError, 429],
];

/** Headers a refusal carries besides its body: the scheme of a 401, the wait of a 429. */
export const errorHeaders = (error: DomainError): Record<string, string> =>
  error instanceof UnauthorizedError
    ? // RFC 9110: a 401 names the scheme that would authenticate (the admin API takes a bearer JWT).
      { 'www-authenticate': 'Bearer' }
    : error instanceof TooManyRequestsError
      ? { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) }
      : {};

const bodyOf = (error: DomainError): Record<string, unknown> => ({
  message: error.message,
  messageEn: error.messageEn,
  ...error.details,
});

/**
 * Turns domain errors into their 4xx answers and anything else into a generic 500 that carries
 * the request id only. Errors are logged by class and message, never with the event.
 */
export const httpErrorHandler = (): middy.MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2
> => ({
  onError: async (request) => {
    const { error } = request;
    const status = errorStatuses.find(([errorClass]) => error instanceof errorClass)?.[1];
    if (error instanceof DomainError && status !== undefined) {
      logger.info('Request refused', { status, reason: error.name });
      request.response = json(status, bodyOf(error), errorHeaders(error));
      return;
    }
    const requestId = request.context.awsRequestId;
    logger.error('Unhandled error', {
      errorName: error?.name,
      errorMessage: error?.message,
      stack: error?.stack,
    });
    request.response = json(500, {
      message: 'Terjadi kesalahan pada server. Silakan coba lagi.',
      messageEn: 'Internal server error. Please try again.',
      requestId,
    });
  },
});
