import { describe, expect, it } from 'vitest';
import { officerInputSchema } from '../../../shared/directory/officer.js';
import { describeIssues } from '../../../shared/platform/validation/messages.js';
import { dropInvisibles, plainText, visibleLength } from '../../../shared/platform/validation/text.js';
import { reasonBodySchema } from '../../../shared/registrations/review-registration.js';

const field = plainText(3, 20);

const errorsOf = (value: unknown) => {
  const result = field.safeParse(value, { reportInput: true });
  return result.success ? [] : describeIssues(result.error.issues);
};

const visibleMessage = {
  field: '(body)',
  message: 'Harus berisi minimal 3 karakter yang terlihat (spasi dan karakter tak terlihat tidak dihitung).',
  messageEn: 'Must contain at least 3 visible characters (spaces and invisible characters do not count).',
};

describe('dropInvisibles', () => {
  it.each([
    ['zero-width space, non-joiner and joiner', 'a\u200bb\u200cc\u200dd', 'abcd'],
    ['LRM and RLM', '\u200eabc\u200f', 'abc'],
    ['word joiner and invisible operators', 'a\u2060b\u2061c\u2062d\u2063e\u2064f', 'abcdef'],
    ['byte-order mark', '\ufeffabc', 'abc'],
    ['soft hyphen', 'Ka\u00adbu\u00adpa\u00adten', 'Kabupaten'],
    ['combining grapheme joiner', 'a\u034fb', 'ab'],
    ['Mongolian vowel separator', 'a\u180eb', 'ab'],
    ['variation selectors', 'a\ufe0fb\u{e0100}', 'ab'],
    ['tag characters', 'a\u{e0001}\u{e0041}\u{e007f}b', 'ab'],
    ['an interlinear annotation', 'a\ufff9b\ufffac\ufffb', 'abc'],
    ['Hangul fillers, as spaces', 'a\u3164b\u115fc\u1160d\uffa0e', 'a b c d e'],
    ['the Braille blank, as a space', 'I\u2800Made', 'I Made'],
  ])('drops %s', (_case, raw, clean) => {
    expect(dropInvisibles(raw)).toBe(clean);
  });

  it('keeps letters, accents and emoji', () => {
    const text = 'Ni Luh Ayu Ṕéñà 😀 Дajan 一';

    expect(dropInvisibles(text)).toBe(text);
  });
});

describe('visibleLength', () => {
  it.each([
    ['KIM', 3],
    ['K I M', 3],
    ['\u200b\u200b\u200b', 0],
    ['\u3164\u2800 \u00a0\u3000', 0],
    ['é', 1],
    ['e\u0301', 1],
    ['Z̶̡̛a̷l̸g̵o̴', 5],
    // Zero-width joiners are dropped like every invisible character, so a family emoji shows its three people.
    ['👨‍👩‍👧', 3],
    ['\u0301\u0301\u0301', 1],
  ])('%j shows %d characters', (text, count) => {
    expect(visibleLength(text)).toBe(count);
  });
});

describe('plainText', () => {
  it('drops invisible characters, then trims, and answers the cleaned value', () => {
    expect(field.parse('\ufeff  K\u200bIM\u00ad Bali\u200e  ')).toBe('KIM Bali');
  });

  it.each([
    ['three zero-width spaces', '\u200b\u200b\u200b'],
    ['a word joiner and BOMs', '\u2060\ufeff\ufeff\u2060'],
    ['Hangul fillers', '\u3164\u3164\u3164'],
    ['Braille blanks', '\u2800\u2800\u2800\u2800'],
    ['half-width Hangul fillers', '\uffa0\u115f\u1160'],
    ['two letters padded with invisibles', 'K\u200b\u200bI\u200b'],
    ['two letters and spaces', 'K  I'],
    ['no-break spaces', '\u00a0\u00a0\u00a0'],
    ['an empty string', ''],
  ])('refuses %s against a minimum of 3 visible characters', (_case, value) => {
    expect(errorsOf(value)).toEqual([visibleMessage]);
  });

  it.each([
    ['LRE', '\u202a'],
    ['RLE', '\u202b'],
    ['PDF', '\u202c'],
    ['LRO', '\u202d'],
    ['RLO', '\u202e'],
    ['LRI', '\u2066'],
    ['RLI', '\u2067'],
    ['FSI', '\u2068'],
    ['PDI', '\u2069'],
    ['the line separator', '\u2028'],
    ['the paragraph separator', '\u2029'],
  ])('refuses %s, inside the text or at its edge, naming it', (_case, control) => {
    const code = `U+${(control.codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
    for (const value of [`KIM ${control}Bali`, `KIM Bali${control}`, `${control}KIM Bali`]) {
      expect(errorsOf(value)).toEqual([
        {
          field: '(body)',
          message: `Tidak boleh berisi karakter pengatur arah teks (U+202A–U+202E, U+2066–U+2069) atau pemisah baris/paragraf (U+2028, U+2029); ditemukan ${code}.`,
          messageEn: `Must not contain text-direction controls (U+202A–U+202E, U+2066–U+2069) or line or paragraph separators (U+2028, U+2029); found ${code}.`,
        },
      ]);
    }
  });

  it('counts the maximum on the cleaned value, the minimum on what shows', () => {
    expect(field.parse(`${'\u200b'.repeat(50)}KIM`)).toBe('KIM');
    expect(field.parse('Ṕéñ')).toBe('Ṕéñ');
    expect(errorsOf('K'.repeat(21))).toEqual([
      {
        field: '(body)',
        message: 'Harus maksimal 20 karakter.',
        messageEn: 'Must be at most 20 characters.',
      },
    ]);
  });

  it('still refuses control characters', () => {
    expect(errorsOf('KIM\u0000Bali')).toEqual([
      { field: '(body)', message: 'Mengandung karakter kontrol.', messageEn: 'Contains control characters.' },
    ]);
  });
});

describe('the free-text rules on every endpoint', () => {
  const reasonErrors = (reason: unknown) => {
    const result = reasonBodySchema.safeParse({ reason }, { reportInput: true });
    return result.success ? [] : describeIssues(result.error.issues);
  };

  it('refuses a review reason of twelve zero-width spaces', () => {
    expect(reasonErrors('\u200b'.repeat(12))).toEqual([
      {
        field: 'reason',
        message:
          'Harus berisi minimal 10 karakter yang terlihat (spasi dan karakter tak terlihat tidak dihitung).',
        messageEn:
          'Must contain at least 10 visible characters (spaces and invisible characters do not count).',
      },
    ]);
  });

  it('refuses a reason padded to ten characters with spaces and fillers, or carrying an override', () => {
    expect(reasonErrors('SK  \u3164\u2800  ada').map((error) => error.field)).toEqual(['reason']);
    expect(reasonErrors('Nomor SK \u202etidak sah').map((error) => error.field)).toEqual(['reason']);
  });

  it('keeps a good reason, cleaned', () => {
    expect(reasonBodySchema.parse({ reason: 'Nomor SK\u200b tidak terbaca.\u200e' }).reason).toBe(
      'Nomor SK tidak terbaca.',
    );
  });

  it('applies them to the names of the officer directory', () => {
    const officer = (name: string) =>
      officerInputSchema.safeParse(
        { name, email: 'sari@example.id', regionCode: '51.02' },
        { reportInput: true },
      );

    const blank = officer('\u200b\u200b');
    const bidi = officer('Ni Made \u2066Sari');
    const clean = officer('Ni\u200b Made Sari\ufeff');

    expect(blank.success ? [] : describeIssues(blank.error.issues).map((error) => error.field)).toEqual([
      'name',
    ]);
    expect(bidi.success ? [] : describeIssues(bidi.error.issues).map((error) => error.field)).toEqual([
      'name',
    ]);
    expect(clean.data?.name).toBe('Ni Made Sari');
  });
});
