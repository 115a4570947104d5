import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.js';

/** Largest body any endpoint accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/**
 * Reads an API Gateway v2 body as JSON: 413 beyond `maxBytes`, 415 unless declared JSON,
 * 400 when it does not parse. Returns the parsed value, not yet validated.
 */
export const readJsonBody = (event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const contentType = event.headers['content-type'] ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) throw new UnsupportedMediaTypeError();
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return JSON.parse(text.decode(bytes));
  } catch {
    throw new MalformedJsonError();
  }
};
