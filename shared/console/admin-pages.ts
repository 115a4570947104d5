import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Principal, requireAdmin } from '../auth/principal.js';
import { DigestDeliveryError, type SendDigestsDeps, sendDigests } from '../digests/send-digests.js';
import {
  createOfficer,
  deleteOfficer,
  listOfficers,
  type ManageOfficersDeps,
} from '../directory/manage-officers.js';
import {
  createDigestSubscriber,
  deleteDigestSubscriber,
  listDigestSubscribers,
  type ManageDigestSubscribersDeps,
} from '../directory/manage-subscribers.js';
import { ConflictError, ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import type { FormObject } from '../platform/web/form-data.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import type { PageContext } from '../platform/web/page-context.js';
import { redirectResponse } from '../platform/web/response.js';
import {
  type RebuildCoverageRequestDeps,
  requestCoverageRebuild,
} from '../village-coverage/rebuild-request.js';
import { type AdminFormState, AdminPage, type AdminPageProps, adminPaths } from './admin-page.js';
import type { SignedIn } from './console-layout.js';
import {
  type Handler,
  html,
  readPost,
  type SessionHandler,
  signedIn,
  stringField,
} from './console-session.js';
import { messages, text } from './messages.js';
import { type ConsoleSession, consolePaths, type SignInDeps } from './sign-in.js';

/** What the admin pages need: sign-in, and the ports of the directory, digest and rebuild use cases. */
export interface AdminPageDeps extends SignInDeps {
  readonly officers: ManageOfficersDeps;
  readonly subscribers: ManageDigestSubscribersDeps;
  readonly digests: SendDigestsDeps;
  readonly rebuild: RebuildCoverageRequestDeps;
}

/** Rows each list shows; the directory of one regency is a few tens of officers. */
const LIST_LIMIT = '100';

const adminOnly = (principal: Principal) =>
  requireAdmin(principal, { id: 'membuka halaman administrasi', en: 'open the administration page' });

type Extra = Omit<AdminPageProps, 'page' | 'signedIn' | 'officers' | 'subscribers'>;

/** The admin page with the lists as they are now, and whatever the last action left to show. */
const renderAdmin = async (
  deps: AdminPageDeps,
  event: APIGatewayProxyEventV2,
  session: ConsoleSession,
  page: PageContext,
  who: SignedIn,
  extra: Extra = {},
  status = 200,
) => {
  const [officers, subscribers] = await Promise.all([
    listOfficers(deps.officers, session.principal, { limit: LIST_LIMIT }),
    listDigestSubscribers(deps.subscribers, session.principal, { limit: LIST_LIMIT }),
  ]);
  return html(
    deps,
    event,
    AdminPage({
      page,
      signedIn: who,
      officers: { items: officers.items, more: officers.nextCursor !== null },
      subscribers: { items: subscribers.items, more: subscribers.nextCursor !== null },
      ...extra,
    }),
    status,
  );
};

/** The form's fields the use case reads, as typed (blank ones left out, so "required" is the schema's to say). */
const bodyOf = (form: FormObject, names: readonly string[]) =>
  Object.fromEntries(
    names.map((name) => [name, stringField(form, name).trim()] as const).filter(([, value]) => value !== ''),
  );

const FIELD_LABELS: Readonly<Record<string, keyof typeof messages.admin>> = {
  name: 'name',
  email: 'email',
  regionCode: 'region',
};

/**
 * A directory or rebuild form's post: the use case's validation errors (and a duplicate's 409)
 * come back beside the inputs with the values kept; success goes back to the page (303).
 */
const formPost =
  (
    deps: AdminPageDeps,
    form: AdminFormState['form'],
    fields: readonly string[],
    act: (principal: Principal, body: Record<string, string>) => Promise<Extra | undefined>,
  ): SessionHandler =>
  async (event, session, page, who) => {
    const posted = readPost(deps, event, session);
    adminOnly(session.principal);
    const body = bodyOf(posted, fields);
    try {
      const shown = await act(session.principal, body);
      if (shown !== undefined) return renderAdmin(deps, event, session, page, who, shown);
    } catch (error) {
      const refused =
        error instanceof ValidationError
          ? { status: 400, errors: error.errors }
          : error instanceof ConflictError
            ? {
                status: 409,
                errors: [{ field: '(form)', message: error.message, messageEn: error.messageEn }],
              }
            : undefined;
      if (refused === undefined) throw error;
      const t = text(page.lang);
      const errors = mapFieldErrors(refused.errors, {
        anchors: fields,
        lang: page.lang,
        label: (field) => t(messages.admin[FIELD_LABELS[field] ?? 'region']),
      });
      const values = Object.fromEntries(fields.map((name) => [name, stringField(posted, name)]));
      return renderAdmin(deps, event, session, page, who, { form: { form, values, errors } }, refused.status);
    }
    return redirectResponse(event, `${consolePaths.admin}?selesai=${form}`, { status: 303 });
  };

const removePost =
  (deps: AdminPageDeps, remove: (principal: Principal, id: string) => Promise<void>): SessionHandler =>
  async (event, session) => {
    readPost(deps, event, session);
    adminOnly(session.principal);
    await remove(session.principal, event.pathParameters?.id ?? '');
    return redirectResponse(event, `${consolePaths.admin}?selesai=hapus`, { status: 303 });
  };

/** The admin routes: the officer directory, the digest subscribers, send the digest now, rebuild coverage. */
export const adminRoutes = (deps: AdminPageDeps): Readonly<Record<string, Handler>> => ({
  'GET /konsol/admin': signedIn(deps, async (event, session, page, who) => {
    adminOnly(session.principal);
    const t = text(page.lang);
    const done = page.query.selesai;
    const notice =
      done === 'hapus'
        ? t(messages.admin.removed)
        : done === 'officer' || done === 'subscriber'
          ? t(messages.admin.saved)
          : undefined;
    return renderAdmin(deps, event, session, page, who, { notice });
  }),
  [`POST ${adminPaths.officers}`]: signedIn(
    deps,
    formPost(deps, 'officer', ['name', 'email', 'regionCode'], async (principal, body) => {
      const officer = await createOfficer(deps.officers, principal, body);
      logger.info('Console officer created', { officerId: officer.id, regionCode: officer.regionCode });
      return undefined;
    }),
  ),
  'POST /konsol/admin/petugas/{id}/hapus': signedIn(
    deps,
    removePost(deps, async (principal, id) => {
      await deleteOfficer(deps.officers, principal, id);
      logger.info('Console officer deleted', { officerId: id });
    }),
  ),
  [`POST ${adminPaths.subscribers}`]: signedIn(
    deps,
    formPost(deps, 'subscriber', ['email', 'regionCode'], async (principal, body) => {
      const subscriber = await createDigestSubscriber(deps.subscribers, principal, body);
      logger.info('Console subscriber created', {
        subscriberId: subscriber.id,
        regionCode: subscriber.regionCode,
      });
      return undefined;
    }),
  ),
  'POST /konsol/admin/penerima/{id}/hapus': signedIn(
    deps,
    removePost(deps, async (principal, id) => {
      await deleteDigestSubscriber(deps.subscribers, principal, id);
      logger.info('Console subscriber deleted', { subscriberId: id });
    }),
  ),
  [`POST ${adminPaths.digest}`]: signedIn(deps, async (event, session, page, who) => {
    readPost(deps, event, session);
    adminOnly(session.principal);
    const at = deps.digests.clock.now();
    const runId = `manual-${at.toISOString()}`;
    try {
      const result = await sendDigests(deps.digests, { runId, at, regionCode: undefined });
      logger.info('Console digests sent now', { runId, regions: result.regions });
      return renderAdmin(deps, event, session, page, who, { digest: { result, failed: false } });
    } catch (error) {
      if (!(error instanceof DigestDeliveryError)) throw error;
      logger.error('Console digests sent now with failures', { runId, regions: error.result.regions });
      return renderAdmin(
        deps,
        event,
        session,
        page,
        who,
        { digest: { result: error.result, failed: true } },
        502,
      );
    }
  }),
  [`POST ${adminPaths.rebuild}`]: signedIn(
    deps,
    formPost(deps, 'rebuild', ['regionCode'], async (principal, body) => {
      const report = await requestCoverageRebuild(deps.rebuild, principal, body);
      logger.info('Console coverage rebuilt', {
        regionCode: report.regionCode,
        regionsChecked: report.regionsChecked,
        regionsDrifted: report.regionsDrifted,
      });
      return { rebuild: report };
    }),
  ),
});
