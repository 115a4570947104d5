import { isUtf8 } from 'node:buffer';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { writeRegions } from '../../shared/regions/dynamodb/region-writer.js';
import { loadScopeRegions } from '../../shared/regions/master-data.js';
import { DynamoDbRegistrationRepository } from '../../shared/registrations/dynamodb/registration-repository.js';
import { apiEvent, bodyOf, lambdaContext, postRegistrationEvent } from '../fixtures/api-event.js';
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
const tableName = await createTestTable(client, 'kim-fuzz-text');
await writeRegions(client, tableName, await loadScopeRegions('51.02'));
vi.stubEnv('TABLE_NAME', tableName);
vi.stubEnv('SCOPE_CODE', '51.02');
vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
const { handler } = await import('../../functions/registrations/create-registration.js');
const registrations = new DynamoDbRegistrationRepository(client, tableName);

type Path = ReadonlyArray<string | number>;
type Body = ReturnType<typeof registrationBody>;

/** Names, the KIM's name and the SK number: free text, where invisible characters are dropped. */
const FREE_TEXT: readonly Path[] = [
  ['name'],
  ['sk', 'number'],
  ['officers', 0, 'name'],
  ['officers', 1, 'name'],
  ['officers', 2, 'name'],
];
/** Phones, with the +62 form the fixture's numbers are stored in. */
const PHONES: ReadonlyArray<readonly [Path, string]> = [
  [['officers', 0, 'phone'], '+6281234567890'],
  [['officers', 1, 'phone'], '+6281234567891'],
  [['officers', 2, 'phone'], '+6281234567892'],
  [['contact', 'phone'], '+6281234567890'],
];
const PHONE_PATHS = PHONES.map(([path]) => path);
/** Codes, dates, enums, emails and the URL: one character off and they are something else. */
const FORMATTED: readonly Path[] = [
  ['villageCode'],
  ['sk', 'date'],
  ['officers', 0, 'role'],
  ['officers', 1, 'role'],
  ['officers', 2, 'role'],
  ['officers', 0, 'email'],
  ['focusAreas', 0],
  ['focusAreas', 1],
  ['media', 0, 'type'],
  ['media', 0, 'url'],
  ['contact', 'email'],
];
const EVERY_TEXT_FIELD: readonly Path[] = [...FREE_TEXT, ...PHONE_PATHS, ...FORMATTED];

const fieldName = (path: Path) =>
  path.reduce<string>(
    (out, segment) =>
      typeof segment === 'number' ? `${out}[${segment}]` : out === '' ? segment : `${out}.${segment}`,
    '',
  );

const nodeAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (node, segment) =>
      node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined,
    root,
  );

const setAt = (root: unknown, path: Path, value: string) => {
  const parent = nodeAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (key !== undefined) parent[key] = value;
};

const textAt = (root: unknown, path: Path): string => {
  const value = nodeAt(root, path);
  if (typeof value !== 'string') throw new Error(`no text at ${fieldName(path)}`);
  return value;
};

/** Every path of the body that holds a string. */
const stringPaths = (node: unknown, path: Path = []): Path[] => {
  if (typeof node === 'string') return [path];
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, child]) =>
    stringPaths(child, [...path, Array.isArray(node) ? Number(key) : key]),
  );
};

let skCounter = 0;
/** The fixture with an SK number no other run uses, so each run can create its own registration. */
const freshBody = (): Body => {
  skCounter++;
  return { ...registrationBody(), sk: { number: `${skCounter}/DS-KEP/2025`, date: '2025-06-02' } };
};

/** Inserts `characters` at `at` (0 = before the first character, the length = after the last). */
const insertAt = (text: string, characters: string, at: number) => {
  const units = [...text];
  const index = at % (units.length + 1);
  return [...units.slice(0, index), characters, ...units.slice(index)].join('');
};
/** Inserts strictly inside, where no trimming can remove it. */
const insertInside = (text: string, characters: string, at: number) => {
  const units = [...text];
  const index = 1 + (at % (units.length - 1));
  return [...units.slice(0, index), characters, ...units.slice(index)].join('');
};

const codePoints = (ranges: ReadonlyArray<readonly [number, number]>) =>
  fc.oneof(...ranges.map(([min, max]) => fc.integer({ min, max }))).map((code) => String.fromCodePoint(code));

/** Characters that show nothing and must be dropped: format characters and default-ignorables. */
const invisible = codePoints([
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x0600, 0x0605],
  [0x061c, 0x061c],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x2060, 0x2064],
  [0x206a, 0x206f],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
  [0x110bd, 0x110bd],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
  [0xe0100, 0xe01ef],
]);
const invisibles = fc.array(invisible, { minLength: 1, maxLength: 4 }).map((list) => list.join(''));
/** Bidi embeddings, overrides, isolates, and the line and paragraph separators. */
const layoutControl = codePoints([
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0x2028, 0x2029],
]);
/** Blank cells: they count as space. */
const filler = fc.constantFrom('\u115f', '\u1160', '\u3164', '\uffa0', '\u2800');
const space = fc.constantFrom(' ', '\u00a0', '\u2009', '\u3000', '\u202f');

/** Look-alikes for the letters and digits of the fixture's codes, enums, emails and phones: none is ASCII. */
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
  A: ['\u0410', '\u0391', '\uff21'],
  E: ['\u0415', '\u0395'],
  K: ['\u041a', '\u039a', '\u212a'],
  T: ['\u0422', '\u03a4'],
  U: ['\u054d', '\uff35'],
  R: ['\u13a1', '\u0280'],
  S: ['\u0405', '\u13da'],
  I: ['\u0406', '\u0399', '\u2160'],
  N: ['\u039d', '\uff2e'],
  M: ['\u041c', '\u039c'],
  P: ['\u0420', '\u03a1'],
  G: ['\u050c'],
  a: ['\u0430', '\u0251'],
  e: ['\u0435', '\u212f'],
  o: ['\u043e', '\u03bf', '\u0585'],
  i: ['\u0456', '\u0131'],
  p: ['\u0440'],
  c: ['\u0441', '\u217d'],
  d: ['\u0501', '\u217e'],
  m: ['\u217f'],
  x: ['\u0445'],
  '.': ['\uff0e', '\u2024', '\u3002'],
  '@': ['\uff20', '\ufe6b'],
  '-': ['\u2010', '\u2212'],
  '+': ['\uff0b', '\u16ed'],
  ...Object.fromEntries(
    [...'0123456789'].map((digit) => {
      const value = Number(digit);
      return [
        digit,
        [
          String.fromCodePoint(0xff10 + value),
          String.fromCodePoint(0x0660 + value),
          String.fromCodePoint(0x1d7ce + value),
        ],
      ];
    }),
  ),
};

/** Replaces the `pick`-th character of `text` that has a look-alike in `table` by one of them. */
const substitute = (
  text: string,
  pick: number,
  variant: number,
  table: Readonly<Record<string, readonly string[]>> = LOOKALIKES,
): string => {
  const units = [...text];
  const candidates = units.flatMap((unit, index) => (table[unit] ? [index] : []));
  const index = candidates[pick % Math.max(candidates.length, 1)];
  if (index === undefined) throw new Error(`nothing in ${JSON.stringify(text)} has a look-alike`);
  const options = table[units[index] ?? ''] ?? [];
  units[index] = options[variant % options.length] ?? '';
  return units.join('');
};

/**
 * Letters of other scripts that look like the letters of a domain. (Compatibility forms such as
 * fullwidth letters are left out: IDNA maps them to the ASCII letter, so they lead to that site.)
 */
const DOMAIN_LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
  a: ['\u0430', '\u0251'],
  c: ['\u0441', '\u03f2'],
  i: ['\u0456', '\u0131'],
  m: ['\u043c'],
  n: ['\u0578', '\u03b7'],
  o: ['\u043e', '\u03bf', '\u0585'],
  s: ['\u0455'],
  t: ['\u0442'],
  r: ['\u0433'],
  g: ['\u0261'],
};

const post = (body: unknown) => handler(postRegistrationEvent(body), lambdaContext('create-registration'));

let created = 0;
const output: { captured?: CapturedOutput } = {};
beforeAll(() => {
  output.captured = captureOutput();
});
afterAll(() => {
  output.captured?.restore();
});

const fieldsOf = (result: APIGatewayProxyStructuredResultV2) =>
  ((bodyOf(result).errors as Array<{ field: string }> | undefined) ?? []).map((error) => error.field).sort();

const expectBilingual = (result: APIGatewayProxyStructuredResultV2, detail: string) => {
  const body = bodyOf(result);
  expect(typeof body.message === 'string' && body.message.length > 0, detail).toBe(true);
  expect(typeof body.messageEn === 'string' && body.messageEn.length > 0, detail).toBe(true);
  for (const error of (body.errors as Array<Record<string, unknown>> | undefined) ?? []) {
    expect(typeof error.message === 'string' && error.message.length > 0, detail).toBe(true);
    expect(typeof error.messageEn === 'string' && error.messageEn.length > 0, detail).toBe(true);
  }
};

const detailOf = (body: unknown, result: APIGatewayProxyStructuredResultV2) =>
  `${JSON.stringify(body)}\n→ ${result.statusCode} ${result.body?.slice(0, 600)}`;

/** 1–3 different paths of `paths`. */
const somePaths = (paths: readonly Path[]) =>
  fc.uniqueArray(fc.constantFrom(...paths), { minLength: 1, maxLength: 3, selector: fieldName });

describe('POST /registrations with invisible, bidi and look-alike characters in every text field (DynamoDB Local)', () => {
  it('knows every text field of the body', () => {
    expect(stringPaths(registrationBody()).map(fieldName).sort()).toEqual(
      EVERY_TEXT_FIELD.map(fieldName).sort(),
    );
  });

  it('drops invisible characters from free text and phones: 201, stored clean, and the plain body is then a duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...FREE_TEXT, ...PHONE_PATHS), invisibles, fc.nat()), {
          minLength: 1,
          maxLength: 6,
        }),
        async (insertions) => {
          const plain = freshBody();
          const body = structuredClone(plain);
          for (const [path, characters, at] of insertions) {
            const changed = insertAt(textAt(body, path), characters, at);
            // Phones are bounded at 32 characters as sent, invisible ones included.
            if (PHONE_PATHS.includes(path) && changed.length > 32) continue;
            setAt(body, path, changed);
          }

          const result = await post(body);

          const detail = detailOf(body, result);
          expect(result.statusCode, detail).toBe(201);
          created++;
          const id = String(bodyOf(result).id);
          const stored = await registrations.get(id, { consistent: true });
          for (const path of FREE_TEXT) expect(textAt(stored, path), detail).toBe(textAt(plain, path));
          for (const [path, phone] of PHONES) expect(textAt(stored, path), detail).toBe(phone);
          const again = await post(plain);
          expect(again.statusCode, detailOf(plain, again)).toBe(409);
          expect(bodyOf(again).existingId).toBe(id);
        },
      ),
      { numRuns: 100 },
    );
  }, 180_000);

  it('refuses free text that shows too little once invisibles, fillers and spaces are set aside, naming the field', async () => {
    const minimum = (path: Path) => (path[0] === 'name' ? 3 : path[0] === 'sk' ? 1 : 2);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...FREE_TEXT)
          .chain((path) =>
            fc.tuple(
              fc.constant(path),
              fc.array(fc.oneof(invisible, filler, space), { maxLength: 30 }),
              fc.array(fc.constantFrom(...'KIMdesa09'), { maxLength: minimum(path) - 1 }),
              fc.array(fc.nat(), { maxLength: 3 }),
            ),
          ),
        async ([path, blanks, letters, positions]) => {
          let value = blanks.join('');
          letters.forEach((letter, index) => {
            value = insertAt(value, letter, positions[index] ?? 0);
          });
          const body = freshBody();
          setAt(body, path, value);

          const result = await post(body);

          const detail = detailOf(body, result);
          expect(result.statusCode, detail).toBe(400);
          expect(fieldsOf(result), detail).toEqual([fieldName(path)]);
          expect(
            String((bodyOf(result).errors as Array<{ messageEn: string }>)[0]?.messageEn),
            detail,
          ).toMatch(
            /^Must contain at least \d+ visible characters? \(spaces and invisible characters do not count\)\.$/,
          );
          expectBilingual(result, detail);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  it('refuses bidi controls and line separators anywhere in free text, naming exactly those fields', async () => {
    await fc.assert(
      fc.asyncProperty(
        somePaths(FREE_TEXT),
        fc.array(fc.tuple(layoutControl, fc.nat(), invisibles), { minLength: 3, maxLength: 3 }),
        async (paths, controls) => {
          const body = freshBody();
          paths.forEach((path, index) => {
            const [control, at, extra] = controls[index] ?? ['\u202e', 0, ''];
            setAt(body, path, insertAt(textAt(body, path), `${control}${extra}`, at));
          });

          const result = await post(body);

          const detail = detailOf(body, result);
          expect(result.statusCode, detail).toBe(400);
          expect(fieldsOf(result), detail).toEqual(paths.map(fieldName).sort());
          for (const error of bodyOf(result).errors as Array<{ messageEn: string }>) {
            expect(error.messageEn, detail).toMatch(/^Must not contain text-direction controls/);
          }
          expectBilingual(result, detail);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  it('refuses invisible characters, bidi controls, fillers and look-alikes in codes, dates, enums, emails, URLs and phone digits, naming exactly those fields', async () => {
    const mutation = fc.oneof(
      fc
        .tuple(fc.constantFrom(...FORMATTED), fc.oneof(invisibles, layoutControl, filler), fc.nat())
        .map(([path, characters, at]) => ({
          path,
          change: (text: string) => insertInside(text, characters, at),
        })),
      fc
        .tuple(
          fc.constantFrom(...FORMATTED.filter((path) => path[2] !== 'url'), ...PHONE_PATHS),
          fc.nat(),
          fc.nat(),
        )
        .map(([path, pick, variant]) => ({
          path,
          change: (text: string) => substitute(text, pick, variant),
        })),
      // In a URL only the domain must be ASCII: a look-alike letter there would imitate another site.
      fc.tuple(fc.nat(), fc.nat()).map(([pick, variant]) => ({
        path: ['media', 0, 'url'] as Path,
        change: (text: string) => {
          const { hostname } = new URL(text);
          return text.replace(hostname, substitute(hostname, pick, variant, DOMAIN_LOOKALIKES));
        },
      })),
    );
    // A role that is no longer KETUA, SEKRETARIS or BENDAHARA also leaves that role missing.
    const expectedFields = (paths: readonly Path[]) =>
      [
        ...new Set(
          paths.flatMap((path) => (path[2] === 'role' ? [fieldName(path), 'officers'] : [fieldName(path)])),
        ),
      ].sort();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(mutation, { minLength: 1, maxLength: 3, selector: (entry) => fieldName(entry.path) }),
        async (mutations) => {
          const body = freshBody();
          for (const { path, change } of mutations) setAt(body, path, change(textAt(body, path)));

          const result = await post(body);

          const detail = detailOf(body, result);
          expect(result.statusCode, detail).toBe(400);
          expect(fieldsOf(result), detail).toEqual(expectedFields(mutations.map(({ path }) => path)));
          expectBilingual(result, detail);
        },
      ),
      { numRuns: 250 },
    );
  }, 120_000);

  it('compares the SK number by its canonical form: look-alikes that fold are the same number (409), the others a 400 naming the character', async () => {
    // Letters and separators of `<n>/DS-KEP/2025`, and what each look-alike is: folded or refused.
    const SK_LOOKALIKES: Readonly<Record<string, ReadonlyArray<readonly [string, 'folds' | 'refused']>>> = {
      D: [
        ['\uff24', 'folds'],
        ['\ud835\udc03', 'folds'],
        ['\u216e', 'folds'],
        ['\u13a0', 'refused'],
        ['\u0501', 'refused'],
      ],
      S: [
        ['\uff33', 'folds'],
        ['\u24c8', 'folds'],
        ['\u0405', 'refused'],
        ['\u13da', 'refused'],
      ],
      K: [
        ['\u212a', 'folds'],
        ['\uff2b', 'folds'],
        ['\u041a', 'refused'],
        ['\u039a', 'refused'],
      ],
      E: [
        ['\uff25', 'folds'],
        ['\ud835\udc6c', 'folds'],
        ['\u0415', 'refused'],
        ['\u0395', 'refused'],
      ],
      P: [
        ['\uff30', 'folds'],
        ['\u24c5', 'folds'],
        ['\u0420', 'refused'],
        ['\u03a1', 'refused'],
        ['\u13e2', 'refused'],
      ],
      '2': [
        ['\uff12', 'folds'],
        ['\u2082', 'folds'],
        ['\u0662', 'refused'],
        ['\u0968', 'refused'],
      ],
      '0': [
        ['\uff10', 'folds'],
        ['\ud835\udfce', 'folds'],
        ['\u0660', 'refused'],
        ['\u09e6', 'refused'],
      ],
      '5': [
        ['\uff15', 'folds'],
        ['\u2075', 'folds'],
        ['\u0665', 'refused'],
      ],
      '/': [
        ['\u2215', 'folds'],
        ['\u2044', 'folds'],
        ['\u29f8', 'folds'],
        ['\uff0f', 'folds'],
        ['\u2571', 'folds'],
        ['\\', 'refused'],
      ],
      '-': [
        ['\u2010', 'folds'],
        ['\u2011', 'folds'],
        ['\u2013', 'folds'],
        ['\u2014', 'folds'],
        ['\u2212', 'folds'],
        ['\ufe63', 'folds'],
        ['\uff0d', 'folds'],
        ['\u02d7', 'refused'],
        ['\u2043', 'refused'],
      ],
    };
    const changes = fc.array(
      fc.record({
        at: fc.nat(),
        variant: fc.nat(),
        caseFlip: fc.boolean(),
        spaced: fc.option(fc.tuple(space, space), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    );

    await fc.assert(
      fc.asyncProperty(changes, async (list) => {
        const plain = freshBody();
        const first = await post(plain);
        expect(first.statusCode, detailOf(plain, first)).toBe(201);
        created++;
        const units = [...plain.sk.number];
        const refused = new Map<number, string>();
        for (const { at, variant, caseFlip, spaced } of list) {
          const candidates = units.flatMap((unit, index) => (SK_LOOKALIKES[unit] ? [index] : []));
          const index = candidates[at % candidates.length] ?? 0;
          const unit = units[index] ?? '';
          if (caseFlip && /[A-Z]/.test(unit)) {
            units[index] = unit.toLowerCase();
            continue;
          }
          const options = SK_LOOKALIKES[unit] ?? [];
          const [character, kind] = options[variant % options.length] ?? ['', 'folds'];
          units[index] = character;
          if (kind === 'refused') refused.set(index, character);
          else if (spaced && /[/-]/.test(unit)) units[index] = `${spaced[0]}${character}${spaced[1]}`;
        }
        const body = { ...plain, sk: { ...plain.sk, number: units.join('') } };

        const result = await post(body);

        const detail = detailOf(body, result);
        if (refused.size === 0) {
          expect(result.statusCode, detail).toBe(409);
          expect(bodyOf(result).existingId, detail).toBe(bodyOf(first).id);
        } else {
          const firstRefused = refused.get(Math.min(...refused.keys())) ?? '';
          const code = `U+${(firstRefused.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
          expect(result.statusCode, detail).toBe(400);
          expect(fieldsOf(result), detail).toEqual(['sk.number']);
          const [error] = bodyOf(result).errors as Array<{ message: string; messageEn: string }>;
          expect(error?.messageEn, detail).toContain('The SK number may contain only the letters A–Z');
          expect(error?.messageEn, detail).toContain(code);
          expect(error?.message, detail).toContain(code);
        }
      }),
      { numRuns: 150 },
    );
  }, 180_000);

  it('keeps look-alike letters in names as typed: a name is not an identifier', async () => {
    const NAME_LOOKALIKES: Readonly<Record<string, string>> = {
      a: '\u0430',
      e: '\u0435',
      o: '\u043e',
      i: '\u0456',
      M: '\u041c',
      K: '\u041a',
      I: '\u0406',
      N: '\u039d',
    };
    await fc.assert(
      fc.asyncProperty(
        somePaths(FREE_TEXT.filter((path) => path[0] !== 'sk')),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        async (paths, picks) => {
          const body = freshBody();
          for (const path of paths) {
            const units = [...textAt(body, path)];
            const candidates = units.flatMap((unit, index) => (NAME_LOOKALIKES[unit] ? [index] : []));
            for (const pick of picks) {
              const index = candidates[pick % candidates.length] ?? 0;
              units[index] = NAME_LOOKALIKES[units[index] ?? ''] ?? units[index] ?? '';
            }
            setAt(body, path, units.join(''));
          }

          const result = await post(body);

          const detail = detailOf(body, result);
          expect(result.statusCode, detail).toBe(201);
          created++;
          const stored = await registrations.get(String(bodyOf(result).id), { consistent: true });
          for (const path of paths) expect(textAt(stored, path), detail).toBe(textAt(body, path));
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('refuses a raw body with bytes that are not UTF-8 in any text field with a 400, storing nothing', async () => {
    const continuation = fc.integer({ min: 0x80, max: 0xbf });
    const invalidUtf8 = fc.oneof(
      continuation.map((byte) => [byte]),
      fc.integer({ min: 0xf5, max: 0xff }).map((byte) => [byte]),
      fc.constantFrom([0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xf0, 0x80, 0x80, 0xaf]),
      fc
        .tuple(fc.integer({ min: 0xa0, max: 0xbf }), continuation)
        .map(([second, third]) => [0xed, second, third]),
      fc
        .tuple(fc.integer({ min: 0x90, max: 0xbf }), continuation, continuation)
        .map(([second, third, fourth]) => [0xf4, second, third, fourth]),
      fc.integer({ min: 0xc2, max: 0xdf }).map((lead) => [lead]),
      fc
        .tuple(fc.integer({ min: 0xe1, max: 0xec }), fc.array(continuation, { maxLength: 1 }))
        .map(([lead, rest]) => [lead, ...rest]),
      fc
        .tuple(fc.integer({ min: 0xf1, max: 0xf3 }), fc.array(continuation, { maxLength: 2 }))
        .map(([lead, rest]) => [lead, ...rest]),
      fc
        .uint8Array({ minLength: 1, maxLength: 8 })
        .filter((bytes) => !isUtf8(bytes))
        .map((bytes) => [...bytes]),
    );
    const MARK = '@@bytes@@';
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EVERY_TEXT_FIELD),
        invalidUtf8,
        fc.nat(),
        async (path, bytes, at) => {
          const body = freshBody();
          setAt(body, path, insertAt(textAt(body, path), MARK, at));
          const [before = '', after = ''] = JSON.stringify(body).split(MARK);
          const raw = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
          expect(isUtf8(raw)).toBe(false);

          const result = await handler(
            apiEvent({
              method: 'POST',
              path: '/registrations',
              body: raw.toString('base64'),
              isBase64Encoded: true,
              headers: { 'content-type': 'application/json' },
            }),
            lambdaContext('create-registration'),
          );

          const detail = `${fieldName(path)} with bytes ${Buffer.from(bytes).toString('hex')}\n→ ${result.statusCode} ${result.body}`;
          expect(result.statusCode, detail).toBe(400);
          expect(fieldsOf(result), detail).toEqual(['(body)']);
          expectBilingual(result, detail);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('wrote exactly the registrations it answered 201 for, one claim each', async () => {
    const items = await scanAll(client, tableName);
    const { REGION: _regions, ...written } = countByType(items);

    expect(created).toBeGreaterThan(300);
    // Each registration is its own claim and its own SUBMIT entry: one claim per registration.
    expect(written).toEqual({ REGISTRATION: created });
    const claims = Object.values(claimsOf(items));
    expect(claims).toHaveLength(created);
    expect(claims.every((holders) => holders.length === 1)).toBe(true);
  });

  it('logged no personal data of the fixture', () => {
    const lines = output.captured?.lines() ?? [];

    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.filter((line) => personalDataOfFixture.some((personal) => line.includes(personal)))).toEqual(
      [],
    );
  });
});
