import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  listSkDocumentsForReview,
  type SkDocumentDeps,
  skDocumentLinkForReview,
} from '../documents/sk-documents.js';
import { type TermStatusDeps, termStatusesOf, termStatusOf } from '../documents/term-expiry.js';
import { ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import { isRegionCode, isWithin, levelOf, parentOf } from '../platform/region-codes.js';
import { assetResponse } from '../platform/web/assets.js';
import { CsrfRejectedError, isSameOriginPost } from '../platform/web/csrf.js';
import type { FormObject } from '../platform/web/form-data.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import { type PageContext, pageContext } from '../platform/web/page-context.js';
import { redirectResponse } from '../platform/web/response.js';
import { isHttps, securityHeaders } from '../platform/web/security-headers.js';
import { getRegion } from '../regions/get-region.js';
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
import type { CoverageReadDeps } from '../village-coverage/coverage-reader.js';
import { consoleStylesheet } from './console-css.js';
import type { SignedIn } from './console-layout.js';
import {
  type Handler,
  html,
  NO_STORE,
  readPost,
  type SessionHandler,
  signedIn,
  stringField,
  withCookies,
} from './console-session.js';
import {
  coverageTable,
  EXPORT_FILTERS,
  type ExportFilter,
  type ExportTable,
  registrationsTable,
  toCsv,
  toXlsx,
} from './exports.js';
import { EXPORT_FORMATS, type ExportFormat, ExportsPage } from './exports-page.js';
import { messages } from './messages.js';
import { SignedOutPage, SignInFailedPage } from './notice-pages.js';
import { QueuePage, type RegionChoices } from './queue-page.js';
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

/** What the console pages need: sign-in, the registration reads and review, regions and coverage. */
export interface ConsolePageDeps extends SignInDeps, AdminQueryDeps, ReviewRegistrationDeps {
  readonly registrations: RegistrationQueryRepository & RegistrationReviewRepository;
  readonly regions: RegionRepository;
  readonly coverage: CoverageReadDeps;
  /** The SK documents: their versions and the short-lived links that open them. */
  readonly documents: SkDocumentDeps;
  /** The current terms, to mark an expired SK; without them no term is shown. */
  readonly terms?: TermStatusDeps;
}

/** The regions the queue's filter offers. */
const regionChoices = async (
  deps: ConsolePageDeps,
  own: string,
  chosen: string | undefined,
): Promise<RegionChoices> => {
  const ports = { regions: deps.regions, scope: deps.scope };
  const region = await getRegion(ports, own);
  const district =
    chosen === undefined || !isRegionCode(chosen) || !isWithin(own, chosen) || chosen === own
      ? undefined
      : levelOf(chosen) === 'district'
        ? chosen
        : levelOf(chosen) === 'village'
          ? parentOf(chosen)
          : undefined;
  const chosenDistrict =
    district !== undefined && district !== own && isWithin(own, district)
      ? await getRegion(ports, district).then((found) => ({ district: found, villages: found.children }))
      : undefined;
  return { own: region, children: region.children, chosenDistrict };
};

const queuePage: (deps: ConsolePageDeps) => SessionHandler = (deps) => async (event, session, page, who) => {
  const filter = queueFilterOf(page.query);
  const [result, regions] = await Promise.all([
    readQueue(deps, session.principal, filter),
    regionChoices(deps, session.principal.regionCode, filter.region),
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
  const [history, village, skDocuments, term] = await Promise.all([
    getRegistrationHistory(deps, session.principal, id),
    listRegistrations(deps, session.principal, { region: registration.villageCode, limit: '100' }),
    listSkDocumentsForReview(deps.documents, session.principal, id),
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

const exportFormat = (value: string | undefined): ExportFormat =>
  EXPORT_FORMATS.find((format) => format === value) ?? 'xlsx';

/** A file download: never cached, never sniffed, named for the region and filter. */
const fileResponse = async (
  event: APIGatewayProxyEventV2,
  table: ExportTable,
  format: ExportFormat,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const body = format === 'csv' ? Buffer.from(toCsv(table), 'utf8') : await toXlsx(table);
  return {
    statusCode: 200,
    headers: {
      ...securityHeaders({ https: isHttps(event) }),
      'content-type':
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${table.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}"`,
      'cache-control': NO_STORE,
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
};

/** The console's routes, by route key, each behind the session check but sign-in's own. */
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
  'GET /konsol/ekspor': signedIn(deps, async (event, session, page, who) => {
    const regions = await regionChoices(deps, session.principal.regionCode, undefined);
    return html(deps, event, ExportsPage({ page, signedIn: who, regions }));
  }),
  'GET /konsol/ekspor/pendaftaran': signedIn(deps, async (event, session, page) => {
    const filter: ExportFilter = EXPORT_FILTERS.find((name) => name === page.query.status) ?? 'all';
    const region = page.query.wilayah?.trim() || undefined;
    const table = await registrationsTable(deps, session.principal, filter, region);
    logger.info('Console export', {
      kind: 'registrations',
      role: session.principal.role,
      rows: table.rows.length,
    });
    return fileResponse(event, table, exportFormat(page.query.format));
  }),
  'GET /konsol/ekspor/cakupan': signedIn(deps, async (event, session, page) => {
    const table = await coverageTable(deps.coverage, session.principal);
    logger.info('Console export', {
      kind: 'coverage',
      role: session.principal.role,
      rows: table.rows.length,
    });
    return fileResponse(event, table, exportFormat(page.query.format));
  }),
  'GET /konsol/aset/{file}': async (event) =>
    assetResponse([consoleStylesheet], event.pathParameters?.file ?? '', event),
});
