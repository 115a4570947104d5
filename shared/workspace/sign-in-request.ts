import * as z from 'zod/mini';
import { withMeta } from '../platform/validation/meta.js';

/** POST /workspace/sign-in-requests and the form of /kelola: the registration's contact address. */
export const signInRequestSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      email: withMeta(z.email().check(z.maxLength(254)), {
        description: 'The contact email given when the KIM registered',
        examples: ['kim.maju@example.id'],
      }),
    }),
    { id: 'SignInRequest' },
  ))();

export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** The answer to every accepted sign-in request, whether or not the address is known. */
export const signInRequestAcceptedSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.object({
      message: z.string(),
      messageEn: z.string(),
    }),
    { id: 'SignInRequestAccepted' },
  ))();

export const SIGN_IN_REQUEST_ACCEPTED = {
  message:
    'Jika alamat ini terdaftar sebagai kontak KIM, tautan masuk telah dikirim ke sana. Tautan berlaku 15 menit dan hanya sekali pakai.',
  messageEn:
    'If this address is registered as a KIM contact, a sign-in link has been sent to it. The link is valid for 15 minutes and works once.',
} as const;
