import { describe, expect, it } from 'vitest';
import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../shared/platform/errors.js';
import { formToObject, parseUrlEncoded, readFormBody } from '../../../../shared/platform/web/form-data.js';
import { apiEvent } from '../../../fixtures/api-event.js';

const FORM = 'application/x-www-form-urlencoded';

const post = (body: string, options: { contentType?: string; base64?: boolean } = {}) =>
  apiEvent({
    method: 'POST',
    path: '/daftar',
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    headers: { 'content-type': options.contentType ?? FORM },
  });

/** The field errors of a refused parse, or a failure when it was not refused. */
const refusal = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected the form to be refused');
};

const encode = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

describe('parseUrlEncoded', () => {
  it('decodes names and values, + as a space, in body order', () => {
    expect(parseUrlEncoded('name=KIM+Dajan%20Peken&sk.number=141%2F12&empty=&bare')).toEqual([
      ['name', 'KIM Dajan Peken'],
      ['sk.number', '141/12'],
      ['empty', ''],
      ['bare', ''],
    ]);
  });

  it('keeps an = inside a value and skips empty pairs', () => {
    expect(parseUrlEncoded('a=1==2&&b=%3D')).toEqual([
      ['a', '1==2'],
      ['b', '='],
    ]);
  });

  it('decodes multi-byte UTF-8 escapes', () => {
    expect(parseUrlEncoded(encode([['name', 'KIM Ṡaraswati 日本']]))).toEqual([
      ['name', 'KIM Ṡaraswati 日本'],
    ]);
  });

  it.each([
    ['a lone %', 'name=50%'],
    ['a truncated escape', 'name=%E2%82'],
    ['an escape that is not UTF-8', 'name=%FF'],
    ['an escape in a name', '%C0%AF=x'],
  ])('refuses %s on (body)', (_kind, body) => {
    expect(refusal(() => parseUrlEncoded(body))).toEqual([
      expect.objectContaining({ field: '(body)', messageEn: expect.stringContaining('not UTF-8') }),
    ]);
  });

  it('accepts exactly maxFields pairs and refuses one more', () => {
    const body = (count: number) => Array.from({ length: count }, (_, index) => `f${index}=x`).join('&');
    expect(parseUrlEncoded(body(5), 5)).toHaveLength(5);
    expect(refusal(() => parseUrlEncoded(body(6), 5))).toEqual([
      expect.objectContaining({ field: '(body)', messageEn: 'The form has too many fields (at most 5).' }),
    ]);
  });
});

describe('formToObject', () => {
  it('builds the nested object of the API contract from field paths', () => {
    const body = formToObject(
      [
        ['name', 'KIM Dajan Peken'],
        ['villageCode', '51.02.05.2006'],
        ['sk.number', '141/12/DP/2025'],
        ['sk.date', '2025-06-02'],
        ['officers[0].role', 'KETUA'],
        ['officers[0].name', 'I Made Sudarma'],
        ['officers[1].role', 'SEKRETARIS'],
        ['focusAreas', 'PERTANIAN'],
        ['focusAreas', 'PARIWISATA'],
        ['media[0].type', 'INSTAGRAM'],
        ['media[0].url', 'https://instagram.com/kim'],
        ['contact.email', 'kim@example.id'],
      ],
      { lists: ['focusAreas'] },
    );
    expect(body).toEqual({
      name: 'KIM Dajan Peken',
      villageCode: '51.02.05.2006',
      sk: { number: '141/12/DP/2025', date: '2025-06-02' },
      officers: [{ role: 'KETUA', name: 'I Made Sudarma' }, { role: 'SEKRETARIS' }],
      focusAreas: ['PERTANIAN', 'PARIWISATA'],
      media: [{ type: 'INSTAGRAM', url: 'https://instagram.com/kim' }],
      contact: { email: 'kim@example.id' },
    });
  });

  it('keeps list indexes in place whatever order the fields come in', () => {
    expect(
      formToObject([
        ['officers[1].name', 'b'],
        ['officers[0].name', 'a'],
      ]),
    ).toEqual({ officers: [{ name: 'a' }, { name: 'b' }] });
  });

  it('makes a list of one value, and an empty list when a list field is absent', () => {
    expect(formToObject([['focusAreas', 'UMKM']], { lists: ['focusAreas'] })).toEqual({
      focusAreas: ['UMKM'],
    });
    expect(formToObject([['name', 'x']], { lists: ['focusAreas', 'contact.tags'] })).toEqual({
      name: 'x',
      focusAreas: [],
    });
  });

  it('refuses a name sent twice that is not a list', () => {
    expect(
      refusal(() =>
        formToObject([
          ['name', 'a'],
          ['name', 'b'],
        ]),
      ),
    ).toEqual([expect.objectContaining({ field: 'name', messageEn: 'This field was sent more than once.' })]);
  });

  it('refuses a gap in a list, naming the missing index, rather than shifting the rows after it', () => {
    expect(
      refusal(() =>
        formToObject([
          ['officers[0].name', 'a'],
          ['officers[2].name', 'c'],
        ]),
      ),
    ).toEqual([
      expect.objectContaining({ field: 'officers[1]', messageEn: expect.stringContaining('missing') }),
    ]);
  });

  it('refuses an index beyond maxIndex before making any list', () => {
    expect(refusal(() => formToObject([['officers[100].name', 'x']]))).toEqual([
      expect.objectContaining({
        field: 'officers[100].name',
        messageEn: "The field's index is too large (at most 99).",
      }),
    ]);
    expect(refusal(() => formToObject([['officers[4294967296].name', 'x']], { maxIndex: 29 }))).toEqual([
      expect.objectContaining({ field: 'officers[4294967296].name' }),
    ]);
    expect(formToObject([['officers[0].name', 'x']], { maxIndex: 0 })).toEqual({ officers: [{ name: 'x' }] });
  });

  it.each([
    ['one path as a value and a group', ['sk', 'sk.number'], 'sk'],
    ['a group then a value', ['sk.number', 'sk'], 'sk'],
    ['a list and a group', ['officers[0].name', 'officers.name'], 'officers'],
    ['a list field reached by index', ['focusAreas', 'focusAreas[0]'], 'focusAreas'],
    ['an indexed field then the list name', ['focusAreas[0]', 'focusAreas'], 'focusAreas'],
  ])('refuses %s, naming the path', (_kind, names, field) => {
    const pairs = names.map((name): [string, string] => [name, 'x']);
    expect(refusal(() => formToObject(pairs, { lists: ['focusAreas'] }))).toEqual([
      expect.objectContaining({ field }),
    ]);
  });

  it.each([
    ['a bracketed key', 'sk[number]'],
    ['an empty segment', 'sk..number'],
    ['a leading dot', '.name'],
    ['a leading zero in an index', 'officers[01].name'],
    ['a negative index', 'officers[-1].name'],
    ['a space', 'contact email'],
    ['an empty name', ''],
  ])('refuses %s as a field name', (_kind, name) => {
    expect(refusal(() => formToObject([[name, 'x']]))).toEqual([
      expect.objectContaining({ field: name, messageEn: expect.stringContaining('Unrecognised field name') }),
    ]);
  });

  it.each(['__proto__', 'sk.__proto__', 'constructor.prototype', 'officers[0].constructor'])(
    'refuses the reserved name %s and pollutes no prototype',
    (name) => {
      expect(refusal(() => formToObject([[name, 'x']]))).toEqual([expect.objectContaining({ field: name })]);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    },
  );

  it('refuses an overlong name on (body), not echoing it', () => {
    expect(refusal(() => formToObject([['a'.repeat(101), 'x']]))).toEqual([
      expect.objectContaining({ field: '(body)' }),
    ]);
  });

  it('reports every bad field in one refusal', () => {
    expect(
      refusal(() =>
        formToObject([
          ['name', 'a'],
          ['name', 'b'],
          ['sk[number]', 'x'],
          ['media[5].url', 'y'],
        ]),
      ).map((error) => error.field),
    ).toEqual(['name', 'sk[number]', 'media[0]', 'media[1]', 'media[2]', 'media[3]', 'media[4]']);
  });
});

describe('readFormBody', () => {
  it('reads a plain form body', () => {
    expect(readFormBody(post('name=KIM+A&sk.number=1'))).toEqual({ name: 'KIM A', sk: { number: '1' } });
  });

  it('honours isBase64Encoded, as API Gateway sends form bodies', () => {
    expect(readFormBody(post(encode([['name', 'KIM Ṡaraswati']]), { base64: true }))).toEqual({
      name: 'KIM Ṡaraswati',
    });
  });

  it.each([FORM, `${FORM}; charset=UTF-8`, 'Application/X-WWW-Form-Urlencoded;charset="utf-8"'])(
    'accepts the content type %j',
    (contentType) => {
      expect(readFormBody(post('a=1', { contentType }))).toEqual({ a: '1' });
    },
  );

  it.each([
    'application/json',
    'multipart/form-data; boundary=x',
    'text/plain',
    `${FORM}; charset=iso-8859-1`,
    '',
  ])('refuses the content type %j with 415, saying a form is expected', (contentType) => {
    expect(() => readFormBody(post('a=1', { contentType }))).toThrow(UnsupportedMediaTypeError);
    try {
      readFormBody(post('a=1', { contentType }));
    } catch (error) {
      expect((error as UnsupportedMediaTypeError).messageEn).toContain('x-www-form-urlencoded');
    }
  });

  it('accepts exactly maxBytes and refuses one byte more with 413, counted after base64 decoding', () => {
    const body = (bytes: number) => `a=${'x'.repeat(bytes - 2)}`;
    expect(readFormBody(post(body(1000), { base64: true }), { maxBytes: 1000 })).toHaveProperty('a');
    expect(() => readFormBody(post(body(1001), { base64: true }), { maxBytes: 1000 })).toThrow(
      PayloadTooLargeError,
    );
    expect(() => readFormBody(post(body(64 * 1024 + 1)))).toThrow(PayloadTooLargeError);
  });

  it('refuses raw bytes that are not UTF-8 with 400 on (body)', () => {
    const event = apiEvent({
      method: 'POST',
      path: '/daftar',
      body: Buffer.from([0x61, 0x3d, 0xff]).toString('base64'),
      isBase64Encoded: true,
      headers: { 'content-type': FORM },
    });
    expect(refusal(() => readFormBody(event))).toEqual([
      expect.objectContaining({ field: '(body)', messageEn: 'The form body is not valid UTF-8 text.' }),
    ]);
  });

  it('reads an empty body as an empty form', () => {
    expect(readFormBody(post(''), { lists: ['focusAreas'] })).toEqual({ focusAreas: [] });
  });
});
