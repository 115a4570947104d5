import * as z from 'zod/mini';
import { bilingual } from './messages.js';
import { withMeta } from './meta.js';

const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Bidi embeddings, overrides and isolates, and the line and paragraph separators: in a one-line
 * field they reorder or break what the next reader sees, so they are refused rather than dropped.
 */
const LAYOUT_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

/** Blank cells that take up room and show nothing: the Hangul fillers and the Braille blank. */
const BLANK_FILLERS = /[\u115f\u1160\u3164\uffa0\u2800]/gu;

/**
 * Default-ignorable code points and format characters: zero-width spaces and joiners, word
 * joiner, soft hyphen, byte-order mark, combining grapheme joiner, variation selectors, tags, …
 */
const INVISIBLE_CHARACTERS = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

const WHITESPACE = /\s/gu;
// Made on first use: building a Segmenter loads ICU's break rules (10–15 ms of CPU), which every
// function importing a schema would otherwise pay at cold start, whether it checks text or not.
let graphemes: Intl.Segmenter | undefined;

/** The text without the characters that show nothing: fillers become a space, invisible characters go. */
export const dropInvisibles = (value: string): string =>
  value.replace(BLANK_FILLERS, ' ').replace(INVISIBLE_CHARACTERS, '');

/** Whether the text holds a character that shows nothing (`dropInvisibles` would change it). */
export const hasInvisibles = (value: string): boolean => dropInvisibles(value) !== value;

/** A character named in an error message: its code point, and itself when it shows on its own. */
export const describeCharacter = (character: string): string => {
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? `${code} «${character}»` : code;
};

/** What a reader sees of the text: its user-perceived characters, whitespace not counted. */
export const visibleLength = (value: string): number => {
  let count = 0;
  graphemes ??= new Intl.Segmenter('id', { granularity: 'grapheme' });
  for (const _ of graphemes.segment(dropInvisibles(value).replace(WHITESPACE, ''))) count++;
  return count;
};

/** The rules of `plainText`, in the order they are judged. */
const plainTextRules = (min: number, max: number) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const control = LAYOUT_CONTROLS.exec(value)?.[0];
      if (control === undefined) return;
      const named = describeCharacter(control);
      ctx.addIssue({
        code: 'custom',
        ...bilingual(
          `Tidak boleh berisi karakter pengatur arah teks (U+202A–U+202E, U+2066–U+2069) atau pemisah baris/paragraf (U+2028, U+2029); ditemukan ${named}.`,
          `Must not contain text-direction controls (U+202A–U+202E, U+2066–U+2069) or line or paragraph separators (U+2028, U+2029); found ${named}.`,
        ),
      });
    }),
    z.overwrite(dropInvisibles),
    z.trim(),
    z.maxLength(max),
    z.refine(
      (value) => !CONTROL_CHARACTERS.test(value),
      bilingual('Mengandung karakter kontrol.', 'Contains control characters.'),
    ),
    z.refine(
      (value) => visibleLength(value) >= min,
      bilingual(
        `Harus berisi minimal ${min} karakter yang terlihat (spasi dan karakter tak terlihat tidak dihitung).`,
        `Must contain at least ${min} visible character${min === 1 ? '' : 's'} (spaces and invisible characters do not count).`,
      ),
    ),
  );

/**
 * A one-line free-text field (names, reasons): bidi controls and line or paragraph separators
 * are refused; invisible characters are dropped; the rest is trimmed and at most `max` characters
 * long, holds no control character and shows at least `min` characters other than whitespace
 * (grapheme clusters, so a letter with its accents counts once).
 */
export const plainText = (min: number, max: number) =>
  // Every accepted value has at least `min` code points, so the documented bound is true.
  withMeta(plainTextRules(min, max), { minLength: min });
