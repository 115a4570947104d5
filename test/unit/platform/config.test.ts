import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { configFromEnv, configSchema, parseEnv } from '../../../shared/platform/config.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const schema = z.object({
  QUEUE_URL: z.url(),
  BATCH: z.coerce.number().int().min(1),
  LABEL: z.string().optional(),
});

describe('parseEnv', () => {
  it('gives the parsed values, transforms applied, other variables left out', () => {
    expect(
      parseEnv(schema, { QUEUE_URL: 'http://127.0.0.1:9324/q', BATCH: '10', HOME: '/x' }, 'test'),
    ).toEqual({
      QUEUE_URL: 'http://127.0.0.1:9324/q',
      BATCH: 10,
    });
  });

  it('fails with one message naming every bad variable, in schema order', () => {
    expect(() => parseEnv(schema, { BATCH: '0' }, 'queue configuration')).toThrow(
      /^Invalid queue configuration: QUEUE_URL: [^;]+; BATCH: [^;]+$/,
    );
  });

  it('is what the function configuration is parsed with', () => {
    expect(() =>
      parseEnv(configSchema, { TABLE_NAME: '', SCOPE_CODE: '51-02' }, 'function configuration'),
    ).toThrow(
      /^Invalid function configuration: TABLE_NAME: .*; SCOPE_CODE: must be a Kemendagri region code/,
    );
  });
});

describe('configFromEnv', () => {
  it('parses process.env on first use only, and again after a failure', () => {
    const read = configFromEnv(schema, 'queue configuration');
    vi.stubEnv('QUEUE_URL', 'not a url');
    vi.stubEnv('BATCH', '5');

    expect(read).toThrow(/^Invalid queue configuration: QUEUE_URL: /);
    vi.stubEnv('QUEUE_URL', 'http://127.0.0.1:9324/q');
    expect(read()).toEqual({ QUEUE_URL: 'http://127.0.0.1:9324/q', BATCH: 5 });
    vi.stubEnv('BATCH', '7');
    expect(read().BATCH).toBe(5);
  });
});
