import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { isRegionCode } from './region-codes.js';

const englishMessages = en().localeError;

/**
 * Parses `env` with a configuration's schema, or throws one error naming every bad variable
 * (`Invalid <name>: VAR: why; VAR: why`): the one parser of every function's configuration.
 */
export const parseEnv = <S extends z.ZodMiniType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  name: string,
): z.output<S> => {
  // zod/mini loads no locale: zod's English messages name what a bad variable should have been.
  const result = schema.safeParse(env, { error: englishMessages });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid ${name}: ${problems.join('; ')}`);
  }
  return result.data;
};

/** A configuration of this process, parsed from `process.env` on first use (at module load of a handler). */
export const configFromEnv = <S extends z.ZodMiniType>(schema: S, name: string): (() => z.output<S>) => {
  let cached: { readonly value: z.output<S> } | undefined;
  return () => {
    cached ??= { value: parseEnv(schema, process.env, name) };
    return cached.value;
  };
};

/** Runtime configuration of every function, parsed once from the environment. */
export const configSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  SCOPE_CODE: z
    .string()
    .check(z.refine(isRegionCode, 'must be a Kemendagri region code such as 51.02, or ID')),
  /** Folder of the idn-area-data CSV files; only the region seeder reads it. */
  REGION_DATA_DIR: z.optional(z.string().check(z.minLength(1))),
});

export type Config = z.infer<typeof configSchema>;

/** The configuration of this process, parsed on first use at module load of a handler. */
export const getConfig = configFromEnv(configSchema, 'function configuration');
