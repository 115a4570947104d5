import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DOMAIN_NAME } from '../../../shared/registrations/schema.js';

describe('the domain names a media URL may have', () => {
  it("are zod's own: DOMAIN_NAME is regexes.domain", () => {
    expect(DOMAIN_NAME.source).toBe(z.regexes.domain.source);
    expect(DOMAIN_NAME.flags).toBe(z.regexes.domain.flags);
  });
});
