import * as z from 'zod/mini';

/**
 * The schema documented with `data` (description, examples, an OpenAPI component `id`): what
 * classic zod's `.meta(data)` does, for `zod/mini` schemas. A clone is registered, so the schema
 * passed in keeps its own metadata; schemas derived from the result inherit it.
 */
// Pure for the bundler within this module only: esbuild does not carry `@__NO_SIDE_EFFECTS__` to
// calls in other modules, and a method call in the arguments (`.check(…)`, `z.iso.date()`) counts as
// a side effect anyway. So a module-level schema that some functions never use is written
// `const s = /* @__PURE__ */ (() => withMeta(…))()`: built at import where it is named, left out of
// the bundle (and not built at each cold start) where it is not.
export const withMeta = /* @__NO_SIDE_EFFECTS__ */ <T extends z.ZodMiniType>(
  schema: T,
  data: z.core.GlobalMeta,
): T => {
  const documented = schema.clone();
  z.globalRegistry.add(documented, data);
  return documented;
};
