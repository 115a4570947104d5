import * as z from 'zod/mini';
import { MAX_LISTED_ERRORS } from '../errors.js';
import { REGION_LEVELS } from '../region-codes.js';
import { withMeta } from '../validation/meta.js';

/** Every error answer: Indonesian `message` first, English `messageEn` too. */
export const errorResponseSchema = withMeta(
  z.object({ message: z.string(), messageEn: z.string(), requestId: z.optional(z.string()) }),
  { id: 'Error' },
);

export const fieldErrorSchema = withMeta(
  z.object({ field: z.string(), message: z.string(), messageEn: z.string() }),
  { id: 'FieldError' },
);

export const validationErrorResponseSchema = withMeta(
  z.extend(errorResponseSchema, {
    errors: withMeta(z.array(fieldErrorSchema).check(z.maxLength(MAX_LISTED_ERRORS)), {
      description: `The first ${MAX_LISTED_ERRORS} field errors, in order.`,
    }),
    moreErrors: withMeta(z.optional(z.number().check(z.int(), z.positive())), {
      description: `How many further field errors there are beyond the ${MAX_LISTED_ERRORS} listed; absent when none.`,
    }),
  }),
  { id: 'ValidationErrorResponse' },
);

export const duplicateErrorResponseSchema = withMeta(
  z.extend(errorResponseSchema, { existingId: z.string() }),
  {
    id: 'DuplicateRegistrationResponse',
  },
);

const regionSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  villageCount: z.number().check(z.int()),
});

export const regionResponseSchema = withMeta(
  z.extend(regionSummarySchema, {
    children: z.array(withMeta(regionSummarySchema, { id: 'RegionSummary' })),
  }),
  { id: 'Region' },
);
