import { describe, expect, it } from 'vitest';
import { parseFormConfig } from '../../../../shared/platform/web/form-config.js';

describe('parseFormConfig', () => {
  it('reads the form secret', () => {
    expect(parseFormConfig({ FORM_SECRET: 'a'.repeat(64) })).toEqual({ FORM_SECRET: 'a'.repeat(64) });
  });

  it.each([
    ['missing', {}],
    ['too short to be a secret', { FORM_SECRET: 'secret' }],
  ])('fails the cold start, naming the variable, when it is %s', (_kind, env) => {
    expect(() => parseFormConfig(env)).toThrow(/^Invalid form configuration: FORM_SECRET: /);
  });
});
