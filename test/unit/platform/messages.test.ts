import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { bilingual, describeIssues, formatPath } from '../../../shared/platform/validation/messages.js';

describe('describeIssues', () => {
  it('gives one entry per field, joining the messages of every rule the field breaks', () => {
    const schema = z.strictObject({
      count: z
        .number()
        .min(3)
        .refine(() => false, bilingual('Kurang dari jumlah pengurus.', 'Less than the officers.')),
    });

    const result = schema.safeParse({ count: 2 }, { reportInput: true });

    expect(result.success).toBe(false);
    expect(describeIssues(result.error?.issues ?? [])).toEqual([
      {
        field: 'count',
        message: 'Harus minimal 3. Kurang dari jumlah pengurus.',
        messageEn: 'Must be at least 3. Less than the officers.',
      },
    ]);
  });

  it('names an empty key so the field is never blank', () => {
    const result = z.strictObject({}).safeParse({ '': 1 }, { reportInput: true });

    expect(describeIssues(result.error?.issues ?? []).map((error) => error.field)).toEqual(['[""]']);
  });
});

describe('formatPath', () => {
  it('writes array indexes in brackets and keys with dots', () => {
    expect(formatPath(['officers', 1, 'phone'])).toBe('officers[1].phone');
  });
});
