import * as z from 'zod';
import { configFromEnv, parseEnv } from '../platform/config.js';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Settings of the functions that send email (notify, sendDigests, sendDigestsNow). */
export const mailConfigSchema = z.object({
  /** Sender address: an SES identity verified in the account and region. */
  MAIL_FROM: z.preprocess(emptyToUndefined, z.email()),
  /** SES configuration set for sending events and suppression; none when unset. */
  MAIL_CONFIGURATION_SET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SES configuration set name (letters, digits, _ and -)')
      .optional(),
  ),
  /** Base of the links in emails, e.g. https://kim.example.go.id; a trailing slash is dropped. */
  APP_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      // A malformed URL stops here: the refinement below parses it.
      .url({ protocol: /^https?$/, abort: true })
      .refine((value) => {
        const url = new URL(value);
        return url.search === '' && url.hash === '' && url.username === '' && url.password === '';
      }, 'must be a plain http(s) base URL, without query, fragment or credentials')
      .transform((value) => value.replace(/\/+$/, '')),
  ),
});

export type MailConfig = z.infer<typeof mailConfigSchema>;

/** Parses `env` into a MailConfig, or throws one clear error naming every bad variable. */
export const parseMailConfig = (env: NodeJS.ProcessEnv): MailConfig =>
  parseEnv(mailConfigSchema, env, 'mail configuration');

/** The mail configuration of this process, parsed on first use at module load of a handler. */
export const getMailConfig = configFromEnv(mailConfigSchema, 'mail configuration');
