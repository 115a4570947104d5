import * as z from 'zod/mini';

/**
 * The schema documented with `data` (description, examples, an OpenAPI component `id`): what
 * classic zod's `.meta(data)` does, for `zod/mini` schemas. A clone is registered, so the schema
 * passed in keeps its own metadata; schemas derived from the result inherit it.
 */
export const withMeta = <T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T => {
  const documented = schema.clone();
  z.globalRegistry.add(documented, data);
  return documented;
};
