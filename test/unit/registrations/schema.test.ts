import { describe, expect, it } from 'vitest';
import { todayInIndonesia } from '../../../shared/platform/clock.js';
import type { FieldError } from '../../../shared/platform/errors.js';
import { describeIssues } from '../../../shared/platform/validation/messages.js';
import { FOCUS_AREAS, MEMBER_COUNT, registrationInputSchema } from '../../../shared/registrations/schema.js';
import { registrationBody, registrationBodyWith } from '../../fixtures/registration-body.js';

const TODAY = '2025-07-01';

/** Parses like the use case does (with the input reported) and returns the field errors. */
const fieldErrors = (body: unknown, today = TODAY): FieldError[] => {
  const result = registrationInputSchema(today).safeParse(body, { reportInput: true });
  return result.success ? [] : describeIssues(result.error.issues);
};

const fieldsOf = (errors: readonly FieldError[]) => errors.map((error) => error.field);

const officer = (role: string, name = 'Komang Ayu', phone = '081311112222') => ({ role, name, phone });

describe('registration body schema', () => {
  it('accepts the example body of the issue and normalises every phone to +62 form', () => {
    const result = registrationInputSchema(TODAY).safeParse(registrationBody());

    expect(result.success).toBe(true);
    expect(result.data?.officers.map((item) => item.phone)).toEqual([
      '+6281234567890',
      '+6281234567891',
      '+6281234567892',
    ]);
    expect(result.data?.contact.phone).toBe('+6281234567890');
    expect(result.data?.name).toBe('KIM Dajan Peken Informatif');
  });

  it('defaults media to an empty list', () => {
    const { media: _media, ...body } = registrationBody();

    expect(registrationInputSchema(TODAY).parse(body).media).toEqual([]);
  });

  it('trims names and the SK number', () => {
    const body = registrationBodyWith({
      name: '  KIM Dajan Peken  ',
      sk: { number: ' 141/12 ', date: '2025-06-02' },
    });

    const parsed = registrationInputSchema(TODAY).parse(body);

    expect(parsed.name).toBe('KIM Dajan Peken');
    expect(parsed.sk.number).toBe('141/12');
  });

  describe('SK date', () => {
    it.each([
      ['2025-07-01', []],
      ['2025-07-02', ['sk.date']],
      ['2030-01-01', ['sk.date']],
      ['2000-01-01', []],
      ['1999-12-31', ['sk.date']],
      ['2025-02-29', ['sk.date']],
      ['2025-13-01', ['sk.date']],
      ['02-06-2025', ['sk.date']],
      ['2025-06-02T00:00:00Z', ['sk.date']],
    ])('%s gives errors on %j', (date, fields) => {
      const errors = fieldErrors(registrationBodyWith({ sk: { number: '141/12/DP/2025', date } }));

      expect(fieldsOf(errors)).toEqual(fields);
    });

    it.each(['2025-13-01', '02-06-2025', '2025-6-2', '2999-02-30'])(
      'calls the malformed date %j malformed, and nothing else',
      (date) => {
        expect(fieldErrors(registrationBodyWith({ sk: { number: '1', date } }))).toEqual([
          {
            field: 'sk.date',
            message: 'Harus berupa tanggal dengan format YYYY-MM-DD yang valid.',
            messageEn: 'Must be a valid date in YYYY-MM-DD form.',
          },
        ]);
      },
    );

    it('says why in both languages for a future date and one before 2000', () => {
      const future = fieldErrors(registrationBodyWith({ sk: { number: '1', date: '2025-07-02' } }));
      const early = fieldErrors(registrationBodyWith({ sk: { number: '1', date: '1999-12-31' } }));

      expect(future).toEqual([
        {
          field: 'sk.date',
          message: 'Tanggal SK tidak boleh di masa depan.',
          messageEn: 'SK date must not be in the future.',
        },
      ]);
      expect(early).toEqual([
        {
          field: 'sk.date',
          message: 'Tanggal SK tidak boleh sebelum 2000-01-01.',
          messageEn: 'SK date must not be before 2000-01-01.',
        },
      ]);
    });

    it('counts "today" in WIT (UTC+9): a decree dated today in Papua is never in the future', () => {
      // 15:00 UTC is midnight in Jayapura; in Bali it is still the previous day.
      expect(todayInIndonesia(new Date('2025-07-01T14:59:59.999Z'))).toBe('2025-07-01');
      expect(todayInIndonesia(new Date('2025-07-01T15:00:00.000Z'))).toBe('2025-07-02');
      expect(todayInIndonesia(new Date('2025-12-31T15:00:00.000Z'))).toBe('2026-01-01');

      const body = registrationBodyWith({ sk: { number: '1', date: '2025-07-02' } });
      expect(fieldErrors(body, todayInIndonesia(new Date('2025-07-01T14:59:59Z')))).toHaveLength(1);
      expect(fieldErrors(body, todayInIndonesia(new Date('2025-07-01T15:00:00Z')))).toEqual([]);
    });
  });

  describe('officers', () => {
    it.each(['KETUA', 'SEKRETARIS', 'BENDAHARA'])('requires a %s', (role) => {
      const body = registrationBody();
      body.officers = [...body.officers.filter((item) => item.role !== role), officer('HUMAS')];

      const errors = fieldErrors(body);

      expect(errors).toEqual([
        {
          field: 'officers',
          message: `Pengurus dengan peran ${role} wajib ada.`,
          messageEn: `An officer with role ${role} is required.`,
        },
      ]);
    });

    it.each(['KETUA', 'SEKRETARIS', 'BENDAHARA'])('refuses a second %s', (role) => {
      const body = registrationBody();
      body.officers.push(officer(role));

      const errors = fieldErrors(body);

      expect(errors).toEqual([
        {
          field: 'officers',
          message: `Peran ${role} hanya boleh ada satu kali.`,
          messageEn: `Role ${role} must appear exactly once.`,
        },
      ]);
    });

    it('allows further roles, and more than one of them', () => {
      const body = registrationBody();
      body.officers.push(officer('WAKIL_KETUA'), officer('HUMAS'), officer('ANGGOTA'), officer('ANGGOTA'));

      expect(fieldErrors(body)).toEqual([]);
    });

    it('reports a missing role and a bad officer in the same answer', () => {
      const body = registrationBody();
      body.officers = [officer('KETUA'), officer('SEKRETARIS', 'X', 'not a phone'), officer('HUMAS')];

      const errors = fieldErrors(body);

      expect(fieldsOf(errors)).toEqual(['officers[1].name', 'officers[1].phone', 'officers']);
      expect(errors[2]?.messageEn).toBe('An officer with role BENDAHARA is required.');
    });

    it('refuses an unknown role, naming the allowed ones', () => {
      const body = registrationBody();
      body.officers.push(officer('PRESIDEN'));

      const [error] = fieldErrors(body);

      expect(error?.field).toBe('officers[3].role');
      expect(error?.messageEn).toMatch(/^Must be one of: KETUA, SEKRETARIS, BENDAHARA, /);
      expect(error?.message).toMatch(/^Harus salah satu dari: KETUA/);
    });

    it('refuses fewer than three officers', () => {
      const body = registrationBody();
      body.officers = body.officers.slice(0, 2);

      const errors = fieldErrors(body);

      expect(fieldsOf(errors)).toEqual(['officers']);
      expect(errors[0]?.messageEn).toContain('at least 3 items');
      expect(errors[0]?.messageEn).toContain('BENDAHARA is required');
    });
  });

  describe('memberCount', () => {
    it.each([MEMBER_COUNT.min, MEMBER_COUNT.max, 30])('accepts %j', (memberCount) => {
      expect(fieldErrors(registrationBodyWith({ memberCount }))).toEqual([]);
    });

    it.each([2, 101, 0, -5, 12.5, '12', null, 1e308, true])('refuses %j', (memberCount) => {
      const errors = fieldErrors(registrationBodyWith({ memberCount }));

      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(fieldsOf(errors))).toEqual(new Set(['memberCount']));
    });

    it('must not be below the number of officers', () => {
      const body = registrationBody();
      body.officers.push(officer('HUMAS'));
      body.memberCount = 3;

      expect(fieldErrors(body)).toEqual([
        {
          field: 'memberCount',
          message: 'Jumlah anggota tidak boleh kurang dari jumlah pengurus.',
          messageEn: 'Member count must not be less than the number of officers.',
        },
      ]);
    });

    it('states the bounds in both languages', () => {
      expect(fieldErrors(registrationBodyWith({ memberCount: 101 }))).toEqual([
        { field: 'memberCount', message: 'Harus maksimal 100.', messageEn: 'Must be at most 100.' },
      ]);
      const [error] = fieldErrors(registrationBodyWith({ memberCount: 2 }));
      expect(error?.field).toBe('memberCount');
      expect(error?.message).toContain('Harus minimal 3.');
      expect(error?.messageEn).toContain('Must be at least 3.');
    });
  });

  describe('focusAreas', () => {
    it('accepts every documented area once', () => {
      expect(fieldErrors(registrationBodyWith({ focusAreas: [...FOCUS_AREAS] }))).toEqual([]);
    });

    it('refuses an unknown area by its index', () => {
      const errors = fieldErrors(registrationBodyWith({ focusAreas: ['PERTANIAN', 'pariwisata'] }));

      expect(fieldsOf(errors)).toEqual(['focusAreas[1]']);
      expect(errors[0]?.messageEn).toBe(`Must be one of: ${FOCUS_AREAS.join(', ')}.`);
    });

    it('refuses a repeated area', () => {
      expect(fieldErrors(registrationBodyWith({ focusAreas: ['UMKM', 'UMKM'] }))).toEqual([
        {
          field: 'focusAreas',
          message: 'Bidang tidak boleh berulang.',
          messageEn: 'Focus areas must not repeat.',
        },
      ]);
    });

    it('requires at least one area', () => {
      expect(fieldsOf(fieldErrors(registrationBodyWith({ focusAreas: [] })))).toEqual(['focusAreas']);
    });
  });

  describe('media URLs', () => {
    it.each([
      'https://kim.tabanankab.go.id/dajan-peken',
      'http://example.id',
      'https://www.youtube.com/@kim',
    ])('accepts %s', (url) => {
      expect(fieldErrors(registrationBodyWith({ media: [{ type: 'WEBSITE', url }] }))).toEqual([]);
    });

    it.each([
      ['javascript:', 'javascript:alert(1)'],
      ['upper-case javascript:', 'JAVASCRIPT:alert(document.cookie)'],
      ['ftp:', 'ftp://example.id/file'],
      ['data:', 'data:text/html,<script>alert(1)</script>'],
      ['file:', 'file:///etc/passwd'],
      ['mailto:', 'mailto:kim@example.id'],
      ['no host', 'https://'],
      ['no scheme', 'instagram.com/kimdajanpeken'],
      ['scheme-relative', '//example.id'],
      ['over 2048 characters', `https://example.id/${'a'.repeat(2048)}`],
      ['a user name and password', 'https://user:secret@example.id/'],
      ['a user name', 'https://user@example.id/'],
      ['a raw NUL byte', 'https://example.id/a\u0000b'],
      ['a script tag', 'https://example.id/<script>alert(1)</script>'],
      ['a space', 'https://example.id/a b'],
    ])('refuses a URL with %s', (_kind, url) => {
      const errors = fieldErrors(registrationBodyWith({ media: [{ type: 'WEBSITE', url }] }));

      expect(fieldsOf(errors)).toEqual(['media[0].url']);
      expect(errors[0]?.message).not.toBe('');
      expect(errors[0]?.messageEn).not.toBe('');
    });
  });

  describe('text fields', () => {
    it.each(['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\r\n', '\t'])(
      'refuses the control character %j inside a name',
      (control) => {
        const body = registrationBody();
        body.officers[1] = officer('SEKRETARIS', `Ni Luh${control}Ayu`);

        expect(fieldErrors(body)).toEqual([
          {
            field: 'officers[1].name',
            message: 'Mengandung karakter kontrol.',
            messageEn: 'Contains control characters.',
          },
        ]);
      },
    );

    it.each([
      ['name', { name: '\u200b\u200b\u200b' }],
      ['name', { name: '\u3164\u3164\u3164\u3164' }],
      ['name', { name: 'K\u2800\u2800' }],
      [
        'officers[1].name',
        {
          officers: [
            registrationBody().officers[0],
            officer('SEKRETARIS', '\u200b\u200b'),
            registrationBody().officers[2],
          ],
        },
      ],
      ['sk.number', { sk: { number: '\u200b\ufeff\u2060', date: '2025-06-02' } }],
    ])('refuses %s when it shows nothing but invisible characters or fillers', (field, patch) => {
      const errors = fieldErrors(registrationBodyWith(patch));

      expect(fieldsOf(errors)).toEqual([field]);
      expect(errors[0]?.messageEn).toMatch(
        /^Must contain at least \d visible characters? \(spaces and invisible characters do not count\)\.$/,
      );
    });

    it.each([
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u2028',
      '\u2029',
    ])('refuses %j in the KIM name, an officer name and the SK number, even at their edges', (control) => {
      const body = registrationBodyWith({
        name: `KIM ${control}Dajan`,
        sk: { number: `141/12/DP/2025${control}`, date: '2025-06-02' },
      });
      (body.officers as Array<Record<string, unknown>>)[1] = officer('SEKRETARIS', `${control}Ni Luh Ayu`);

      const errors = fieldErrors(body);

      expect(fieldsOf(errors)).toEqual(['name', 'sk.number', 'officers[1].name']);
      for (const error of errors) {
        expect(error.messageEn).toContain('Must not contain text-direction controls');
        expect(error.message).toContain('Tidak boleh berisi karakter pengatur arah teks');
      }
    });

    it('drops invisible characters inside good names, so the stored value is clean', () => {
      const body = registrationBodyWith({ name: '\ufeffKIM Dajan\u200b Peken\u00ad Informatif\u200e' });
      (body.officers as Array<Record<string, unknown>>)[1] = officer(
        'SEKRETARIS',
        'Ni\u2060 Luh\u034f Ayu\ufe0f',
      );

      const parsed = registrationInputSchema(TODAY).parse(body);

      expect(parsed.name).toBe('KIM Dajan Peken Informatif');
      expect(parsed.officers[1]?.name).toBe('Ni Luh Ayu');
    });

    it('keeps look-alike letters in names as typed: names are not identifiers', () => {
      const parsed = registrationInputSchema(TODAY).parse(registrationBodyWith({ name: 'KIM Дajan Реken' }));

      expect(parsed.name).toBe('KIM Дajan Реken');
    });

    it('refuses an invisible character inside a media URL rather than dropping it', () => {
      const errors = fieldErrors(
        registrationBodyWith({
          media: [{ type: 'INSTAGRAM', url: 'https://instagram.com/kim\u200bdajanpeken' }],
        }),
      );

      expect(fieldsOf(errors)).toEqual(['media[0].url']);
      expect(errors[0]?.messageEn).toBe(
        'The URL must not contain spaces, control or invisible characters, or < > " `.',
      );
    });

    it.each([
      'https://inst\u0430gram.com/kimdajanpeken',
      'https://www.\u0443outube.com/@kim',
      'https://xn--instgram-46g.com/kimdajanpeken',
    ])('refuses the look-alike domain of %s', (url) => {
      const errors = fieldErrors(registrationBodyWith({ media: [{ type: 'INSTAGRAM', url }] }));

      expect(errors).toEqual([
        {
          field: 'media[0].url',
          message:
            'Nama domain URL harus ditulis dengan huruf A–Z, angka, dan tanda hubung: nama domain internasional (IDN) tidak diterima karena huruf yang mirip dapat meniru situs lain.',
          messageEn:
            "The URL's domain must be written with the letters A–Z, digits and hyphens: internationalised domain names are refused because look-alike letters can imitate another site.",
        },
      ]);
    });

    it('keeps letters of other scripts in the path of a URL', () => {
      const url = 'https://id.wikipedia.org/wiki/\u0414\u0435\u0441\u0430';

      expect(fieldErrors(registrationBodyWith({ media: [{ type: 'WEBSITE', url }] }))).toEqual([]);
    });

    it('refuses a KIM name of only spaces and one over 120 characters', () => {
      expect(fieldsOf(fieldErrors(registrationBodyWith({ name: '     ' })))).toEqual(['name']);
      expect(fieldErrors(registrationBodyWith({ name: 'K'.repeat(121) }))).toEqual([
        {
          field: 'name',
          message: 'Harus maksimal 120 karakter.',
          messageEn: 'Must be at most 120 characters.',
        },
      ]);
    });
  });

  describe('SK number', () => {
    it('refuses a number that NFKC normalisation stretches beyond 100 characters, once', () => {
      // U+2487 is "(20)" once NFKC-normalised: 100 of them compare as 400 characters.
      const errors = fieldErrors(
        registrationBodyWith({ sk: { number: '\u2487'.repeat(100), date: '2025-06-02' } }),
      );

      expect(errors).toEqual([
        {
          field: 'sk.number',
          message: 'Nomor SK terlalu panjang setelah dinormalisasi (maksimal 100 karakter).',
          messageEn: 'SK number is too long once normalised (at most 100 characters).',
        },
      ]);
    });

    it('gives a number over 100 characters one message', () => {
      expect(
        fieldErrors(registrationBodyWith({ sk: { number: '\ufdfa'.repeat(101), date: '2025-06-02' } })),
      ).toEqual([
        {
          field: 'sk.number',
          message: 'Harus maksimal 100 karakter.',
          messageEn: 'Must be at most 100 characters.',
        },
      ]);
    });

    it.each([
      ['a Cyrillic Р for P', '905/12/D\u0420-2025', 'U+0420 «Р»'],
      ['a Greek Ρ for P', '905/12/D\u03a1-2025', 'U+03A1 «Ρ»'],
      ['a combining acute accent', '905/12/DP\u0301-2025', 'U+0301'],
      ['an accented letter', '905/12/DÉ-2025', 'U+00C9 «É»'],
      ['Arabic-Indic digits', '\u0669\u0660\u0665/12/DP-2025', 'U+0669 «٩»'],
      ['a backslash', '905\\12\\DP-2025', 'U+005C «\\»'],
      ['a hash sign', 'No#905', 'U+0023 «#»'],
    ])('refuses %s, naming the character and the allowed ones in both languages', (_case, number, named) => {
      expect(fieldErrors(registrationBodyWith({ sk: { number, date: '2025-06-02' } }))).toEqual([
        {
          field: 'sk.number',
          message: `Nomor SK hanya boleh berisi huruf A–Z, angka 0–9, spasi, dan tanda . / - ( ) , : (karakter ${named} tidak diizinkan).`,
          messageEn: `The SK number may contain only the letters A–Z, the digits 0–9, spaces and . / - ( ) , : (${named} is not allowed).`,
        },
      ]);
    });

    it('refuses a number of punctuation alone', () => {
      expect(fieldErrors(registrationBodyWith({ sk: { number: '-/-', date: '2025-06-02' } }))).toEqual([
        {
          field: 'sk.number',
          message: 'Nomor SK harus berisi setidaknya satu huruf atau angka.',
          messageEn: 'The SK number must contain at least one letter or digit.',
        },
      ]);
    });

    it('stores the number as typed, without its invisible characters: folding is for comparing only', () => {
      const parsed = registrationInputSchema(TODAY).parse(
        registrationBodyWith({
          sk: { number: '\u200b 905 / 12\u2060/DP\u20132025\u200e ', date: '2025-06-02' },
        }),
      );

      expect(parsed.sk.number).toBe('905 / 12/DP\u20132025');
    });

    it('accepts 100 characters that stay 100 characters', () => {
      expect(
        fieldErrors(registrationBodyWith({ sk: { number: 'Ａ'.repeat(100), date: '2025-06-02' } })),
      ).toEqual([]);
    });
  });

  describe('shape', () => {
    it('names every unknown key, nested ones included', () => {
      const body = registrationBodyWith({ admin: true, __proto__: null });
      const withNested = {
        ...body,
        sk: { number: '1', date: '2025-06-02', signedBy: 'x' },
        contact: { ...registrationBody().contact, fax: '1' },
      };

      const errors = fieldErrors(withNested);

      expect(fieldsOf(errors).sort()).toEqual(['admin', 'contact.fax', 'sk.signedBy']);
      expect(
        errors.every(
          (error) => error.message === 'Isian ini tidak dikenal.' && error.messageEn === 'Unknown field.',
        ),
      ).toBe(true);
    });

    it('treats "__proto__" and "constructor" from JSON as unknown keys, not as prototypes', () => {
      const body = JSON.parse(
        `{"__proto__":{"admin":true},"constructor":{"prototype":{}},${JSON.stringify(registrationBody()).slice(1)}`,
      );

      expect(fieldsOf(fieldErrors(body)).sort()).toEqual(['__proto__', 'constructor']);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it.each([
      ['name', 42, 'Harus berupa teks.', 'Must be a string.'],
      ['villageCode', 5102052006, 'Harus berupa teks.', 'Must be a string.'],
      ['sk', '141/12/DP/2025', 'Harus berupa objek.', 'Must be an object.'],
      ['officers', { KETUA: 'I Made' }, 'Harus berupa daftar (array).', 'Must be an array.'],
      ['memberCount', '12', 'Harus berupa angka.', 'Must be a number.'],
      ['focusAreas', 'PERTANIAN', 'Harus berupa daftar (array).', 'Must be an array.'],
      ['contact', null, 'Harus berupa objek.', 'Must be an object.'],
      ['media', {}, 'Harus berupa daftar (array).', 'Must be an array.'],
    ])('refuses %s of the wrong type (%j)', (field, value, message, messageEn) => {
      expect(fieldErrors(registrationBodyWith({ [field]: value }))).toEqual([{ field, message, messageEn }]);
    });

    it('reports every missing required field as required', () => {
      const errors = fieldErrors({});

      expect(fieldsOf(errors)).toEqual([
        'name',
        'villageCode',
        'sk',
        'officers',
        'memberCount',
        'focusAreas',
        'contact',
      ]);
      expect(
        errors.every((error) => error.message === 'Wajib diisi.' && error.messageEn === 'Required.'),
      ).toBe(true);
    });

    it.each([null, [], 'a string', 42, true])('refuses the body %j as not an object', (body) => {
      expect(fieldErrors(body)).toEqual([
        { field: '(body)', message: 'Harus berupa objek.', messageEn: 'Must be an object.' },
      ]);
    });

    it.each(['51.02.05', '51.02.05.206', '51-02-05-2006', ' 51.02.05.2006', 'ID'])(
      'refuses the village code %j as malformed',
      (villageCode) => {
        expect(fieldErrors(registrationBodyWith({ villageCode }))).toEqual([
          {
            field: 'villageCode',
            message: 'Kode desa harus berformat Kemendagri, contoh 51.02.05.2006.',
            messageEn: 'Village code must be a Kemendagri code such as 51.02.05.2006.',
          },
        ]);
      },
    );

    it('refuses a malformed email and phone in contact', () => {
      const errors = fieldErrors(registrationBodyWith({ contact: { email: 'kim@', phone: '12345' } }));

      expect(fieldsOf(errors)).toEqual(['contact.email', 'contact.phone']);
      expect(errors[0]?.messageEn).toBe('Must be a valid email address.');
      expect(errors[1]?.messageEn).toMatch(/^Not a valid Indonesian phone number/);
      expect(errors[1]?.message).toMatch(/^Nomor telepon Indonesia tidak valid/);
    });
  });
});
