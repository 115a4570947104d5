import * as z from 'zod/mini';
import { mailConfigSchema } from '../notifications/config.js';
import { configFromEnv } from '../platform/config.js';
import { formConfigSchema } from '../platform/web/form-config.js';

/**
 * Settings of the workspace functions: the form secret (CSRF tokens and the sealed session
 * cookie), and the mail settings (sender, and APP_BASE_URL, the base of the sign-in links).
 */
export const workspaceConfigSchema = /* @__PURE__ */ (() =>
  z.extend(formConfigSchema, mailConfigSchema.shape))();

/** The workspace configuration of this process, parsed on first use at module load of a handler. */
export const getWorkspaceConfig = /* @__PURE__ */ configFromEnv(
  workspaceConfigSchema,
  'workspace configuration',
);

/** The mail settings alone, for the function that only answers sign-in requests. */
export const getWorkspaceMailConfig = /* @__PURE__ */ configFromEnv(mailConfigSchema, 'mail configuration');
