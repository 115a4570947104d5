import * as z from 'zod';
import { bilingual } from './messages.js';

const CONTROL_CHARACTERS = /\p{Cc}/u;

/** A free-text field: trimmed, `min`–`max` characters, no control characters (line breaks included). */
export const plainText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(
      (value) => !CONTROL_CHARACTERS.test(value),
      bilingual('Mengandung karakter kontrol.', 'Contains control characters.'),
    );
