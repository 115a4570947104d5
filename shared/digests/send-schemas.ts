import * as z from 'zod';
import { digestSubscriberInputSchema } from '../directory/subscriber.js';

/** Body of POST /admin/digests/send: optionally one region (its subscribers only). */
export const sendDigestsNowSchema = z
  .strictObject({ regionCode: digestSubscriberInputSchema.shape.regionCode.optional() })
  .meta({ id: 'SendDigestsRequest' });

const outcomeSchema = z.object({
  regionCode: z.string(),
  subscribers: z.number().int(),
  sent: z.number().int(),
  skipped: z.number().int().describe('Already delivered in this run'),
  refused: z.number().int().describe('Refused for good by the mail provider (bad address)'),
  failed: z.number().int(),
});

/** Answer of POST /admin/digests/send. */
export const sendDigestsResultSchema = z
  .object({ runId: z.string(), regions: z.array(outcomeSchema) })
  .meta({ id: 'SendDigestsResult' });
