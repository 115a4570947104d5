import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonDefects } from '../../../../shared/platform/http/json-defects.js';
import { formatPath } from '../../../../shared/platform/validation/messages.js';

const LONE = /\p{Cs}/u;

/** Text that sometimes holds lone surrogates (and sometimes two that happen to form a pair). */
const text = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.constantFrom('"', '\\', '/', '\n', '\u2028', '{', '}', '[', ']', ',', ':'),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''));

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
}));

const printable = (key: string) =>
  key.replace(/\p{Cs}/gu, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The fields a lone-surrogate check must name, found by walking the parsed value instead. */
const oracle = (value: unknown, path: Array<string | number> = []): string[] => {
  if (typeof value === 'string') return LONE.test(value) ? [formatPath(path) || '(body)'] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => oracle(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const keyPath = [...path, printable(key)];
      return [...(LONE.test(key) ? [formatPath(keyPath)] : []), ...oracle(item, keyPath)];
    });
  }
  return [];
};

describe('findJsonDefects', () => {
  it('names exactly the lone surrogates of any JSON text JSON.stringify writes, in order, at any indentation', () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const serialised = JSON.stringify(value, null, indent);
        // Every surrogate JSON.stringify writes alone it escapes: the defect comes from an escape.
        expect(findJsonDefects(serialised).map((error) => error.field)).toEqual(
          oracle(JSON.parse(serialised)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('finds a key repeated in any object, wherever the object sits', () => {
    fc.assert(
      fc.property(
        fc.dictionary(text, jsonValue, { minKeys: 1, maxKeys: 5 }),
        fc.nat(),
        fc.array(fc.oneof(fc.constant(0), text), { maxLength: 4 }),
        (object, pick, wrappers) => {
          const keys = Object.keys(object);
          const repeated = keys[pick % keys.length] ?? '';
          const inner = JSON.stringify(object);
          let serialised = `${inner.slice(0, -1)},${JSON.stringify(repeated)}:null}`;
          const path: Array<string | number> = [];
          for (const wrapper of wrappers) {
            serialised =
              wrapper === 0
                ? `[${serialised}]`
                : `{"pad":1,${JSON.stringify(wrapper === 'pad' ? 'pad2' : wrapper)}:${serialised}}`;
            path.unshift(wrapper === 0 ? 0 : printable(wrapper === 'pad' ? 'pad2' : wrapper));
          }
          const duplicates = findJsonDefects(serialised).filter((error) =>
            error.messageEn.startsWith('This field appears more than once'),
          );

          expect(duplicates.map((error) => error.field)).toEqual([
            formatPath([...path, printable(repeated)]),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compares keys as decoded: an escaped spelling of a key is the same key', () => {
    expect(findJsonDefects('{"\\u0061":1,"a":2,"\\/":3,"/":4}').map((error) => error.field)).toEqual([
      'a',
      '/',
    ]);
  });

  it('reads strings holding brackets, quotes and backslashes as strings', () => {
    expect(findJsonDefects('{"a":"}{\\"\\\\","b":["],[","{"],"c":{"a":"x"}}')).toEqual([]);
  });

  it('walks 50,000 levels of nesting without a stack overflow', () => {
    const depth = 50_000;

    expect(findJsonDefects(`${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`)).toEqual([]);
  });
});
