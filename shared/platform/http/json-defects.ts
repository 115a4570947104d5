import type { FieldError } from '../errors.js';

const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** A key shown in a field path: lone surrogates written as the `\uXXXX` escape that sent them. */
const printable = (key: string): string =>
  key.replace(LONE_SURROGATES, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** One more segment of an `officers[1].phone` path, as `formatPath` writes it. */
const append = (path: string, segment: string | number): string => {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (segment === '') return `${path}[""]`;
  return path === '' ? segment : `${path}.${segment}`;
};

/** An open object or array, with the path that leads to it. */
type Frame =
  | {
      readonly kind: 'object';
      readonly path: string;
      readonly keys: Set<string>;
      key: string | undefined;
      expectingKey: boolean;
    }
  | { readonly kind: 'array'; readonly path: string; index: number };

/** The path of the value being read in `frame`: its current element or member. */
const pathIn = (frame: Frame | undefined): string => {
  if (frame === undefined) return '';
  if (frame.kind === 'array') return append(frame.path, frame.index);
  return frame.key === undefined ? frame.path : append(frame.path, printable(frame.key));
};

const duplicateKey = (field: string): FieldError => ({
  field,
  message: 'Isian ini muncul lebih dari sekali; kirim setiap isian sekali saja.',
  messageEn: 'This field appears more than once; send each field once.',
});

const loneSurrogate = (field: string, inKey: boolean): FieldError =>
  inKey
    ? {
        field,
        message:
          'Nama isian ini berisi surrogate UTF-16 tunggal (seperti \\ud800), yang bukan karakter yang sah.',
        messageEn:
          'This field name holds a lone UTF-16 surrogate (such as \\ud800), which is not a valid character.',
      }
    : {
        field,
        message: 'Berisi surrogate UTF-16 tunggal (seperti \\ud800), yang bukan karakter yang sah.',
        messageEn: 'Holds a lone UTF-16 surrogate (such as \\ud800), which is not a valid character.',
      };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * What `JSON.parse` lets through silently in a text it accepted: duplicate keys (it keeps the
 * last) and lone surrogates from `\ud800`-style escapes, in keys or string values, at any depth.
 * Returns one field error for each, in document order, with the path of the field.
 *
 * Call it only on text `JSON.parse` accepted: it reads the grammar, it does not check it. It walks
 * the text once, without recursion, and builds a path only for a container it enters or a field
 * it names, so neither nesting depth nor the number of defects makes it slow.
 */
export const findJsonDefects = (text: string): FieldError[] => {
  const errors: FieldError[] = [];
  const frames: Frame[] = [];
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    const top = frames[frames.length - 1];
    switch (code) {
      case 0x7b: // {
        frames.push({
          kind: 'object',
          path: pathIn(top),
          keys: new Set(),
          key: undefined,
          expectingKey: true,
        });
        break;
      case 0x5b: // [
        frames.push({ kind: 'array', path: pathIn(top), index: 0 });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        frames.pop();
        break;
      case 0x2c: // ,
        if (top?.kind === 'array') top.index++;
        else if (top?.kind === 'object') top.expectingKey = true;
        break;
      case QUOTE: {
        let end = at + 1;
        let escaped = false;
        for (; end < text.length; end++) {
          const unit = text.charCodeAt(end);
          if (unit === BACKSLASH) {
            escaped = true;
            end++;
          } else if (unit === QUOTE) break;
        }
        const token = text.slice(at, end + 1);
        const value = escaped ? (JSON.parse(token) as string) : token.slice(1, -1);
        at = end;
        if (top?.kind === 'object' && top.expectingKey) {
          top.expectingKey = false;
          top.key = value;
          if (escaped && LONE_SURROGATE.test(value)) errors.push(loneSurrogate(pathIn(top), true));
          if (top.keys.has(value)) errors.push(duplicateKey(pathIn(top)));
          top.keys.add(value);
        } else if (escaped && LONE_SURROGATE.test(value)) {
          errors.push(loneSurrogate(pathIn(top) || '(body)', false));
        }
        break;
      }
      default:
        // Whitespace, ':', numbers, true, false, null: nothing to check.
        break;
    }
  }
  return errors;
};
