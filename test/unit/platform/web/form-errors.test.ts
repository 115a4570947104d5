import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/platform/errors.js';
import { errorId, fieldId, mapFieldErrors } from '../../../../shared/platform/web/form-errors.js';
import { validateRegistrationInput } from '../../../../shared/registrations/registration-input.js';
import { FIXTURE_NOW } from '../../../fixtures/clock.js';
import { tabananSample } from '../../../fixtures/in-memory-ports.js';
import { registrationBodyWith } from '../../../fixtures/registration-body.js';

const anchors = [
  'name',
  'villageCode',
  'sk.number',
  'sk.date',
  'officers',
  'officers[0]',
  'officers[0].name',
  'officers[0].phone',
  'officers[1]',
  'officers[1].name',
  'memberCount',
  'focusAreas',
  'contact.email',
];
const label = (field: string) => `«${field}»`;

describe('fieldId', () => {
  it('turns a field path into an id usable as a fragment and a selector', () => {
    expect(fieldId('officers[0].phone')).toBe('f-officers-0-phone');
    expect(fieldId('sk.number')).toBe('f-sk-number');
    expect(fieldId('name')).toBe('f-name');
    expect(errorId('media[1].url')).toBe('f-media-1-url-error');
  });

  it('gives distinct paths distinct ids', () => {
    const paths = ['officers[1].name', 'officers[11].name', 'officers.name', 'officers[1]', 'a_b', 'a.b'];
    expect(new Set(paths.map(fieldId)).size).toBe(paths.length);
  });
});

describe('mapFieldErrors', () => {
  it('puts each error beside its own input, in the chosen language', () => {
    const errors = [
      { field: 'sk.date', message: 'Tanggal salah.', messageEn: 'Wrong date.' },
      { field: 'officers[1].name', message: 'Wajib diisi.', messageEn: 'Required.' },
    ];
    const id = mapFieldErrors(errors, { anchors, lang: 'id', label });
    expect([...id.byField]).toEqual([
      ['sk.date', 'Tanggal salah.'],
      ['officers[1].name', 'Wajib diisi.'],
    ]);
    expect(mapFieldErrors(errors, { anchors, lang: 'en', label }).byField.get('sk.date')).toBe('Wrong date.');
  });

  it('links each summary entry to its field, labelled, in page order', () => {
    const { summary } = mapFieldErrors(
      [
        { field: 'memberCount', message: 'm', messageEn: 'm' },
        { field: 'name', message: 'n', messageEn: 'n' },
      ],
      { anchors, lang: 'id', label },
    );
    expect(summary).toEqual([
      { href: '#f-name', text: '«name»: n' },
      { href: '#f-memberCount', text: '«memberCount»: m' },
    ]);
  });

  it('sends an error on an unrendered path to its nearest rendered group, joining messages', () => {
    const { byField } = mapFieldErrors(
      [
        { field: 'officers[0].role', message: 'Peran salah.', messageEn: 'Bad role.' },
        { field: 'officers[0]', message: 'Baris salah.', messageEn: 'Bad row.' },
        { field: 'focusAreas[2]', message: 'Bidang salah.', messageEn: 'Bad area.' },
        { field: 'officers[7].name', message: 'Tidak ada.', messageEn: 'Absent.' },
      ],
      { anchors, lang: 'id', label },
    );
    expect([...byField]).toEqual([
      ['officers[0]', 'Peran salah. Baris salah.'],
      ['focusAreas', 'Bidang salah.'],
      ['officers', 'Tidak ada.'],
    ]);
  });

  it('lists an error about no rendered field in the summary only, first and unlinked', () => {
    const { byField, summary } = mapFieldErrors(
      [
        { field: 'name', message: 'n', messageEn: 'n' },
        { field: '(body)', message: 'Formulir kedaluwarsa.', messageEn: 'Form expired.' },
        { field: 'unknown', message: 'Isian ini tidak dikenal.', messageEn: 'Unknown field.' },
      ],
      { anchors, lang: 'en', label },
    );
    expect([...byField.keys()]).toEqual(['name']);
    expect(summary).toEqual([
      { href: undefined, text: 'Form expired.' },
      { href: undefined, text: 'Unknown field.' },
      { href: '#f-name', text: '«name»: n' },
    ]);
  });

  it('places the real errors of the registration schema on the form fields', async () => {
    const body = registrationBodyWith({
      name: 'K',
      sk: { number: '141/12', date: '2999-01-01' },
      officers: [
        { role: 'KETUA', name: 'I Made Sudarma', phone: '12' },
        { role: 'KETUA', name: 'Ni Luh Ayu', phone: '081234567891' },
        { role: 'BENDAHARA', name: 'I Wayan Karya', phone: '081234567892' },
      ],
      contact: { email: 'not-an-email', phone: '081234567890' },
    });
    const error = await validateRegistrationInput(
      { regions: tabananSample(), scope: '51.02' },
      body,
      new Date(FIXTURE_NOW),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const { byField } = mapFieldErrors((error as ValidationError).errors, { anchors, lang: 'en', label });
    expect([...byField.keys()].sort()).toEqual(
      ['name', 'sk.date', 'officers[0].phone', 'officers', 'contact.email'].sort(),
    );
    expect(byField.get('officers')).toContain('SEKRETARIS');
  });
});
