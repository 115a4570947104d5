import * as z from 'zod/mini';
import { configFromEnv } from '../platform/config.js';

/** Settings of the functions that keep documents. */
export const documentConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /** The bucket of the documents (SK versions, pending uploads): the stateful stack's. */
    DOCUMENT_BUCKET: z.string().check(z.minLength(3)),
  }))();

/** The document configuration of this process, parsed on first use at module load of a handler. */
export const getDocumentConfig = /* @__PURE__ */ configFromEnv(
  documentConfigSchema,
  'document configuration',
);
