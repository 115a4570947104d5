import * as z from 'zod/mini';
import { digestSubscriberInputSchema } from '../directory/subscriber.js';
import { withMeta } from '../platform/validation/meta.js';

/** Body of POST /admin/digests/send: optionally one region (its subscribers only). */
export const sendDigestsNowSchema = /* @__PURE__ */ (() =>
  withMeta(z.strictObject({ regionCode: z.optional(digestSubscriberInputSchema.shape.regionCode) }), {
    id: 'SendDigestsRequest',
  }))();

const count = () => z.number().check(z.int());

const outcomeSchema = /* @__PURE__ */ (() =>
  z.object({
    regionCode: z.string(),
    subscribers: count(),
    sent: count(),
    skipped: withMeta(count(), { description: 'Already delivered in this run' }),
    refused: withMeta(count(), { description: 'Refused for good by the mail provider (bad address)' }),
    failed: count(),
  }))();

/** Answer of POST /admin/digests/send. */
export const sendDigestsResultSchema = /* @__PURE__ */ (() =>
  withMeta(z.object({ runId: z.string(), regions: z.array(outcomeSchema) }), {
    id: 'SendDigestsResult',
  }))();
