import { describe, expect, it } from 'vitest';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedCharsetError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../shared/platform/errors.js';
import {
  MAX_BODY_BYTES,
  readJsonBody,
  readOptionalJsonBody,
} from '../../../../shared/platform/http/json-body.js';
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

  it.each([
    ['a 0xFF byte', [0xff]],
    ['a truncated two-byte sequence', [0xc3, 0x28]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a Latin-1 é', [0xe9]],
  ])('refuses invalid UTF-8 (%s) with a 400 instead of replacing it', (_kind, bytes) => {
    const invalid = Buffer.concat([Buffer.from('{"name":"KIM '), Buffer.from(bytes), Buffer.from('"}')]);

    const refuse = () => readJsonBody(post(invalid.toString('base64'), 'application/json', true));

    expect(refuse).toThrow(MalformedJsonError);
    expect(refuse).toThrow(
      expect.objectContaining({
        message: 'Isi permintaan bukan teks UTF-8 yang valid: ada byte yang bukan UTF-8.',
        messageEn: 'The request body is not valid UTF-8 text: some bytes are not UTF-8.',
      }),
    );
  });

  it('refuses a text body holding a lone surrogate, which no UTF-8 decoding can produce', () => {
    expect(() => readJsonBody(post('{"name":"KIM \ud800"}', 'application/json'))).toThrow(MalformedJsonError);
  });

  it.each([
    'application/json; charset=iso-8859-1',
    'application/json; charset=utf-16',
    'application/json;charset="windows-1252"',
    'application/json; charset=utf-8; charset=latin1',
  ])('refuses a declared charset other than UTF-8 with 415: %j', (contentType) => {
    expect(() => readJsonBody(post('{"a":1}', contentType))).toThrow(UnsupportedCharsetError);
  });

  it('names the refused charset in both languages, and only when it is a plain token', () => {
    const named = new UnsupportedCharsetError('iso-8859-1');
    const unnamed = new UnsupportedCharsetError(undefined);

    expect(named.message).toContain('charset (iso-8859-1) tidak didukung');
    expect(named.messageEn).toContain('the charset (iso-8859-1) is not supported');
    expect(unnamed.messageEn).toContain('the charset is not supported');
    try {
      readJsonBody(post('{"a":1}', 'application/json; charset="<script>"'));
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedCharsetError);
      expect((error as UnsupportedCharsetError).charset).toBeUndefined();
    }
  });

  it.each([
    'application/json; charset=utf-8',
    'application/json; charset="UTF-8"',
    'application/json; charset=utf8',
  ])('accepts the UTF-8 labels browsers send: %j', (contentType) => {
    expect(readJsonBody(post('{"a":1}', contentType))).toEqual({ a: 1 });
  });

  const fieldErrorsOf = (body: string) => {
    try {
      readJsonBody(post(body, 'application/json'));
    } catch (error) {
      if (error instanceof ValidationError) return error.errors;
      throw error;
    }
    throw new Error('expected a ValidationError');
  };

  it('refuses a key given twice, naming it, however it is spelled', () => {
    expect(
      fieldErrorsOf('{"villageCode":"51.02.05.2006","name":"KIM","villageCode":"51.02.05.2007"}'),
    ).toEqual([
      {
        field: 'villageCode',
        message: 'Isian ini muncul lebih dari sekali; kirim setiap isian sekali saja.',
        messageEn: 'This field appears more than once; send each field once.',
      },
    ]);
    expect(fieldErrorsOf('{"name":"a","\\u006eame":"b"}').map((error) => error.field)).toEqual(['name']);
  });

  it('finds duplicate keys at any depth, with the path of each', () => {
    const body = JSON.stringify({
      sk: { number: '1', date: '2025-06-02' },
      officers: [{ role: 'KETUA' }, { role: 'SEKRETARIS', name: 'x' }],
    })
      .replace('"date":"2025-06-02"', '"date":"2025-06-02","number":"2"')
      .replace('"name":"x"', '"name":"x","role":"ANGGOTA"');
    const deep = `${'['.repeat(3000)}{"a":1,"a":2}${']'.repeat(3000)}`;

    expect(fieldErrorsOf(body).map((error) => error.field)).toEqual(['sk.number', 'officers[1].role']);
    expect(fieldErrorsOf(deep).map((error) => error.field)).toEqual([`${'[0]'.repeat(3000)}.a`]);
  });

  it('keeps keys apart that differ only in case, and the same key in sibling objects', () => {
    expect(readJsonBody(post('{"a":{"x":1},"b":{"x":2},"A":3}', 'application/json'))).toEqual({
      a: { x: 1 },
      b: { x: 2 },
      A: 3,
    });
  });

  it('refuses lone surrogates from escapes in values and in keys, naming the field', () => {
    const errors = fieldErrorsOf(
      '{"name":"KIM \\ud800","officers":[{"name":"\\udc00x"}],"ok":"\\ud83d\\ude00","k\\udfffey":1}',
    );

    expect(errors.map((error) => error.field)).toEqual(['name', 'officers[0].name', 'k\\udfffey']);
    expect(errors[0]?.messageEn).toBe(
      'Holds a lone UTF-16 surrogate (such as \\ud800), which is not a valid character.',
    );
    expect(errors[2]?.messageEn).toBe(
      'This field name holds a lone UTF-16 surrogate (such as \\ud800), which is not a valid character.',
    );
    expect(fieldErrorsOf('"\\ud800"').map((error) => error.field)).toEqual(['(body)']);
  });

  it('accepts a surrogate pair written as escapes: it is one valid character', () => {
    expect(readJsonBody(post('{"name":"KIM \\ud83d\\ude00"}', 'application/json'))).toEqual({
      name: 'KIM 😀',
    });
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

describe('readOptionalJsonBody', () => {
  it.each([
    ['an absent body', undefined, undefined, false],
    ['an empty body', '', 'application/json', false],
    ['only whitespace, whatever the content type', ' \t\r\n', 'text/plain', false],
    ['a base64 body of whitespace', Buffer.from('  \n').toString('base64'), undefined, true],
  ])('reads %s as no body', (_kind, body, contentType, isBase64Encoded) => {
    expect(readOptionalJsonBody(post(body, contentType, isBase64Encoded))).toBeUndefined();
  });

  it('reads any other body exactly as readJsonBody, null included', () => {
    expect(readOptionalJsonBody(post(' {"regionCode":"51.02"} ', 'application/json'))).toEqual({
      regionCode: '51.02',
    });
    expect(readOptionalJsonBody(post('null', 'application/json'))).toBeNull();
    expect(() => readOptionalJsonBody(post('{"a":', 'application/json'))).toThrow(MalformedJsonError);
    expect(() => readOptionalJsonBody(post('{"a":1}', 'text/plain'))).toThrow(UnsupportedMediaTypeError);
    expect(() => readOptionalJsonBody(post('\u00a0', 'application/json'))).toThrow(MalformedJsonError);
  });

  it('refuses a body of whitespace over 64 KB with 413', () => {
    expect(() => readOptionalJsonBody(post(' '.repeat(MAX_BODY_BYTES + 1), 'application/json'))).toThrow(
      PayloadTooLargeError,
    );
  });
});
