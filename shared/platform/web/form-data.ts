import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type FieldError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.js';
import { MAX_BODY_BYTES } from '../http/json-body.js';

/**
 * A form body read into the shape of the API contract: field names are paths (`sk.number`,
 * `officers[0].phone`), values stay strings; converting them (numbers, optional blanks) is the
 * page's business.
 *
 * Not `qs`: it compacts sparse lists (`officers[2]` after a gap becomes `officers[1]`, so an error
 * would land beside the wrong input), accepts several spellings of one path (`a[b]` and `a.b`)
 * and reports its limits without naming the field. The grammar here is one spelling per path,
 * and every refusal names the field it is about.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** Bounds on what a form body may hold; beyond them the body is refused, never truncated. */
export interface FormLimits {
  /** Largest body, in bytes after base64 decoding. @default 64 KB, as the JSON API */
  readonly maxBytes: number;
  /** Most `name=value` pairs. @default 300 */
  readonly maxFields: number;
  /** Largest list index (`officers[99]`), so a body cannot make a huge sparse list. @default 99 */
  readonly maxIndex: number;
  /** Longest field name. @default 100 */
  readonly maxNameLength: number;
}

export const DEFAULT_FORM_LIMITS: FormLimits = {
  maxBytes: MAX_BODY_BYTES,
  maxFields: 300,
  maxIndex: 99,
  maxNameLength: 100,
};

export interface FormParseOptions extends Partial<FormLimits> {
  /**
   * Field names that repeat by design (a checkbox group such as `focusAreas`): always a list of
   * their values in body order, empty when none was sent. Any other name given twice is refused.
   */
  readonly lists?: readonly string[];
}

const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(?:;(.*))?$/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:0|[1-9][0-9]*)\])*$/;
const SEGMENT = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]/g;
/** Names that would reach an object's prototype machinery rather than a field. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const bodyError = (message: string, messageEn: string): FieldError => ({
  field: '(body)',
  message,
  messageEn,
});

const refuse = (errors: readonly FieldError[]): never => {
  throw new ValidationError(errors);
};

const formatSegments = (segments: readonly (string | number)[]): string =>
  segments.reduce<string>(
    (out, segment) =>
      typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment,
    '',
  );

/** The path segments of a field name, or a reason it is not one. */
const parseName = (name: string, limits: FormLimits): (string | number)[] | FieldError => {
  if (name.length > limits.maxNameLength || !NAME.test(name)) {
    return {
      field: name.length > limits.maxNameLength ? '(body)' : name,
      message: `Nama isian tidak dikenali; nama isian berupa jalur seperti sk.number atau officers[0].phone (maksimal ${limits.maxNameLength} karakter).`,
      messageEn: `Unrecognised field name; field names are paths such as sk.number or officers[0].phone (at most ${limits.maxNameLength} characters).`,
    };
  }
  const segments: (string | number)[] = [];
  for (const match of name.matchAll(SEGMENT)) {
    const [, key, index] = match;
    if (key !== undefined) {
      if (RESERVED.has(key)) {
        return {
          field: name,
          message: 'Nama isian ini tidak diizinkan.',
          messageEn: 'This field name is not allowed.',
        };
      }
      segments.push(key);
    } else {
      const position = Number(index);
      if (position > limits.maxIndex) {
        return {
          field: name,
          message: `Nomor urut isian terlalu besar (maksimal ${limits.maxIndex}).`,
          messageEn: `The field's index is too large (at most ${limits.maxIndex}).`,
        };
      }
      segments.push(position);
    }
  }
  return segments;
};

const decode = (part: string): string | undefined => {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/**
 * Splits an `application/x-www-form-urlencoded` text into its decoded `[name, value]` pairs, in
 * order. Refuses (400, on `(body)`) more than `maxFields` pairs and percent-escapes that are not
 * UTF-8; empty pairs (`a=1&&b=2`) are skipped, as browsers never send them.
 */
export const parseUrlEncoded = (
  text: string,
  maxFields = DEFAULT_FORM_LIMITS.maxFields,
): [name: string, value: string][] => {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    if (pairs.length === maxFields) {
      refuse([
        bodyError(
          `Formulir berisi terlalu banyak isian (maksimal ${maxFields}).`,
          `The form has too many fields (at most ${maxFields}).`,
        ),
      ]);
    }
    const equals = part.indexOf('=');
    const name = decode(equals === -1 ? part : part.slice(0, equals));
    const value = equals === -1 ? '' : decode(part.slice(equals + 1));
    if (name === undefined || value === undefined) {
      refuse([
        bodyError(
          'Isi formulir tidak dapat dibaca: ada kode persen (%) yang bukan UTF-8.',
          'The form body cannot be read: a percent escape (%) is not UTF-8.',
        ),
      ]);
    }
    pairs.push([name ?? '', value ?? '']);
  }
  return pairs;
};

type Node = FormValue | undefined;
type Container = FormObject | FormValue[];

const isContainer = (value: Node): value is Container => typeof value === 'object';

/**
 * Builds the nested object of the API contract from decoded pairs. Each refusal names its field:
 * a malformed or reserved name, an index beyond `maxIndex`, a name sent twice that is not a list,
 * one path used both as a value and as a group (`sk=1&sk.number=2`), a list with a gap
 * (`officers[0]`, `officers[2]`, no `officers[1]`). All of them are collected into one
 * ValidationError (400).
 */
export const formToObject = (
  pairs: readonly (readonly [string, string])[],
  options: FormParseOptions = {},
): FormObject => {
  const limits = { ...DEFAULT_FORM_LIMITS, ...options };
  const lists = new Set(options.lists ?? []);
  const errors = new Map<string, FieldError>();
  const report = (error: FieldError) => {
    if (!errors.has(error.field)) errors.set(error.field, error);
  };
  const root: FormObject = {};
  // Lists made by a list name; an indexed name (`focusAreas[0]`) must not reach into them.
  const listValues = new WeakSet<FormValue[]>();

  const place = (segments: readonly (string | number)[], name: string, value: string) => {
    let container: Container = root;
    for (let depth = 0; depth < segments.length; depth++) {
      const segment = segments[depth] as string | number;
      if (Array.isArray(container) !== (typeof segment === 'number')) {
        report(conflict(formatSegments(segments.slice(0, depth))));
        return;
      }
      const slots = container as Record<string | number, Node>;
      const current = Object.hasOwn(slots, segment) ? slots[segment] : undefined;
      if (depth === segments.length - 1) {
        if (lists.has(name)) {
          if (current === undefined) {
            const list = [value];
            listValues.add(list);
            slots[segment] = list;
          } else if (Array.isArray(current) && listValues.has(current)) {
            current.push(value);
          } else {
            report(conflict(name));
          }
        } else if (current === undefined) {
          slots[segment] = value;
        } else if (typeof current === 'string') {
          report({
            field: name,
            message: 'Isian ini dikirim lebih dari satu kali.',
            messageEn: 'This field was sent more than once.',
          });
        } else {
          report(conflict(name));
        }
        return;
      }
      if (current === undefined) {
        const child: Container = typeof segments[depth + 1] === 'number' ? [] : {};
        slots[segment] = child;
        container = child;
      } else if (isContainer(current) && !(Array.isArray(current) && listValues.has(current))) {
        container = current;
      } else {
        report(conflict(formatSegments(segments.slice(0, depth + 1))));
        return;
      }
    }
  };

  for (const [name, value] of pairs) {
    const segments = parseName(name, limits);
    if (Array.isArray(segments)) place(segments, name, value);
    else report(segments);
  }
  // A checkbox group with nothing ticked sends nothing: it is still an (empty) list.
  for (const name of lists) {
    const segments = parseName(name, limits);
    if (!Array.isArray(segments)) throw new Error(`List field name ${name} is not a form path`);
    let container: Node = root;
    for (const segment of segments.slice(0, -1)) {
      const slots: Record<string | number, Node> | undefined = isContainer(container)
        ? (container as Record<string | number, Node>)
        : undefined;
      container = slots && Object.hasOwn(slots, segment) ? slots[segment] : undefined;
    }
    const leaf = segments.at(-1) as string | number;
    if (isContainer(container) && Array.isArray(container) === (typeof leaf === 'number')) {
      const slots = container as Record<string | number, Node>;
      if (!Object.hasOwn(slots, leaf)) {
        const list: FormValue[] = [];
        listValues.add(list);
        slots[leaf] = list;
      }
    }
  }
  findGaps(root, '', report);
  if (errors.size > 0) refuse([...errors.values()]);
  return root;
};

const conflict = (field: string): FieldError => ({
  field,
  message:
    'Isian ini dikirim dalam dua bentuk sekaligus (misalnya sebagai nilai dan sebagai kelompok isian).',
  messageEn: 'This field was sent in two shapes at once (for example as a value and as a group of fields).',
});

const findGaps = (value: Node, path: string, report: (error: FieldError) => void) => {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) {
        report({
          field: `${path}[${index}]`,
          message: 'Nomor urut isian harus berurutan mulai dari 0; nomor ini tidak ada.',
          messageEn: 'Field indexes must run consecutively from 0; this one is missing.',
        });
      } else {
        findGaps(value[index], `${path}[${index}]`, report);
      }
    }
  } else if (isContainer(value)) {
    for (const [key, child] of Object.entries(value)) findGaps(child, path ? `${path}.${key}` : key, report);
  }
};

/**
 * Reads an API Gateway v2 form post: 415 unless declared `application/x-www-form-urlencoded`
 * (UTF-8), 413 beyond `maxBytes`, 400 naming the field for anything malformed (see `formToObject`).
 * Honours `isBase64Encoded`: API Gateway HTTP APIs base64-encode form bodies.
 */
export const readFormBody = (event: APIGatewayProxyEventV2, options: FormParseOptions = {}): FormObject => {
  const limits = { ...DEFAULT_FORM_LIMITS, ...options };
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > limits.maxBytes) throw new PayloadTooLargeError(limits.maxBytes);
  const media = FORM_MEDIA_TYPE.exec(event.headers['content-type'] ?? '');
  const charset = /(?:^|;)\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(media?.[1] ?? '')?.[1];
  if (!media || (charset !== undefined && !/^utf-8$/i.test(charset))) {
    throw new UnsupportedMediaTypeError(
      'Isi permintaan harus berupa formulir (Content-Type: application/x-www-form-urlencoded, UTF-8).',
      'The request body must be a form (Content-Type: application/x-www-form-urlencoded, UTF-8).',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse([
      bodyError('Isi formulir bukan teks UTF-8 yang valid.', 'The form body is not valid UTF-8 text.'),
    ]);
  }
  return formToObject(parseUrlEncoded(text, limits.maxFields), options);
};
