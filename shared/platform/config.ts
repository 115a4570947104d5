import * as z from 'zod';
import { isRegionCode } from './region-codes.js';

/** Runtime configuration of every function, parsed once from the environment. */
export const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  SCOPE_CODE: z.string().refine(isRegionCode, 'must be a Kemendagri region code such as 51.02, or ID'),
  /** Folder of the idn-area-data CSV files; only the region seeder reads it. */
  REGION_DATA_DIR: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Parses `env` into a Config, or throws one clear error naming every bad variable. */
export const parseConfig = (env: NodeJS.ProcessEnv): Config => {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid function configuration: ${problems.join('; ')}`);
  }
  return result.data;
};

let cached: Config | undefined;

/** The configuration of this process, parsed on first use at module load of a handler. */
export const getConfig = (): Config => {
  cached ??= parseConfig(process.env);
  return cached;
};
