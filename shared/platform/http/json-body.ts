import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedCharsetError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.js';
import { findJsonDefects } from './json-defects.js';

/** Largest body any endpoint accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** The labels the WHATWG Encoding Standard reads as UTF-8: what browsers send and accept. */
const UTF8_LABELS = new Set([
  'utf-8',
  'utf8',
  'unicode-1-1-utf-8',
  'unicode11utf8',
  'unicode20utf8',
  'x-unicode20utf8',
]);

/** An RFC 9110 token: a charset label we can echo in the answer without escaping surprises. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,40}$/;

const LONE_SURROGATE = /\p{Cs}/u;

/** The `charset` parameters of a Content-Type header, unquoted and lower-cased. */
const charsetsOf = (contentType: string): string[] =>
  contentType
    .split(';')
    .slice(1)
    .flatMap((parameter) => {
      const match = /^\s*charset\s*=\s*(.*?)\s*$/i.exec(parameter);
      if (!match) return [];
      const value = match[1] ?? '';
      return [(value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value).toLowerCase()];
    });

const invalidUtf8 = () =>
  new MalformedJsonError(
    'Isi permintaan bukan teks UTF-8 yang valid: ada byte yang bukan UTF-8.',
    'The request body is not valid UTF-8 text: some bytes are not UTF-8.',
  );

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The body's bytes, base64 decoded where API Gateway encoded it; 413 beyond `maxBytes`. */
const bodyBytes = (event: APIGatewayProxyEventV2, maxBytes: number): Buffer => {
  const raw = event.body ?? '';
  // A text body API Gateway decoded from UTF-8 cannot hold a lone surrogate; one that does was not
  // UTF-8, and Buffer.from would quietly turn it into U+FFFD.
  if (!event.isBase64Encoded && LONE_SURROGATE.test(raw)) throw invalidUtf8();
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  return bytes;
};

const parseJson = (event: APIGatewayProxyEventV2, bytes: Buffer): unknown => {
  const contentType = event.headers['content-type'] ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) throw new UnsupportedMediaTypeError();
  const foreign = charsetsOf(contentType).find((charset) => !UTF8_LABELS.has(charset));
  if (foreign !== undefined) throw new UnsupportedCharsetError(TOKEN.test(foreign) ? foreign : undefined);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidUtf8();
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedJsonError();
  }
  const defects = findJsonDefects(text);
  if (defects.length > 0) throw new ValidationError(defects);
  return value;
};

/**
 * Reads an API Gateway v2 body as JSON: 413 beyond `maxBytes`, 415 unless declared JSON or when
 * it declares a charset other than UTF-8, 400 when its bytes are not UTF-8 or it does not parse,
 * and 400 naming each field for what `JSON.parse` would let through silently: a key given twice
 * (it keeps the last) and a lone surrogate from a `\ud800`-style escape. Returns the parsed
 * value, not yet validated.
 */
export const readJsonBody = (event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown =>
  parseJson(event, bodyBytes(event, maxBytes));

/**
 * Reads a body the client may leave out: undefined when it is absent, empty or only whitespace
 * (whatever the content type); anything else exactly as readJsonBody.
 */
export const readOptionalJsonBody = (event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown => {
  const bytes = bodyBytes(event, maxBytes);
  return bytes.every((byte) => JSON_WHITESPACE.has(byte)) ? undefined : parseJson(event, bytes);
};
