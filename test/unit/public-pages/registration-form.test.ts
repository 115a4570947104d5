import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/platform/errors.js';
import { formToObject } from '../../../shared/platform/web/form-data.js';
import { mapFieldErrors } from '../../../shared/platform/web/form-errors.js';
import {
  emptyRegistrationForm,
  formAnchors,
  formFromRegistration,
  MAX_MEDIA,
  MAX_OFFICERS,
  newIdempotencyKey,
  REGISTRATION_FORM_PARSE,
  readRegistrationForm,
  withExtraRow,
} from '../../../shared/public-pages/registration-form.js';
import { validateRegistrationInput } from '../../../shared/registrations/registration-input.js';
import { FIXTURE_NOW } from '../../fixtures/clock.js';
import { tabananSample } from '../../fixtures/in-memory-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { registrationBody } from '../../fixtures/registration-body.js';

/** The pairs a browser posts for a JSON body: one input per contract path, checkboxes repeated. */
const pairsOf = (value: unknown, path = ''): [string, string][] => {
  if (Array.isArray(value)) {
    return path === 'focusAreas'
      ? value.map((item): [string, string] => [path, String(item)])
      : value.flatMap((item, index) => pairsOf(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => pairsOf(item, path ? `${path}.${key}` : key));
  }
  return [[path, String(value)]];
};

const read = (pairs: [string, string][]) =>
  readRegistrationForm(formToObject(pairs, REGISTRATION_FORM_PARSE));

const errorsOf = async (body: unknown) => {
  const error = await validateRegistrationInput(
    { regions: tabananSample(), scope: '51.02' },
    body,
    new Date(FIXTURE_NOW),
  ).catch((caught: unknown) => caught);
  if (!(error instanceof ValidationError)) throw new Error('expected a ValidationError');
  return error.errors;
};

describe('readRegistrationForm', () => {
  it('turns the post of the contract example into exactly the JSON body of the API', () => {
    const { body, controls } = read([
      ['_csrf', 'v1.token'],
      ['_idempotencyKey', 'key-1'],
      ...pairsOf(registrationBody()),
    ]);
    expect(body).toEqual(registrationBody());
    expect(controls).toEqual({ csrfToken: 'v1.token', idempotencyKey: 'key-1', action: 'submit' });
  });

  it('reads the same post into the same body every time, so a resend replays', () => {
    const pairs = pairsOf(registrationBody());
    expect(read(pairs).body).toEqual(read(pairs).body);
  });

  it('makes empty inputs absent, so the schema says "required", and keeps an optional email out', async () => {
    const fixture = registrationBody();
    const { body } = read(
      pairsOf({
        ...fixture,
        name: '  ',
        officers: [{ ...fixture.officers[0], email: '' }, ...fixture.officers.slice(1)],
      }),
    );
    expect(body).not.toHaveProperty('name');
    expect((body as typeof fixture).officers[0]).not.toHaveProperty('email');
    expect(await errorsOf(body)).toEqual([
      expect.objectContaining({ field: 'name', messageEn: 'Required.' }),
    ]);
  });

  it('leaves out rows nobody filled in, but keeps a blank row of a required role', () => {
    const fixture = registrationBody();
    const { body, state } = read(
      pairsOf({
        ...fixture,
        officers: [
          { role: 'KETUA', name: '', phone: '', email: '' },
          ...fixture.officers.slice(1),
          { role: 'ANGGOTA', name: '', phone: '', email: '' },
        ],
        media: [{ type: 'WEBSITE', url: '' }, ...fixture.media],
      }),
    );
    expect((body as typeof fixture).officers).toEqual([{ role: 'KETUA' }, ...fixture.officers.slice(1)]);
    expect((body as typeof fixture).media).toEqual(fixture.media);
    expect(state.officers.map((row) => row.role)).toEqual(['KETUA', 'SEKRETARIS', 'BENDAHARA']);
    expect(state.media).toEqual(fixture.media);
  });

  it('keeps every value as typed for the form rendered again', () => {
    const { state } = read(pairsOf({ ...registrationBody(), memberCount: 'dua belas' }));
    expect(state).toMatchObject({
      name: 'KIM Dajan Peken Informatif',
      sk: { number: '141/12/DP/2025', date: '2025-06-02' },
      memberCount: 'dua belas',
      focusAreas: ['PERTANIAN', 'PARIWISATA'],
      contact: { email: 'kim.dajanpeken@example.id', phone: '081234567890' },
    });
    expect(state.officers[2]).toEqual({
      role: 'BENDAHARA',
      name: 'I Wayan Karya',
      phone: '0812-3456-7892',
      email: '',
    });
  });

  it('turns a typed count into a number and leaves anything else for the schema to refuse', async () => {
    expect(
      (read(pairsOf({ ...registrationBody(), memberCount: ' 12 ' })).body as { memberCount: unknown })
        .memberCount,
    ).toBe(12);
    const { body } = read(pairsOf({ ...registrationBody(), memberCount: '12.5' }));
    expect(await errorsOf(body)).toEqual([expect.objectContaining({ field: 'memberCount' })]);
  });

  it('reads no ticked focus area as an empty list, which the schema refuses on focusAreas', async () => {
    const { body } = read(pairsOf({ ...registrationBody(), focusAreas: [] }));
    expect(body).toHaveProperty('focusAreas', []);
    expect((await errorsOf(body)).map((error) => error.field)).toEqual(['focusAreas']);
  });

  it('keeps a field the contract does not know, so the schema refuses it by name', async () => {
    const { body } = read([...pairsOf(registrationBody()), ['isAdmin', 'true']]);
    expect(await errorsOf(body)).toEqual([
      expect.objectContaining({ field: 'isAdmin', messageEn: 'Unknown field.' }),
    ]);
  });

  it.each([
    ['addOfficer', 'addOfficer'],
    ['addMedia', 'addMedia'],
    ['anything else', 'submit'],
  ])('reads the button %s', (action, expected) => {
    expect(read([['_action', action]]).controls.action).toBe(expected);
  });

  it('places every error of a post on an input the form renders', async () => {
    const fixture = registrationBody();
    const { body, state } = read(
      pairsOf({
        ...fixture,
        sk: { number: 'ΡΡ/1', date: '2025-02-30' },
        officers: [...fixture.officers, { role: 'HUMAS', name: 'X', phone: '1', email: 'nope' }],
        media: [{ type: 'INSTAGRAM', url: 'ftp://example.id' }],
      }),
    );
    const { byField, summary } = mapFieldErrors(await errorsOf(body), {
      anchors: formAnchors(state),
      lang: 'id',
      label: (field) => field,
    });
    expect([...byField.keys()].sort()).toEqual(
      [
        'sk.number',
        'sk.date',
        'officers[3].name',
        'officers[3].phone',
        'officers[3].email',
        'media[0].url',
      ].sort(),
    );
    expect(summary.every((entry) => entry.href !== undefined)).toBe(true);
  });
});

describe('the rows of the form', () => {
  it('starts with ketua, sekretaris and bendahara, and one media row', () => {
    const form = emptyRegistrationForm();
    expect(form.officers.map((row) => row.role)).toEqual(['KETUA', 'SEKRETARIS', 'BENDAHARA']);
    expect(form.media).toHaveLength(1);
  });

  it('adds a row on request, up to the schema bound', () => {
    let form = emptyRegistrationForm();
    for (let step = 0; step < 40; step++) form = withExtraRow(withExtraRow(form, 'addOfficer'), 'addMedia');
    expect(form.officers).toHaveLength(MAX_OFFICERS);
    expect(form.media).toHaveLength(MAX_MEDIA);
    expect(form.officers[3]?.role).toBe('ANGGOTA');
    expect(withExtraRow(emptyRegistrationForm(), 'submit')).toEqual(emptyRegistrationForm());
  });

  it('prefills a correction with what the registration holds', () => {
    const state = formFromRegistration(fixtureRegistration('01JZ0000000000000000000001'));
    expect(state.officers[0]).toEqual({
      role: 'KETUA',
      name: 'I Made Sudarma',
      phone: '+6281234567890',
      email: 'made@example.id',
    });
    expect(state.officers[1]?.email).toBe('');
    expect(state.memberCount).toBe('12');
    expect(read(pairsOf(state)).body).toMatchObject({
      memberCount: 12,
      focusAreas: ['PERTANIAN', 'PARIWISATA'],
    });
  });

  it('makes a new idempotency key for every form rendered', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
    expect(newIdempotencyKey()).toMatch(/^[\x21-\x7e]{1,255}$/);
  });
});
