import * as z from 'zod/mini';
import { configFromEnv, parseEnv } from '../config.js';

/** Settings of the functions that serve forms. */
export const formConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /**
     * Signs the CSRF tokens of the forms (HMAC-SHA256): at least 32 characters of a random secret.
     * On AWS a Secrets Manager secret the stack generates; locally a file in the local data folder.
     */
    FORM_SECRET: z.string().check(z.minLength(32, 'must be a random secret of at least 32 characters')),
  }))();

export type FormConfig = z.infer<typeof formConfigSchema>;

/** Parses `env` into a FormConfig, or throws one clear error naming every bad variable. */
export const parseFormConfig = (env: NodeJS.ProcessEnv): FormConfig =>
  parseEnv(formConfigSchema, env, 'form configuration');

/** The form configuration of this process, parsed on first use at module load of a handler. */
export const getFormConfig = /* @__PURE__ */ configFromEnv(formConfigSchema, 'form configuration');
