import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateDigestSubscriberError } from '../../../../shared/directory/errors.js';
import {
  ConflictError,
  DomainError,
  IdempotencyKeyReuseError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedCharsetError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../shared/platform/errors.js';
import { errorStatuses } from '../../../../shared/platform/http/error-handler.js';
import { httpHandler } from '../../../../shared/platform/http/handler.js';
import { DuplicateRegistrationError } from '../../../../shared/registrations/errors.js';
import { apiEvent, bodyOf, lambdaContext } from '../../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../../fixtures/capture-output.js';

/** Runs `error` through the house middleware, as a handler throwing it would. */
const answerTo = (error: unknown, context = lambdaContext()) =>
  httpHandler(async () => {
    throw error;
  })(apiEvent({ method: 'POST', path: '/registrations' }), context);

const fieldErrors = [
  { field: 'memberCount', message: 'Harus maksimal 100.', messageEn: 'Must be at most 100.' },
  { field: 'villageCode', message: 'Wajib diisi.', messageEn: 'Required.' },
];

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

describe('httpErrorHandler', () => {
  it.each([
    ['ValidationError', new ValidationError(fieldErrors), 400, { errors: fieldErrors }],
    [
      'MalformedJsonError',
      new MalformedJsonError(),
      400,
      {
        errors: [
          {
            field: '(body)',
            message: 'Isi permintaan bukan JSON yang valid.',
            messageEn: 'The request body is not valid JSON.',
          },
        ],
      },
    ],
    ['NotFoundError', new NotFoundError('Tidak ada.', 'Not there.'), 404, {}],
    [
      'DuplicateRegistrationError',
      new DuplicateRegistrationError('01JZ0000000000000000000001'),
      409,
      {
        existingId: '01JZ0000000000000000000001',
      },
    ],
    [
      'DuplicateDigestSubscriberError',
      new DuplicateDigestSubscriberError('01JZ0000000000000000000002'),
      409,
      { existingId: '01JZ0000000000000000000002' },
    ],
    ['PayloadTooLargeError', new PayloadTooLargeError(65_536), 413, {}],
    ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError(), 415, {}],
    ['UnsupportedCharsetError', new UnsupportedCharsetError('iso-8859-1'), 415, {}],
    ['IdempotencyKeyReuseError', new IdempotencyKeyReuseError(), 422, {}],
  ] as const)('answers %s with %i and a bilingual body', async (_name, error, status, extra) => {
    const result = await answerTo(error);

    expect(result.statusCode).toBe(status);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    expect(bodyOf(result)).toEqual({ message: error.message, messageEn: error.messageEn, ...extra });
  });

  it('lists the first 20 field errors and counts the rest in moreErrors', async () => {
    const many = Array.from({ length: 5400 }, (_, index) => ({
      field: `unknown${index}`,
      message: 'Isian ini tidak dikenal.',
      messageEn: 'Unknown field.',
    }));

    const result = await answerTo(new ValidationError(many));
    const body = bodyOf(result) as { errors: unknown[]; moreErrors: number };

    expect(result.statusCode).toBe(400);
    expect(body.errors).toEqual(many.slice(0, 20));
    expect(body.moreErrors).toBe(5380);
    expect(Buffer.byteLength(result.body ?? '')).toBeLessThan(4096);
  });

  it('leaves moreErrors out when every error is listed', async () => {
    const twenty = Array.from({ length: 20 }, (_, index) => ({
      field: `f${index}`,
      message: 'Wajib diisi.',
      messageEn: 'Required.',
    }));

    expect(bodyOf(await answerTo(new ValidationError(twenty)))).not.toHaveProperty('moreErrors');
  });

  it('maps every domain error class of its table to a 4xx', () => {
    const statuses = errorStatuses.map(([, status]) => status);

    expect(statuses.length).toBeGreaterThanOrEqual(7);
    expect(statuses.filter((status) => status < 400 || status >= 500)).toEqual([]);
  });

  it("answers a feature's own error with the status of the kind it extends, and its details, though the table does not list it", async () => {
    class SeatTakenError extends ConflictError {
      constructor() {
        super('Kursi sudah terisi.', 'The seat is taken.', { seat: '12A' });
      }
    }

    const result = await answerTo(new SeatTakenError());

    expect(errorStatuses.some(([errorClass]) => errorClass === SeatTakenError)).toBe(false);
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      message: 'Kursi sudah terisi.',
      messageEn: 'The seat is taken.',
      seat: '12A',
    });
  });

  it('answers an unknown error with a generic 500 carrying only the request id', async () => {
    const context = lambdaContext();
    const error = new Error('ECONNRESET talking to dynamodb.internal:8000 for REG#01JZ as I Made Sudarma');

    const result = await answerTo(error, context);

    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({
      message: 'Terjadi kesalahan pada server. Silakan coba lagi.',
      messageEn: 'Internal server error. Please try again.',
      requestId: context.awsRequestId,
    });
    expect(result.body).not.toMatch(/ECONNRESET|dynamodb|Sudarma|stack|at /);
  });

  it('answers a domain error missing from the table with a generic 500', async () => {
    class UnmappedError extends DomainError {
      readonly messageEn = 'Secret detail';
    }

    const result = await answerTo(new UnmappedError('Rahasia'));

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/Rahasia|Secret/);
  });

  it.each([
    ['a string', 'boom'],
    ['undefined', undefined],
    ['a plain object', { message: 'internal detail', stack: 'at secret.ts:1' }],
  ])('answers a thrown %s with a generic 500', async (_kind, thrown) => {
    const result = await answerTo(thrown);

    expect(result.statusCode).toBe(500);
    expect(Object.keys(bodyOf(result)).sort()).toEqual(['message', 'messageEn', 'requestId']);
    expect(result.body).not.toMatch(/boom|internal detail|secret/);
  });

  it('logs an unknown error as one structured line with the request ids', async () => {
    const context = lambdaContext();
    const event = apiEvent({ method: 'POST', path: '/registrations' });

    await httpHandler(async () => {
      throw new TypeError('cannot read properties of undefined');
    })(event, context);

    const errors = output.jsonLines().filter((line) => line.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: 'Unhandled error',
      errorName: 'TypeError',
      function_request_id: context.awsRequestId,
      apiRequestId: event.requestContext.requestId,
    });
  });
});
