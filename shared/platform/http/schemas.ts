import * as z from 'zod';
import { MAX_LISTED_ERRORS } from '../errors.js';
import { REGION_LEVELS } from '../region-codes.js';

/** Every error answer: Indonesian `message` first, English `messageEn` too. */
export const errorResponseSchema = z
  .object({ message: z.string(), messageEn: z.string(), requestId: z.string().optional() })
  .meta({ id: 'Error' });

export const fieldErrorSchema = z
  .object({ field: z.string(), message: z.string(), messageEn: z.string() })
  .meta({ id: 'FieldError' });

export const validationErrorResponseSchema = errorResponseSchema
  .extend({
    errors: z
      .array(fieldErrorSchema)
      .max(MAX_LISTED_ERRORS)
      .meta({ description: `The first ${MAX_LISTED_ERRORS} field errors, in order.` }),
    moreErrors: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({
        description: `How many further field errors there are beyond the ${MAX_LISTED_ERRORS} listed; absent when none.`,
      }),
  })
  .meta({ id: 'ValidationErrorResponse' });

export const duplicateErrorResponseSchema = errorResponseSchema
  .extend({ existingId: z.string() })
  .meta({ id: 'DuplicateRegistrationResponse' });

const regionSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  villageCount: z.number().int(),
});

export const regionResponseSchema = regionSummarySchema
  .extend({ children: z.array(regionSummarySchema.meta({ id: 'RegionSummary' })) })
  .meta({ id: 'Region' });
