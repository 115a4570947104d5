import { describe, expect, it } from 'vitest';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../../../shared/platform/errors.js';
import { MAX_BODY_BYTES, readJsonBody } from '../../../../shared/platform/http/json-body.js';
import { apiEvent } from '../../../fixtures/api-event.js';
import { registrationBody } from '../../../fixtures/registration-body.js';

const post = (body: string | undefined, contentType?: string, isBase64Encoded = false) =>
  apiEvent({
    method: 'POST',
    path: '/registrations',
    body,
    isBase64Encoded,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });

/** A JSON document of exactly `bytes` UTF-8 bytes. */
const jsonOfSize = (bytes: number) => {
  const overhead = JSON.stringify({ padding: '' }).length;
  return JSON.stringify({ padding: 'x'.repeat(bytes - overhead) });
};

describe('readJsonBody', () => {
  it('parses a JSON body', () => {
    expect(readJsonBody(post(JSON.stringify(registrationBody()), 'application/json'))).toEqual(
      registrationBody(),
    );
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/vnd.api+json',
    'application/problem+json',
  ])('accepts the content type %j', (contentType) => {
    expect(readJsonBody(post('{"a":1}', contentType))).toEqual({ a: 1 });
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['XML', 'application/xml'],
    ['a look-alike', 'application/jsonp'],
    ['an empty header', ''],
  ])('refuses %s with 415', (_kind, contentType) => {
    expect(() => readJsonBody(post('{"a":1}', contentType))).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses a body without a content type with 415', () => {
    expect(() => readJsonBody(post('{"a":1}'))).toThrow(UnsupportedMediaTypeError);
  });

  it('accepts exactly 64 KB and refuses one byte more with 413', () => {
    expect(readJsonBody(post(jsonOfSize(MAX_BODY_BYTES), 'application/json'))).toHaveProperty('padding');
    expect(() => readJsonBody(post(jsonOfSize(MAX_BODY_BYTES + 1), 'application/json'))).toThrow(
      PayloadTooLargeError,
    );
  });

  it('counts bytes, not characters: 30,000 three-byte characters are over 64 KB', () => {
    const body = JSON.stringify({ name: '\u4e00'.repeat(30_000) });

    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expect(() => readJsonBody(post(body, 'application/json'))).toThrow(PayloadTooLargeError);
  });

  it('measures a base64 body decoded, and refuses it over 64 KB with 413', () => {
    const small = Buffer.from(jsonOfSize(MAX_BODY_BYTES)).toString('base64');
    const large = Buffer.from(jsonOfSize(MAX_BODY_BYTES + 1)).toString('base64');

    expect(readJsonBody(post(small, 'application/json', true))).toHaveProperty('padding');
    expect(() => readJsonBody(post(large, 'application/json', true))).toThrow(PayloadTooLargeError);
  });

  it('checks the size before the content type', () => {
    expect(() => readJsonBody(post('x'.repeat(MAX_BODY_BYTES + 1), 'text/plain'))).toThrow(
      PayloadTooLargeError,
    );
  });

  it('describes the limit in KB in both languages', () => {
    const error = new PayloadTooLargeError(MAX_BODY_BYTES);

    expect(error.message).toBe('Isi permintaan melebihi batas 64 KB.');
    expect(error.messageEn).toBe('The request body exceeds the 64 KB limit.');
  });

  it.each([
    ['truncated JSON', '{"name": "KIM'],
    ['a trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['NaN', '{"memberCount": NaN}'],
    ['a comment', '{"a":1 /* x */}'],
    ['two documents', '{"a":1}{"b":2}'],
    ['an empty body', ''],
    ['only whitespace', '   \n'],
  ])('refuses %s with MalformedJsonError', (_kind, body) => {
    expect(() => readJsonBody(post(body, 'application/json'))).toThrow(MalformedJsonError);
  });

  it('refuses a missing body as malformed JSON', () => {
    expect(() => readJsonBody(post(undefined, 'application/json'))).toThrow(MalformedJsonError);
  });

  it('refuses invalid UTF-8 instead of replacing it', () => {
    const invalid = Buffer.concat([
      Buffer.from('{"name":"KIM '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);

    expect(() => readJsonBody(post(invalid.toString('base64'), 'application/json', true))).toThrow(
      MalformedJsonError,
    );
  });

  it('decodes valid UTF-8 in a base64 body and drops a byte order mark', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Désa Ñ 一"}')]);

    expect(readJsonBody(post(body.toString('base64'), 'application/json', true))).toEqual({
      name: 'Désa Ñ 一',
    });
  });

  it('keeps "__proto__" as a plain key and leaves Object.prototype alone', () => {
    const parsed = readJsonBody(post('{"__proto__":{"polluted":true}}', 'application/json')) as Record<
      string,
      unknown
    >;

    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses deeply nested JSON without failing', () => {
    const depth = 20_000;

    const parsed = readJsonBody(post(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'application/json'));

    expect(Array.isArray(parsed)).toBe(true);
  });
});
