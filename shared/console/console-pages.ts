import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { listReports, type ReportReadDeps } from '../activity-reports/read-reports.js';
import {
  listSkDocumentsForReview,
  type SkDocumentDeps,
  skDocumentLinkForReview,
} from '../documents/sk-documents.js';
import { type TermStatusDeps, termStatusesOf, termStatusOf } from '../documents/term-expiry.js';
import { ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import { assetResponse } from '../platform/web/assets.js';
import { CsrfRejectedError, isSameOriginPost } from '../platform/web/csrf.js';
import type { FormObject } from '../platform/web/form-data.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import { type PageContext, pageContext } from '../platform/web/page-context.js';
import { redirectResponse } from '../platform/web/response.js';
import type { RegionRepository } from '../regions/region.js';
import {
  type AdminQueryDeps,
  getRegistrationDetails,
  getRegistrationHistory,
  listRegistrations,
} from '../registrations/admin-queries.js';
import { InvalidTransitionError, RegistrationChangedError } from '../registrations/errors.js';
import type { RegistrationQueryRepository, RegistrationReviewRepository } from '../registrations/ports.js';
import {
  REVIEW_ACTIONS,
  type ReviewAction,
  type ReviewRegistrationDeps,
  reviewRegistration,
} from '../registrations/review-registration.js';
import { consoleStylesheet } from './console-css.js';
import type { SignedIn } from './console-layout.js';
import {
  type Handler,
  html,
  readPost,
  type SessionHandler,
  signedIn,
  stringField,
  withCookies,
} from './console-session.js';
import { messages } from './messages.js';
import { SignedOutPage, SignInFailedPage } from './notice-pages.js';
import { QueuePage } from './queue-page.js';
import { regionChoices } from './region-choices.js';
import { type ReasonFormState, RegistrationPage } from './registration-page.js';
import { queueFilterOf, readQueue } from './review-queue.js';
import {
  type ConsoleSession,
  consolePaths,
  currentSession,
  finishSignIn,
  type SignInDeps,
  signOut,
  startSignIn,
} from './sign-in.js';

/** What the console pages need: sign-in, the registration reads and review, regions, SK documents. */
export interface ConsolePageDeps extends SignInDeps, AdminQueryDeps, ReviewRegistrationDeps {
  readonly registrations: RegistrationQueryRepository & RegistrationReviewRepository;
  readonly regions: RegionRepository;
  /** The SK documents: their versions and the short-lived links that open them. */
  readonly documents: SkDocumentDeps;
  /** The activity reports of a KIM: their count and the latest few. */
  readonly reports: Pick<ReportReadDeps, 'records'>;
  /** The current terms, to mark an expired SK; without them no term is shown. */
  readonly terms?: TermStatusDeps;
}

/** Reports the registration page lists; the count covers them all. */
const LATEST_REPORTS = 3;

const queuePage: (deps: ConsolePageDeps) => SessionHandler = (deps) => async (event, session, page, who) => {
  const filter = queueFilterOf(page.query);
  const [result, regions] = await Promise.all([
    readQueue(deps, session.principal, filter),
    regionChoices({ regions: deps.regions, scope: deps.scope }, session.principal.regionCode, filter.region),
  ]);
  const terms =
    deps.terms === undefined
      ? undefined
      : await termStatusesOf(
          deps.terms,
          result.items.map((item) => item.id),
          deps.clock.now(),
        );
  logger.info('Console queue shown', { role: session.principal.role, count: result.items.length });
  return html(deps, event, QueuePage({ page, signedIn: who, filter, result, regions, terms }));
};

const isReviewAction = (value: string | undefined): value is ReviewAction =>
  (REVIEW_ACTIONS as readonly string[]).includes(value ?? '');

interface DetailOptions {
  readonly status?: number;
  readonly done?: ReviewAction | undefined;
  readonly changed?: boolean;
  readonly form?: ReasonFormState | undefined;
}

const renderDetail = async (
  deps: ConsolePageDeps,
  event: APIGatewayProxyEventV2,
  session: ConsoleSession,
  page: PageContext,
  who: SignedIn,
  id: string,
  options: DetailOptions = {},
) => {
  const registration = await getRegistrationDetails(deps, session.principal, id);
  const [history, village, skDocuments, reports, term] = await Promise.all([
    getRegistrationHistory(deps, session.principal, id),
    listRegistrations(deps, session.principal, { region: registration.villageCode, limit: '100' }),
    listSkDocumentsForReview(deps.documents, session.principal, id),
    // Read once getRegistrationDetails has found the registration in the officer's region.
    listReports(deps.reports, { registrationId: registration.id, limit: LATEST_REPORTS }),
    deps.terms === undefined ? undefined : termStatusOf(deps.terms, registration.id, deps.clock.now()),
  ]);
  return html(
    deps,
    event,
    RegistrationPage({
      page,
      signedIn: who,
      registration,
      history,
      sameVillage: village.items.filter((other) => other.id !== registration.id),
      skDocuments,
      reports,
      term,
      done: options.done,
      changed: options.changed ?? false,
      form: options.form,
    }),
    options.status,
  );
};

const detailPage: (deps: ConsolePageDeps) => SessionHandler = (deps) => async (event, session, page, who) => {
  const done = page.query.selesai;
  return renderDetail(deps, event, session, page, who, event.pathParameters?.id ?? '', {
    done: isReviewAction(done) ? done : undefined,
  });
};

/** The reason a reject or deactivate form carries: what was written, else the common reason picked. */
const reasonOf = (form: FormObject): string => {
  const written = stringField(form, 'reason').trim();
  if (written !== '') return written;
  const picked = messages.reasons[Number.parseInt(stringField(form, 'commonReason'), 10)];
  return picked?.id ?? '';
};

const reviewPost =
  (deps: ConsolePageDeps, action: ReviewAction): SessionHandler =>
  async (event, session, page, who) => {
    const form = readPost(deps, event, session);
    const id = event.pathParameters?.id ?? '';
    const seen = stringField(form, 'version');
    const current = await getRegistrationDetails(deps, session.principal, id);
    if (String(current.version) !== seen) {
      logger.info('Console review refused', { action, reason: 'changed' });
      return renderDetail(deps, event, session, page, who, id, { status: 409, changed: true });
    }
    try {
      await reviewRegistration(deps, session.principal, {
        id,
        action,
        body: action === 'VERIFY' ? undefined : { reason: reasonOf(form) },
      });
    } catch (error) {
      if (error instanceof InvalidTransitionError || error instanceof RegistrationChangedError) {
        logger.info('Console review refused', { action, reason: 'changed' });
        return renderDetail(deps, event, session, page, who, id, { status: 409, changed: true });
      }
      if (error instanceof ValidationError && action !== 'VERIFY') {
        const errors = mapFieldErrors(error.errors, {
          anchors: ['reason'],
          lang: page.lang,
          label: () => (page.lang === 'id' ? messages.detail.reason.id : messages.detail.reason.en),
        });
        return renderDetail(deps, event, session, page, who, id, {
          status: 400,
          form: {
            action,
            reason: stringField(form, 'reason'),
            commonReason: stringField(form, 'commonReason'),
            errors,
          },
        });
      }
      throw error;
    }
    logger.info('Console review', { action, role: session.principal.role });
    return redirectResponse(event, `${consolePaths.registration(id)}?selesai=${action}`, { status: 303 });
  };

/**
 * The console's routes, by route key, each behind the session check but sign-in's own. The exports
 * (/konsol/ekspor...) are a function of their own (export-pages.ts), so this one does not carry
 * the spreadsheet writer.
 */
export const consoleRoutes = (deps: ConsolePageDeps): Readonly<Record<string, Handler>> => ({
  'GET /konsol': signedIn(deps, queuePage(deps)),
  'GET /konsol/masuk': async (event) => startSignIn(deps, event, event.queryStringParameters?.kembali ?? ''),
  'GET /konsol/masuk/kembali': async (event) =>
    (await finishSignIn(deps, event)) ??
    html(deps, event, SignInFailedPage({ page: pageContext(event) }), 400),
  // Not behind `signedIn`: an expired session must still be able to clear its cookies. Another
  // origin is refused; a live session's post must carry its token.
  'POST /konsol/keluar': async (event) => {
    if (!isSameOriginPost(event)) throw new CsrfRejectedError('origin');
    const session = await currentSession(deps, event);
    if (session !== undefined) readPost(deps, event, session);
    return signOut(deps, event);
  },
  'GET /konsol/keluar/selesai': async (event) => {
    const page = pageContext(event);
    return withCookies(await html(deps, event, SignedOutPage({ page })), page.cookies);
  },
  'GET /konsol/pendaftaran/{id}': signedIn(deps, detailPage(deps)),
  // A version of the SK: a fresh presigned link each time, so a page left open never holds an expired one.
  'GET /konsol/pendaftaran/{id}/sk/{versionId}': signedIn(deps, async (event, session) => {
    const link = await skDocumentLinkForReview(deps.documents, session.principal, {
      registrationId: event.pathParameters?.id ?? '',
      versionId: event.pathParameters?.versionId ?? '',
    });
    logger.info('Console SK document opened', {
      role: session.principal.role,
      versionId: link.document.versionId,
    });
    return redirectResponse(event, link.url, { status: 303, referrerPolicy: 'no-referrer' });
  }),
  'POST /konsol/pendaftaran/{id}/verifikasi': signedIn(deps, reviewPost(deps, 'VERIFY')),
  'POST /konsol/pendaftaran/{id}/tolak': signedIn(deps, reviewPost(deps, 'REJECT')),
  'POST /konsol/pendaftaran/{id}/nonaktifkan': signedIn(deps, reviewPost(deps, 'DEACTIVATE')),
  'GET /konsol/aset/{file}': async (event) =>
    assetResponse([consoleStylesheet], event.pathParameters?.file ?? '', event),
});
