import * as z from 'zod/mini';

/**
 * The schema documented with `data` (description, examples, an OpenAPI component `id`): what
 * classic zod's `.meta(data)` does, for `zod/mini` schemas. A clone is registered, so the schema
 * passed in keeps its own metadata; schemas derived from the result inherit it.
 */
// Pure for the bundler: a schema nobody uses is dropped with its metadata, which only documents it.
export const withMeta = /* @__NO_SIDE_EFFECTS__ */ <T extends z.ZodMiniType>(
  schema: T,
  data: z.core.GlobalMeta,
): T => {
  const documented = schema.clone();
  z.globalRegistry.add(documented, data);
  return documented;
};
