import * as z from 'zod/mini';
import { parseEnv } from '../platform/config.js';

/** What the fan-out function needs besides the common configuration: where to send events. */
export const fanOutConfigSchema = z.object({
  COVERAGE_QUEUE_URL: z.url(),
  NOTIFY_QUEUE_URL: z.url(),
});

export type FanOutConfig = z.infer<typeof fanOutConfigSchema>;

/** Parses `env` into a FanOutConfig, or throws one clear error naming every bad variable. */
export const parseFanOutConfig = (env: NodeJS.ProcessEnv): FanOutConfig =>
  parseEnv(fanOutConfigSchema, env, 'fan-out configuration');
