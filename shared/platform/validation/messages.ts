import type * as z from 'zod/mini';
import type { FieldError } from '../errors.js';

/** A bilingual message attached to custom zod issues through `params`. */
export interface BilingualParams {
  readonly id: string;
  readonly en: string;
}

/** Options for `.refine()` / `ctx.addIssue()` carrying a bilingual message. */
export const bilingual = (id: string, en: string) => ({
  message: en,
  params: { id, en } satisfies BilingualParams,
});

/**
 * Refuses the value a `z.transform` is turning, with a bilingual message: what classic zod's
 * `ctx.addIssue({ code: 'custom', ... })` does inside a transform, for `zod/mini`.
 */
export const refuseInTransform = (payload: z.core.ParsePayload, id: string, en: string): void => {
  payload.issues.push({ code: 'custom', input: payload.value, ...bilingual(id, en) });
};

/** `officers[1].phone` style path. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    if (segment === '') return `${out}[""]`;
    return out === '' ? String(segment) : `${out}.${String(segment)}`;
  }, '');

const typeNames: Record<string, [string, string]> = {
  string: ['teks', 'a string'],
  number: ['angka', 'a number'],
  int: ['bilangan bulat', 'an integer'],
  boolean: ['boolean', 'a boolean'],
  object: ['objek', 'an object'],
  array: ['daftar (array)', 'an array'],
};

const formatNames: Record<string, [string, string]> = {
  email: ['alamat email', 'email address'],
  url: ['URL http(s)', 'http(s) URL'],
  date: ['tanggal dengan format YYYY-MM-DD', 'date in YYYY-MM-DD form'],
  regex: ['format yang benar', 'value of the expected format'],
};

const bound = (origin: string, limit: number | bigint, inclusive: boolean | undefined, small: boolean) => {
  const n = Number(limit) + (inclusive === false ? (small ? 1 : -1) : 0);
  switch (origin) {
    case 'string':
      return small
        ? [`minimal ${n} karakter`, `at least ${n} characters`]
        : [`maksimal ${n} karakter`, `at most ${n} characters`];
    case 'array':
    case 'set':
      return small
        ? [`minimal ${n} butir`, `at least ${n} items`]
        : [`maksimal ${n} butir`, `at most ${n} items`];
    default:
      return small ? [`minimal ${n}`, `at least ${n}`] : [`maksimal ${n}`, `at most ${n}`];
  }
};

/** Turns one zod issue into field errors with Indonesian and English messages. */
export const describeIssue = (issue: z.core.$ZodIssue): FieldError[] => {
  const field = formatPath(issue.path) || '(body)';
  const one = (message: string, messageEn: string): FieldError[] => [{ field, message, messageEn }];
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return one('Wajib diisi.', 'Required.');
      const [id, en] = typeNames[issue.expected] ?? [issue.expected, issue.expected];
      return one(`Harus berupa ${id}.`, `Must be ${en}.`);
    }
    case 'too_small': {
      const [id, en] = bound(issue.origin, issue.minimum, issue.inclusive, true);
      return one(`Harus ${id}.`, `Must be ${en}.`);
    }
    case 'too_big': {
      const [id, en] = bound(issue.origin, issue.maximum, issue.inclusive, false);
      return one(`Harus ${id}.`, `Must be ${en}.`);
    }
    case 'invalid_format': {
      const [id, en] = formatNames[issue.format] ?? [issue.format, issue.format];
      return one(`Harus berupa ${id} yang valid.`, `Must be a valid ${en}.`);
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => String(value)).join(', ');
      return one(`Harus salah satu dari: ${values}.`, `Must be one of: ${values}.`);
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: formatPath([...issue.path, key]),
        message: 'Isian ini tidak dikenal.',
        messageEn: 'Unknown field.',
      }));
    case 'custom': {
      const params = issue.params as Partial<BilingualParams> | undefined;
      if (params?.id && params.en) return one(params.id, params.en);
      return one('Nilai tidak valid.', issue.message);
    }
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return one('Nilai tidak valid.', 'Invalid value.');
  }
};

/**
 * The field errors of a failed parse: one entry per field, in the order fields first fail; when a
 * field breaks several rules, their messages are joined.
 */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]): FieldError[] => {
  const byField = new Map<string, FieldError>();
  for (const error of issues.flatMap(describeIssue)) {
    const seen = byField.get(error.field);
    byField.set(
      error.field,
      seen
        ? {
            field: error.field,
            message: `${seen.message} ${error.message}`,
            messageEn: `${seen.messageEn} ${error.messageEn}`,
          }
        : error,
    );
  }
  return [...byField.values()];
};
