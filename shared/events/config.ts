import * as z from 'zod';

/** What the fan-out function needs besides the common configuration: where to send events. */
export const fanOutConfigSchema = z.object({
  COVERAGE_QUEUE_URL: z.url(),
  NOTIFY_QUEUE_URL: z.url(),
});

export type FanOutConfig = z.infer<typeof fanOutConfigSchema>;

/** Parses `env` into a FanOutConfig, or throws one clear error naming every bad variable. */
export const parseFanOutConfig = (env: NodeJS.ProcessEnv): FanOutConfig => {
  const result = fanOutConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid fan-out configuration: ${problems.join('; ')}`);
  }
  return result.data;
};
