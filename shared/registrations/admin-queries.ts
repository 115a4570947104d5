import * as z from 'zod/mini';
import { mayAccess, type Principal } from '../auth/principal.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.js';
import { isUlid } from '../platform/ids.js';
import { isRegionCode } from '../platform/region-codes.js';
import { bilingual, describeIssues, refuseInTransform } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import { type HistoryEntryView, toHistoryView } from './history.js';
import {
  InvalidCursorError,
  type RegistrationPage,
  type RegistrationQueryRepository,
  type RegistrationSummary,
} from './ports.js';
import { type Registration, type RegistrationAdminView, toAdminView } from './registration.js';
import { REGISTRATION_STATUSES, registrationStatusViewSchema } from './schema.js';

/** Page sizes of the listings. */
export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

/** `limit` query parameter: a whole number within PAGE_LIMIT. */
export const limitParameter = /* @__PURE__ */ (() =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const limit = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
      if (!(limit >= PAGE_LIMIT.min && limit <= PAGE_LIMIT.max)) {
        refuseInTransform(
          ctx,
          `Harus bilangan bulat ${PAGE_LIMIT.min}–${PAGE_LIMIT.max}.`,
          `Must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}.`,
        );
        return z.NEVER;
      }
      return limit;
    }),
  ))();

/** `region` query parameter: a region code of any level. */
export const regionParameter = z
  .string()
  .check(
    z.refine(
      isRegionCode,
      bilingual(
        'Kode wilayah harus berformat Kemendagri, contoh 51.02 atau 51.02.05.',
        'Region code must be a Kemendagri code such as 51.02 or 51.02.05.',
      ),
    ),
  );

/** `cursor` query parameter: opaque, as the previous page handed it out. */
export const cursorParameter = /* @__PURE__ */ (() => z.string().check(z.minLength(1), z.maxLength(2048)))();

export const invalidCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      message: 'Cursor tidak valid untuk permintaan ini; mulai lagi dari halaman pertama.',
      messageEn: 'The cursor does not belong to this query; start again from the first page.',
    },
  ]);

/** Query parameters of GET /admin/registrations. Unknown parameters are refused like unknown fields. */
export const listRegistrationsQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    region: z.optional(regionParameter),
    status: z.optional(z.enum(REGISTRATION_STATUSES)),
    cursor: z.optional(cursorParameter),
    limit: z.optional(limitParameter),
  }))();

export interface AdminQueryDeps {
  readonly registrations: RegistrationQueryRepository;
}

/** One row of the registration listing, as the region indexes hold it. */
export const registrationSummarySchema = /* @__PURE__ */ (() =>
  withMeta(z.extend(registrationStatusViewSchema, { version: z.number().check(z.int()) }), {
    id: 'RegistrationSummary',
  }))();

/** A page of a listing: `nextCursor` is null on the last page. */
export const pageSchema = (item: z.ZodMiniType, id: string) =>
  withMeta(z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) }), { id });

export interface RegistrationList {
  readonly items: RegistrationSummary[];
  readonly nextCursor: string | null;
}

/** How a listing is read beyond its query parameters. */
export interface ListOptions {
  /** @default 'newest' (the JSON API's order); the console's review queue reads `oldest` first. */
  readonly order?: 'newest' | 'oldest';
}

/**
 * Registrations inside a region, newest first unless told otherwise: the caller's own region unless
 * `region` names one inside it (anything else is 403). Filters by `status`; pages by `cursor` and `limit`.
 */
export const listRegistrations = async (
  deps: AdminQueryDeps,
  principal: Principal,
  query: Readonly<Record<string, string | undefined>>,
  options: ListOptions = {},
): Promise<RegistrationList> => {
  const parsed = listRegistrationsQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const regionCode = parsed.data.region ?? principal.regionCode;
  if (!mayAccess(principal, regionCode)) {
    throw new ForbiddenError(
      `Wilayah ${regionCode} berada di luar wilayah Anda (${principal.regionCode}).`,
      `Region ${regionCode} lies outside your region (${principal.regionCode}).`,
    );
  }
  let page: RegistrationPage;
  try {
    page = await deps.registrations.list({
      regionCode,
      status: parsed.data.status,
      limit: parsed.data.limit ?? PAGE_LIMIT.default,
      cursor: parsed.data.cursor,
      ...(options.order === undefined ? {} : { order: options.order }),
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
  return { items: page.items, nextCursor: page.nextCursor };
};

/** The registration, if it exists (404) and lies in the caller's region (403). */
const readable = async (deps: AdminQueryDeps, principal: Principal, id: string): Promise<Registration> => {
  const registration = isUlid(id) ? await deps.registrations.get(id) : undefined;
  if (!registration) {
    throw new NotFoundError('Pendaftaran KIM tidak ditemukan.', 'No KIM registration with that id exists.');
  }
  if (!mayAccess(principal, registration.villageCode)) {
    throw new ForbiddenError(
      `Pendaftaran ini berada di luar wilayah Anda (${principal.regionCode}).`,
      `This registration lies outside your region (${principal.regionCode}).`,
    );
  }
  return registration;
};

/** The whole registration, personal data included, for an officer of its region. */
export const getRegistrationDetails = async (
  deps: AdminQueryDeps,
  principal: Principal,
  id: string,
): Promise<RegistrationAdminView> => toAdminView(await readable(deps, principal, id));

/** The audit trail of a registration, oldest first. */
export const getRegistrationHistory = async (
  deps: AdminQueryDeps,
  principal: Principal,
  id: string,
): Promise<HistoryEntryView[]> => {
  await readable(deps, principal, id);
  const entries = await deps.registrations.listHistory(id);
  return entries.map(toHistoryView);
};
