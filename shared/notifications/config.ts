import * as z from 'zod/mini';
import { configFromEnv, parseEnv } from '../platform/config.js';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** An empty variable read as an unset one, then judged by `schema`: classic zod's `z.preprocess`. */
const unlessEmpty = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform(emptyToUndefined), schema);

/** Settings of the functions that send email (notify, sendDigests, sendDigestsNow). */
export const mailConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /** Sender address: an SES identity verified in the account and region. */
    MAIL_FROM: unlessEmpty(z.email()),
    /** SES configuration set for sending events and suppression; none when unset. */
    MAIL_CONFIGURATION_SET: unlessEmpty(
      z.optional(
        z
          .string()
          .check(
            z.regex(
              /^[A-Za-z0-9_-]{1,64}$/,
              'must be an SES configuration set name (letters, digits, _ and -)',
            ),
          ),
      ),
    ),
    /** Base of the links in emails, e.g. https://kim.example.go.id; a trailing slash is dropped. */
    APP_BASE_URL: unlessEmpty(
      z.pipe(
        // A malformed URL stops here: the refinement below parses it.
        z.url({ protocol: /^https?$/, abort: true }).check(
          z.refine((value: string) => {
            const url = new URL(value);
            return url.search === '' && url.hash === '' && url.username === '' && url.password === '';
          }, 'must be a plain http(s) base URL, without query, fragment or credentials'),
        ),
        z.transform((value: string) => value.replace(/\/+$/, '')),
      ),
    ),
  }))();

export type MailConfig = z.infer<typeof mailConfigSchema>;

/** Parses `env` into a MailConfig, or throws one clear error naming every bad variable. */
export const parseMailConfig = (env: NodeJS.ProcessEnv): MailConfig =>
  parseEnv(mailConfigSchema, env, 'mail configuration');

/** The mail configuration of this process, parsed on first use at module load of a handler. */
export const getMailConfig = /* @__PURE__ */ configFromEnv(mailConfigSchema, 'mail configuration');
