import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/principal.js';
import { httpHandler } from '../../../shared/platform/http/handler.js';
import { reviewRegistration } from '../../../shared/registrations/review-registration.js';
import { seededTable, tableDeps } from '../../fixtures/admin-deps.js';
import { adminClaims } from '../../fixtures/admin-event.js';
import { apiEvent, bodyOf, lambdaContext, postRegistrationEvent } from '../../fixtures/api-event.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import { claimsOf, countByType, localDynamoDbClient, scanAll } from '../../fixtures/dynamodb.js';
import { registrationBodyWith } from '../../fixtures/registration-body.js';

vi.stubEnv('TABLE_NAME', 'set-per-test');
vi.stubEnv('SCOPE_CODE', '51.02');
const { createRegistration } = await import('../../../functions/registrations/create-registration.js');
const { resubmitRegistration } = await import('../../../functions/registrations/resubmit-registration.js');

const client = localDynamoDbClient(inject('dynamoEndpoint'));
const admin = principalFromClaims(adminClaims(), '51.02');
let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => {
  output.restore();
});

/** A label, the spelling sent, and for a refused one the English message of its 400. */
type Spelling = readonly [label: string, spelling: string, refusal?: string];

/** Spellings of `905/12/DP-2025` that are the same number: each must meet the one registration. */
const SAME: readonly Spelling[] = [
  ['a zero-width space', '905/12/DP\u200b-2025'],
  ['as typed', '905/12/DP-2025'],
  ['lower case', '905/12/dp-2025'],
  ['mixed case', '905/12/Dp-2025'],
  ['spaces around it', '  905/12/DP-2025  '],
  ['a zero-width non-joiner', '9\u200c05/12/DP-2025'],
  ['a zero-width joiner', '905/1\u200d2/DP-2025'],
  ['a word joiner', '905/12/D\u2060P-2025'],
  ['a soft hyphen', '905/12/DP\u00ad-2025'],
  ['a leading byte-order mark', '\ufeff905/12/DP-2025'],
  ['a byte-order mark inside', '905/\ufeff12/DP-2025'],
  ['a trailing LRM', '905/12/DP-2025\u200e'],
  ['a leading RLM', '\u200f905/12/DP-2025'],
  ['a combining grapheme joiner', '905/12/D\u034fP-2025'],
  ['a variation selector', '905/12/DP-2025\ufe0f'],
  ['a tag character', '905/12/DP-2025\u{e0041}'],
  ['an en dash', '905/12/DP\u20132025'],
  ['an em dash', '905/12/DP\u20142025'],
  ['a non-breaking hyphen', '905/12/DP\u20112025'],
  ['a hyphen', '905/12/DP\u20102025'],
  ['a minus sign', '905/12/DP\u22122025'],
  ['a figure dash', '905/12/DP\u20122025'],
  ['a horizontal bar', '905/12/DP\u20152025'],
  ['a small hyphen-minus', '905/12/DP\ufe632025'],
  ['a fullwidth hyphen-minus', '905/12/DP\uff0d2025'],
  ['a small em dash', '905/12/DP\ufe582025'],
  ['division slashes', '905\u221512\u2215DP-2025'],
  ['fraction slashes', '905\u204412\u2044DP-2025'],
  ['big solidi', '905\u29f812\u29f8DP-2025'],
  ['fullwidth solidi', '905\uff0f12\uff0fDP-2025'],
  ['spaces around the slashes', '905 / 12 / DP-2025'],
  ['spaces around the dash', '905/12/DP - 2025'],
  ['no-break spaces around a slash', '905\u00a0/\u00a012/DP-2025'],
  ['ideographic spaces around a slash', '905\u3000/\u300012/DP-2025'],
  ['thin spaces around a slash', '905\u2009/\u200912/DP-2025'],
  ['tabs of spaces inside', ' 905 /   12/DP-2025'],
  ['fullwidth throughout', '９０５／１２／ＤＰ－２０２５'],
  ['mathematical bold letters', '905/12/𝐃𝐏-2025'],
  ['a leading zero', '0905/12/DP-2025'],
  ['leading zeros in two runs', '905/012/DP-02025'],
  ['a Hangul filler before the dash', '905/12/DP\u3164-2025'],
  ['Braille blanks around a slash', '905\u2800/\u280012/DP-2025'],
  ['everything at once', '\u200b０905 ∕ 12\u2060/dp \u2013 2025\u200e'],
];

const ALPHABET_EN =
  'The SK number may contain only the letters A–Z, the digits 0–9, spaces and . / - ( ) , :';
const LAYOUT_EN = 'Must not contain text-direction controls';

/** Spellings that are not the number at all: each is a 400 on sk.number saying why. */
const REFUSED: readonly Spelling[] = [
  ['a Cyrillic Р for P', '905/12/D\u0420-2025', `${ALPHABET_EN} (U+0420 «Р» is not allowed).`],
  ['a Cyrillic Д for D', '905/12/\u0414P-2025', `${ALPHABET_EN} (U+0414 «Д» is not allowed).`],
  ['a Greek Ρ for P', '905/12/D\u03a1-2025', `${ALPHABET_EN} (U+03A1 «Ρ» is not allowed).`],
  ['a Cherokee Ꮲ for P', '905/12/D\u13e2-2025', `${ALPHABET_EN} (U+13E2 «Ꮲ» is not allowed).`],
  ['a small capital ᴘ', '905/12/D\u1d18-2025', `${ALPHABET_EN} (U+1D18 «ᴘ» is not allowed).`],
  ['a combining acute accent', '905/12/DP\u0301-2025', `${ALPHABET_EN} (U+0301 is not allowed).`],
  ['a combining accent on a digit', '9\u03010 5/12/DP-2025', `${ALPHABET_EN} (U+0301 is not allowed).`],
  ['Arabic-Indic digits', '\u0669\u0660\u0665/12/DP-2025', `${ALPHABET_EN} (U+0669 «٩» is not allowed).`],
  ['Devanagari digits', '\u096f\u0966\u096b/12/DP-2025', `${ALPHABET_EN} (U+096F «९» is not allowed).`],
  ['backslashes', '905\\12\\DP-2025', `${ALPHABET_EN} (U+005C «\\» is not allowed).`],
  ['a right-to-left override', '\u202e905/12/DP-2025', `${LAYOUT_EN}`],
  ['a line separator', '905/12/DP-2025\u2028', `${LAYOUT_EN}`],
];

const VILLAGE = '51.02.05.2006';
const OTHER_VILLAGE = '51.02.01.2001';

const bodyWithNumber = (number: string, villageCode = VILLAGE) =>
  registrationBodyWith({ villageCode, sk: { number, date: '2025-06-02' } });

interface Outcome {
  readonly spelling: string;
  readonly status: number;
  readonly existingId?: unknown;
  readonly errors?: unknown;
}

const outcomeOf = (label: string, result: { statusCode?: number; body?: string }): Outcome => {
  const body = bodyOf(result);
  return {
    spelling: label,
    status: result.statusCode ?? 0,
    ...(result.statusCode === 409 ? { existingId: body.existingId } : {}),
    ...(result.statusCode === 400
      ? {
          errors: (body.errors as Array<{ field: string; messageEn: string }>).map((error) => ({
            field: error.field,
            messageEn: error.messageEn.startsWith(LAYOUT_EN) ? LAYOUT_EN : error.messageEn,
          })),
        }
      : {}),
  };
};

const refusal = (label: string, messageEn: string): Outcome => ({
  spelling: label,
  status: 400,
  errors: [{ field: 'sk.number', messageEn }],
});

describe(`${SAME.length + REFUSED.length} spellings of one SK number in one village (DynamoDB Local)`, () => {
  it('has a table of at least 40 spellings', () => {
    expect(SAME.length + REFUSED.length).toBeGreaterThanOrEqual(40);
  });

  it('POST: the first creates the registration, every other same number gets a 409 naming it, the rest a precise 400', async () => {
    const tableName = await seededTable(client, 'kim-sk-post');
    const deps = tableDeps(client, tableName);
    const post = httpHandler(createRegistration(deps));
    const send = (number: string) =>
      post(postRegistrationEvent(bodyWithNumber(number)), lambdaContext('create-registration'));
    // Refused spellings go first as well as last: a 400 must not depend on a registration existing.
    const order = [...REFUSED.slice(0, 6), ...SAME, ...REFUSED.slice(6)];

    const outcomes: Outcome[] = [];
    for (const [label, spelling] of order) outcomes.push(outcomeOf(label, await send(spelling)));

    const items = await scanAll(client, tableName);
    const registrations = items.filter((item) => item.type === 'REGISTRATION');
    const { REGION: _regions, ...written } = countByType(items);
    // The registration is its own claim and its own SUBMIT entry: nothing else is written.
    expect(written).toEqual({ REGISTRATION: 1 });
    const id = registrations[0]?.id;
    expect(claimsOf(items)).toEqual({ [`${VILLAGE}#905/12/dp-2025`]: [id] });
    expect(outcomes).toEqual(
      order.map(([label, , messageEn]) =>
        messageEn !== undefined
          ? refusal(label, messageEn)
          : label === SAME[0]?.[0]
            ? { spelling: label, status: 201 }
            : { spelling: label, status: 409, existingId: id },
      ),
    );
    // Stored as typed, without the zero-width space; compared by the canonical form.
    expect(registrations[0]).toMatchObject({
      sk: { number: '905/12/DP-2025' },
      skNumberNormalized: '905/12/dp-2025',
    });
  });

  it('PUT: correcting a rejected registration into that village with any same spelling is a 409 naming the first, and changes nothing', async () => {
    const tableName = await seededTable(client, 'kim-sk-put');
    const deps = tableDeps(client, tableName);
    const post = httpHandler(createRegistration(deps));
    const put = httpHandler(resubmitRegistration(deps));
    const existing = bodyOf(
      await post(postRegistrationEvent(bodyWithNumber('905/12/DP-2025')), lambdaContext()),
    );
    const rejectedBody = bodyWithNumber('7/LAIN/2025', OTHER_VILLAGE);
    const rejected = bodyOf(await post(postRegistrationEvent(rejectedBody), lambdaContext()));
    const id = String(rejected.id);
    await reviewRegistration(deps, admin, {
      id,
      action: 'REJECT',
      body: { reason: 'Nomor SK tidak sesuai dengan desa.' },
    });
    const before = await deps.registrations.get(id, { consistent: true });
    const send = (number: string) =>
      put(
        apiEvent({
          method: 'PUT',
          path: `/registrations/${id}`,
          routeKey: 'PUT /registrations/{id}',
          pathParameters: { id },
          body: { ...rejectedBody, villageCode: VILLAGE, sk: { number, date: '2025-06-02' } },
          headers: { 'content-type': 'application/json', 'x-edit-token': String(rejected.editToken) },
        }),
        lambdaContext('resubmit-registration'),
      );
    const order = [...SAME, ...REFUSED];

    const outcomes: Outcome[] = [];
    for (const [label, spelling] of order) outcomes.push(outcomeOf(label, await send(spelling)));

    expect(outcomes).toEqual(
      order.map(([label, , messageEn]) =>
        messageEn !== undefined
          ? refusal(label, messageEn)
          : { spelling: label, status: 409, existingId: existing.id },
      ),
    );
    expect(await deps.registrations.get(id, { consistent: true })).toEqual(before);
    const items = await scanAll(client, tableName);
    const { REGION: _regions, ...written } = countByType(items);
    // Two registrations (each its own claim and SUBMIT entry) and the REJECT entry.
    expect(written).toEqual({ REGISTRATION: 2, HISTORY: 1 });
    expect(claimsOf(items)).toEqual({
      [`${VILLAGE}#905/12/dp-2025`]: [existing.id],
      [`${OTHER_VILLAGE}#7/lain/2025`]: [id],
    });
    // Control: the same correction with another number goes through.
    expect((await send('905/12/DP-2026')).statusCode).toBe(200);
  });

  it('keeps numbers that differ apart: each of these is a registration of its own', async () => {
    const tableName = await seededTable(client, 'kim-sk-distinct');
    const post = httpHandler(createRegistration(tableDeps(client, tableName)));
    const distinct = [
      '905/12/DP-2025',
      '905/12/DP-2026',
      '9050/12/DP-2025',
      '905/12/DP/2025',
      '905/12/DP-2025/A',
      '905/XII/DP-2025',
      '95/12/DP-2025',
      '905/12/D P-2025',
    ];

    const statuses: number[] = [];
    for (const number of distinct) {
      statuses.push(
        (await post(postRegistrationEvent(bodyWithNumber(number)), lambdaContext())).statusCode ?? 0,
      );
    }

    expect(statuses).toEqual(distinct.map(() => 201));
  });
});

describe('free text through the real handler', () => {
  it('stores names without the invisible characters inside them', async () => {
    const tableName = await seededTable(client, 'kim-clean-names');
    const deps = tableDeps(client, tableName);
    const post = httpHandler(createRegistration(deps));
    const body = registrationBodyWith({ name: '\ufeffKIM Dajan\u200b Peken\u00ad Informatif\u200e' });
    const officers = body.officers as Array<Record<string, unknown>>;
    officers[1] = { ...officers[1], name: 'Ni\u2060 Luh\u200b Ayu' };

    const result = await post(postRegistrationEvent(body), lambdaContext());

    expect(result.statusCode).toBe(201);
    expect(bodyOf(result).name).toBe('KIM Dajan Peken Informatif');
    const stored = await deps.registrations.get(String(bodyOf(result).id), { consistent: true });
    expect(stored?.name).toBe('KIM Dajan Peken Informatif');
    expect(stored?.officers[1]?.name).toBe('Ni Luh Ayu');
  });

  it('refuses names that show nothing, writing nothing', async () => {
    const tableName = await seededTable(client, 'kim-blank-names');
    const post = httpHandler(createRegistration(tableDeps(client, tableName)));
    const body = registrationBodyWith({ name: '\u200b\u200b\u200b' });
    const officers = body.officers as Array<Record<string, unknown>>;
    officers[2] = { ...officers[2], name: '\u3164\u2800' };

    const result = await post(postRegistrationEvent(body), lambdaContext());

    expect(result.statusCode).toBe(400);
    expect((bodyOf(result).errors as Array<{ field: string }>).map((error) => error.field)).toEqual([
      'name',
      'officers[2].name',
    ]);
    const { REGION: _regions, ...written } = countByType(await scanAll(client, tableName));
    expect(written).toEqual({});
  });
});
