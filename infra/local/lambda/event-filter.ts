/**
 * Lambda event filtering, as event source mappings apply `FilterCriteria` before invoking a
 * function: a record reaches the function only if it matches at least one pattern. Supported:
 * nested objects, arrays of literal values (string, number, boolean, null), and the operators
 * `prefix`, `suffix`, `equals-ignore-case`, `exists`, `anything-but` (values or `prefix`) and
 * `numeric` (comparisons and ranges). An array field in the record matches when any element does.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An unsupported or malformed pattern; Lambda refuses such a pattern when the mapping is created. */
export class FilterPatternError extends Error {
  override readonly name = 'FilterPatternError';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

const compare = (value: number, operator: string, bound: number): boolean => {
  switch (operator) {
    case '=':
      return value === bound;
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    default:
      throw new FilterPatternError(`Unknown numeric operator ${operator}`);
  }
};

const matchesNumeric = (value: unknown, conditions: unknown): boolean => {
  if (!Array.isArray(conditions) || conditions.length === 0 || conditions.length % 2 !== 0) {
    throw new FilterPatternError('numeric takes pairs of operator and number');
  }
  if (typeof value !== 'number') return false;
  for (let index = 0; index < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = conditions[index + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator) || typeof bound !== 'number') {
      throw new FilterPatternError('numeric takes pairs of operator and number');
    }
    if (!compare(value, operator, bound)) return false;
  }
  return true;
};

/** Whether one value of the record matches one element of a pattern's array (never `exists`). */
const matchesElement = (value: Json | undefined, element: unknown): boolean => {
  if (!isPlainObject(element)) {
    if (value === undefined) return false;
    if (Array.isArray(value)) return value.some((item) => matchesElement(item, element));
    return value === element;
  }
  const entries = Object.entries(element);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) {
    throw new FilterPatternError('a filter operator object holds exactly one operator');
  }
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.some((item) => matchesElement(item, element));
  switch (operator) {
    case 'prefix':
      if (typeof operand !== 'string') throw new FilterPatternError('prefix takes a string');
      return typeof value === 'string' && value.startsWith(operand);
    case 'suffix':
      if (typeof operand !== 'string') throw new FilterPatternError('suffix takes a string');
      return typeof value === 'string' && value.endsWith(operand);
    case 'equals-ignore-case':
      if (typeof operand !== 'string') throw new FilterPatternError('equals-ignore-case takes a string');
      return typeof value === 'string' && value.toLowerCase() === operand.toLowerCase();
    case 'numeric':
      return matchesNumeric(value, operand);
    case 'anything-but': {
      if (isPlainObject(operand)) {
        const prefix = operand.prefix;
        if (typeof prefix !== 'string') throw new FilterPatternError('anything-but takes values or a prefix');
        return typeof value === 'string' && !value.startsWith(prefix);
      }
      const excluded = Array.isArray(operand) ? operand : [operand];
      return !excluded.some((candidate) => candidate === value);
    }
    default:
      throw new FilterPatternError(`Unsupported filter operator ${operator}`);
  }
};

const matchesField = (value: Json | undefined, rule: unknown): boolean => {
  if (isPlainObject(rule)) {
    return isPlainObject(value) && matchesObject(value as Record<string, Json>, rule);
  }
  if (!Array.isArray(rule) || rule.length === 0) {
    throw new FilterPatternError('a pattern field is an object or a non-empty array');
  }
  return rule.some((element) => {
    if (isPlainObject(element) && 'exists' in element) {
      if (typeof element.exists !== 'boolean') throw new FilterPatternError('exists takes true or false');
      return element.exists === (value !== undefined);
    }
    return matchesElement(value, element);
  });
};

const matchesObject = (record: Record<string, Json>, pattern: Record<string, unknown>): boolean =>
  Object.entries(pattern).every(([key, rule]) => matchesField(record[key], rule));

/** Whether `record` (a plain JSON value, as Lambda sees the record) matches `pattern`. */
export const matchesFilterPattern = (record: unknown, pattern: Record<string, unknown>): boolean => {
  if (!isPlainObject(pattern)) throw new FilterPatternError('a filter pattern is an object');
  const json = JSON.parse(JSON.stringify(record ?? null)) as Json;
  return isPlainObject(json) && matchesObject(json as Record<string, Json>, pattern);
};

/** A record passes the filter criteria when it matches any of the patterns (no patterns: everything passes). */
export const matchesAnyFilter = (
  record: unknown,
  patterns: ReadonlyArray<Record<string, unknown>>,
): boolean => patterns.length === 0 || patterns.some((pattern) => matchesFilterPattern(record, pattern));
