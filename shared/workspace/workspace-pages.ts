import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { skUploadRequestSchema } from '../documents/sk-document.js';
import {
  confirmSkUpload,
  listOwnSkDocuments,
  requestSkUpload,
  type SkDocumentDeps,
} from '../documents/sk-documents.js';
import { DomainError, ForbiddenError, ValidationError } from '../platform/errors.js';
import { errorStatuses } from '../platform/http/error-handler.js';
import { readJsonBody } from '../platform/http/json-body.js';
import { json } from '../platform/http/responses.js';
import { logger } from '../platform/logger.js';
import { describeIssues } from '../platform/validation/messages.js';
import { assetResponse } from '../platform/web/assets.js';
import {
  CSRF_FIELD,
  CsrfRejectedError,
  isSameOriginPost,
  issueCsrf,
  verifyCsrf,
} from '../platform/web/csrf.js';
import { type FormObject, type FormParseOptions, readFormBody } from '../platform/web/form-data.js';
import { mapFieldErrors } from '../platform/web/form-errors.js';
import { cookieValue } from '../platform/web/language.js';
import { type PageContext, pageContext } from '../platform/web/page-context.js';
import { type HtmlResponseOptions, htmlResponse, redirectResponse } from '../platform/web/response.js';
import { isHttps } from '../platform/web/security-headers.js';
import { editTokenMatches } from '../registrations/edit-token.js';
import type { RegistrationQueryRepository } from '../registrations/ports.js';
import type { Registration } from '../registrations/registration.js';
import { messages } from './messages.js';
import {
  CheckEmailPage,
  ConfirmLinkPage,
  emptyForm,
  type FormState,
  HomePage,
  LinkFailedPage,
  SignedOutPage,
  SignInPage,
  SK_FORM_FIELDS,
  SkUploadPage,
  skFieldLabel,
} from './pages.js';
import { type RequestSignInDeps, requestSignIn } from './request-sign-in.js';
import {
  clearedSessionCookie,
  isGenuineWorkspacePost,
  openSessionCookie,
  readWorkspaceSession,
  type WorkspaceSession,
  workspaceCsrfToken,
} from './session.js';
import { checkSignInLink, consumeSignInLink } from './sign-in-link.js';
import { uploadScript } from './upload-script.js';
import { type SignedInKim, workspacePaths } from './workspace-layout.js';

/** What the workspace pages need. */
export interface WorkspacePageDeps extends RequestSignInDeps {
  /** Keys the session cookie and signs the CSRF tokens. */
  readonly formSecret: string;
  readonly registrationReader: Pick<RegistrationQueryRepository, 'get'>;
  readonly documents: SkDocumentDeps;
  /** The origin of the presigned upload URLs: the upload page's script may send there (CSP). */
  readonly uploadOrigin: string;
  /** The receipt cookie's name of `/daftar/{id}` (see shared/public-pages/receipt-cookie.ts). */
  readonly receiptCookieName: (https: boolean) => string;
}

export type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** What a page behind the session is given. */
export interface WorkspaceRequest {
  readonly event: APIGatewayProxyEventV2;
  readonly session: WorkspaceSession;
  readonly registration: Registration;
  readonly page: PageContext;
  readonly signedIn: SignedInKim;
}

/** Workspace answers are never stored by any cache: they are one KIM's own. */
export const NO_STORE = 'no-store';

/**
 * A workspace page: never stored, and its address (a link's token) never sent to another site as
 * a Referer. `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null`
 * with a form post, which the CSRF check rightly refuses.
 */
export const workspaceHtml = (
  event: APIGatewayProxyEventV2,
  page: Parameters<typeof htmlResponse>[1],
  options: HtmlResponseOptions = {},
) => htmlResponse(event, page, { cacheControl: NO_STORE, referrerPolicy: 'same-origin', ...options });

/**
 * Runs `handler` for a request with a live workspace session (and its registration); anyone else
 * goes to `/kelola` to ask for a link. A post must come from this site (else 403 before anything)
 * and carry the session's CSRF token (see `readWorkspacePost`). Later workspace pages
 * (`/kelola/laporan`, `/kelola/profil`) wrap their handlers in this too.
 */
export const requireWorkspaceSession =
  (
    deps: Pick<WorkspacePageDeps, 'formSecret' | 'clock' | 'registrationReader'>,
    handler: (request: WorkspaceRequest) => Promise<APIGatewayProxyStructuredResultV2>,
  ): Handler =>
  async (event) => {
    if (event.requestContext.http.method === 'POST' && !isSameOriginPost(event)) {
      throw new CsrfRejectedError('origin');
    }
    const session = readWorkspaceSession(deps.formSecret, event, deps.clock.now());
    const registration =
      session === undefined
        ? undefined
        : await deps.registrationReader.get(session.registrationId, { consistent: true });
    if (session === undefined || registration === undefined) {
      return redirectResponse(event, workspacePaths.home, {
        status: 303,
        ...(session === undefined ? {} : { cookies: [clearedSessionCookie(isHttps(event))] }),
      });
    }
    const page = pageContext(event);
    const response = await handler({
      event,
      session,
      registration,
      page,
      signedIn: { kimName: registration.name, csrfToken: workspaceCsrfToken(deps.formSecret, session) },
    });
    return page.cookies.length === 0
      ? response
      : { ...response, cookies: [...(response.cookies ?? []), ...page.cookies] };
  };

/** Reads a workspace form post and refuses (403) one without this session's token. */
export const readWorkspacePost = (
  deps: Pick<WorkspacePageDeps, 'formSecret'>,
  request: Pick<WorkspaceRequest, 'event' | 'session'>,
  options: FormParseOptions = {},
): FormObject => {
  const form = readFormBody(request.event, options);
  if (!isGenuineWorkspacePost(deps.formSecret, request.event, request.session, form[CSRF_FIELD])) {
    throw new CsrfRejectedError('token');
  }
  return form;
};

const stringField = (form: FormObject, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

const nested = (form: FormObject, group: string, name: string): string => {
  const value = form[group];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? stringField(value, name) : '';
};

/** The client a request comes from, for its rate limit: the source IP API Gateway saw. */
const clientOf = (event: APIGatewayProxyEventV2): string => event.requestContext.http?.sourceIp ?? 'unknown';

const signInForm = async (
  deps: WorkspacePageDeps,
  event: APIGatewayProxyEventV2,
  form: FormState,
  status = 200,
) => {
  const page = pageContext(event);
  const csrf = issueCsrf(event, deps.formSecret);
  return workspaceHtml(event, SignInPage({ page, csrfToken: csrf.token, form }), {
    status,
    cookies: [...page.cookies, csrf.setCookie],
  });
};

/** `/kelola`: the KIM's home with a session; without one, the form that asks for a link. */
const home =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    const session = readWorkspaceSession(deps.formSecret, event, deps.clock.now());
    if (session === undefined) return signInForm(deps, event, emptyForm);
    return requireWorkspaceSession(deps, async ({ registration, page, signedIn, session: own }) => {
      const documents = await listOwnSkDocuments(deps.documents, {
        registrationId: registration.id,
        workspaceSession: own,
      });
      return workspaceHtml(
        event,
        HomePage({ page, signedIn, registration, documents, uploaded: page.query.sk === 'baru' }),
      );
    })(event);
  };

/** POST `/kelola`: asks for links; the same page whether or not the address is known. */
const askForLink =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    const form = readFormBody(event);
    try {
      verifyCsrf(event, deps.formSecret, form[CSRF_FIELD]);
    } catch (error) {
      // A stale token from this site: show the form again with a fresh one (nothing was sent).
      if (!(error instanceof CsrfRejectedError) || error.reason !== 'token') throw error;
      return signInForm(
        deps,
        event,
        { values: { email: stringField(form, 'email') }, errors: new Map(), summary: [] },
        403,
      );
    }
    const email = stringField(form, 'email');
    try {
      await requestSignIn(deps, { body: { email }, client: clientOf(event) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const lang = pageContext(event).lang;
      const mapped = mapFieldErrors(error.errors, {
        anchors: ['email'],
        lang,
        label: () => messages.signIn.email[lang],
      });
      return signInForm(
        deps,
        event,
        { values: { email }, errors: mapped.byField, summary: mapped.summary },
        400,
      );
    }
    const page = pageContext(event);
    return workspaceHtml(event, CheckEmailPage({ page }), { cookies: page.cookies });
  };

const linkFailed = (event: APIGatewayProxyEventV2, reason: 'unknown' | 'expired' | 'malformed') => {
  const page = pageContext(event);
  const status = reason === 'expired' ? 410 : reason === 'malformed' ? 400 : 404;
  return workspaceHtml(event, LinkFailedPage({ page, reason }), { status, cookies: page.cookies });
};

/** GET `/kelola/masuk/{id}?token=`: a button that uses the link (a GET never does). */
const confirmLink =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    const registrationId = event.pathParameters?.id ?? '';
    const token = event.queryStringParameters?.token;
    const verdict = await checkSignInLink(deps, registrationId, token);
    if (!verdict.ok) {
      logger.info('Workspace link refused', { reason: verdict.reason, use: 'view' });
      return linkFailed(event, verdict.reason);
    }
    const page = pageContext(event);
    const csrf = issueCsrf(event, deps.formSecret);
    return workspaceHtml(
      event,
      ConfirmLinkPage({ page, registrationId, token: token ?? '', csrfToken: csrf.token }),
      { cookies: [...page.cookies, csrf.setCookie] },
    );
  };

/** POST `/kelola/masuk/{id}`: uses the link up (once) and opens a session for that registration only. */
const useLink =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    const form = readFormBody(event);
    verifyCsrf(event, deps.formSecret, form[CSRF_FIELD]);
    const registrationId = event.pathParameters?.id ?? '';
    const verdict = await consumeSignInLink(deps, registrationId, stringField(form, 'token'));
    if (!verdict.ok) {
      logger.info('Workspace link refused', { reason: verdict.reason, use: 'sign-in' });
      return linkFailed(event, verdict.reason);
    }
    const registration = await deps.registrationReader.get(verdict.registrationId, { consistent: true });
    if (registration === undefined) return linkFailed(event, 'unknown');
    logger.info('Workspace sign-in', { registrationId: registration.id });
    return redirectResponse(event, workspacePaths.home, {
      status: 303,
      cookies: [
        openSessionCookie(deps.formSecret, registration.id, {
          secure: isHttps(event),
          now: deps.clock.now(),
        }),
      ],
      referrerPolicy: 'no-referrer',
    });
  };

/** POST `/kelola/keluar`: ends the session. An expired session may still clear its cookie. */
const signOut =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    if (!isSameOriginPost(event)) throw new CsrfRejectedError('origin');
    const session = readWorkspaceSession(deps.formSecret, event, deps.clock.now());
    if (session !== undefined) readWorkspacePost(deps, { event, session });
    logger.info('Workspace sign-out');
    return redirectResponse(event, workspacePaths.signedOut, {
      status: 303,
      cookies: [clearedSessionCookie(isHttps(event))],
    });
  };

const skPage = (deps: WorkspacePageDeps, request: WorkspaceRequest, form: FormState, status = 200) =>
  workspaceHtml(request.event, SkUploadPage({ page: request.page, signedIn: request.signedIn, form }), {
    status,
    connectSources: [deps.uploadOrigin],
  });

/** The SK form's values as the page shows them again. */
const skValues = (form: FormObject): Record<string, string> => ({
  'term.start': nested(form, 'term', 'start'),
  'term.end': nested(form, 'term', 'end'),
  'sk.number': nested(form, 'sk', 'number'),
  'sk.date': nested(form, 'sk', 'date'),
});

/** An announcement's field errors placed on the SK form (type and size belong to the file input). */
const skFormState = (
  values: Record<string, string>,
  errors: readonly { field: string; message: string; messageEn: string }[],
  lang: PageContext['lang'],
): FormState => {
  const mapped = mapFieldErrors(
    errors.map((error) =>
      error.field === 'contentType' || error.field === 'size' ? { ...error, field: 'file' } : error,
    ),
    { anchors: SK_FORM_FIELDS, lang, label: (field) => skFieldLabel(field, lang) },
  );
  return { values, errors: mapped.byField, summary: mapped.summary };
};

const fileError = (
  values: Record<string, string>,
  message: { id: string; en: string },
  lang: PageContext['lang'],
) => skFormState(values, [{ field: 'file', message: message.id, messageEn: message.en }], lang);

/**
 * POST `/kelola/sk`: with an upload id (the script PUT the file), checks its bytes and keeps it as
 * a new version; without one, judges the fields as the announcement would, so every error shows
 * beside its field; with neither script nor file, says that uploading needs JavaScript.
 */
const submitSk =
  (deps: WorkspacePageDeps) =>
  async (request: WorkspaceRequest): Promise<APIGatewayProxyStructuredResultV2> => {
    const form = readWorkspacePost(deps, request);
    const { lang } = request.page;
    const values = skValues(form);
    const uploadId = stringField(form, 'uploadId');
    if (uploadId !== '') {
      try {
        const { created, document } = await confirmSkUpload(deps.documents, {
          registrationId: request.registration.id,
          uploadId,
          workspaceSession: request.session,
        });
        logger.info(created ? 'SK version kept' : 'SK version confirmed again', {
          versionId: document.versionId,
          size: document.size,
          from: 'workspace',
        });
        return redirectResponse(request.event, `${workspacePaths.home}?sk=baru`, { status: 303 });
      } catch (error) {
        if (!(error instanceof DomainError) || error instanceof ForbiddenError) throw error;
        const status = errorStatuses.find(([kind]) => error instanceof kind)?.[1] ?? 400;
        return skPage(
          deps,
          request,
          fileError(values, { id: error.message, en: error.messageEn }, lang),
          status,
        );
      }
    }
    if (stringField(form, 'script') !== '1') {
      return skPage(deps, request, fileError(values, messages.sk.needsScript, lang), 400);
    }
    if (stringField(form, 'transfer') === 'failed') {
      return skPage(deps, request, fileError(values, messages.sk.uploadFailed, lang), 400);
    }
    const contentType = stringField(form, 'contentType');
    const size = stringField(form, 'size');
    const body = {
      contentType,
      size: /^\d{1,12}$/.test(size) ? Number(size) : size,
      term: { start: values['term.start'], end: values['term.end'] },
      sk: { number: values['sk.number'], date: values['sk.date'] },
    };
    const missingFile =
      size === ''
        ? [{ field: 'file', message: messages.sk.fileMissing.id, messageEn: messages.sk.fileMissing.en }]
        : [];
    // Judged by the announcement's own schema, so each error is the one the API would answer.
    const parsed = skUploadRequestSchema.safeParse(body);
    const errors = [
      ...missingFile,
      ...(parsed.success ? [] : describeIssues(parsed.error.issues)).filter(
        (entry) => missingFile.length === 0 || (entry.field !== 'contentType' && entry.field !== 'size'),
      ),
    ];
    // Valid fields but no upload id: the script's announcement was refused for another reason.
    return skPage(
      deps,
      request,
      errors.length > 0
        ? skFormState(values, errors, lang)
        : fileError(values, messages.sk.uploadFailed, lang),
      400,
    );
  };

/** A domain error as the JSON API answers it (status from the one error table). */
const jsonError = (error: DomainError): APIGatewayProxyStructuredResultV2 =>
  json(errorStatuses.find(([kind]) => error instanceof kind)?.[1] ?? 400, {
    message: error.message,
    messageEn: error.messageEn,
    ...error.details,
  });

/**
 * POST `/kelola/sk/unggahan`: the upload script's announcement, authorised by the session and its
 * CSRF token (header `X-CSRF-Token`); the same use case and answer as POST
 * /registrations/{id}/documents/sk, which the API offers with the edit token.
 */
const announceSk =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    try {
      if (!isSameOriginPost(event)) throw new CsrfRejectedError('origin');
      const session = readWorkspaceSession(deps.formSecret, event, deps.clock.now());
      if (session === undefined) {
        throw new ForbiddenError(
          'Sesi ruang kelola sudah berakhir. Masuk lagi.',
          'The workspace session has ended. Sign in again.',
        );
      }
      if (!isGenuineWorkspacePost(deps.formSecret, event, session, event.headers['x-csrf-token'])) {
        throw new CsrfRejectedError('token');
      }
      const ticket = await requestSkUpload(deps.documents, {
        registrationId: session.registrationId,
        workspaceSession: session,
        body: readJsonBody(event),
      });
      logger.info('SK upload announced', { uploadId: ticket.uploadId, from: 'workspace' });
      return json(201, ticket);
    } catch (error) {
      if (error instanceof DomainError) return jsonError(error);
      throw error;
    }
  };

/**
 * GET `/daftar/{id}/kelola`: from the receipt of a registration just made, straight into its
 * workspace. The receipt cookie (path `/daftar/{id}`, 15 minutes) holds the edit token, the same
 * capability the workspace gives, and it must open this registration. A link, not a form: the
 * receipt is served with `no-referrer` (its page shows the token), under which a browser posts
 * `Origin: null`; and the cookie is SameSite=Strict, so another site's link never carries it.
 */
const openFromReceipt =
  (deps: WorkspacePageDeps): Handler =>
  async (event) => {
    const id = event.pathParameters?.id ?? '';
    const token = cookieValue(event.cookies, deps.receiptCookieName(isHttps(event)));
    const registration = await deps.registrationReader.get(id, { consistent: true });
    if (
      registration === undefined ||
      token === undefined ||
      !editTokenMatches(token, registration.editTokenHash)
    ) {
      throw new ForbiddenError(
        'Tanda terima ini tidak lagi membuka pendaftaran tersebut. Minta tautan masuk di /kelola.',
        'This receipt no longer opens that registration. Ask for a sign-in link at /kelola.',
      );
    }
    logger.info('Workspace opened from the receipt', { registrationId: registration.id });
    return redirectResponse(event, workspacePaths.sk, {
      status: 303,
      cookies: [
        openSessionCookie(deps.formSecret, registration.id, {
          secure: isHttps(event),
          now: deps.clock.now(),
        }),
      ],
    });
  };

/** The workspace's routes, by route key. */
export const workspaceRoutes = (deps: WorkspacePageDeps): Readonly<Record<string, Handler>> => ({
  'GET /kelola': home(deps),
  'POST /kelola': askForLink(deps),
  'GET /kelola/masuk/{id}': confirmLink(deps),
  'POST /kelola/masuk/{id}': useLink(deps),
  'POST /kelola/keluar': signOut(deps),
  'GET /kelola/keluar/selesai': async (event) => {
    const page = pageContext(event);
    return workspaceHtml(event, SignedOutPage({ page }), { cookies: page.cookies });
  },
  'GET /kelola/sk': requireWorkspaceSession(deps, (request) => skPage(deps, request, emptyForm)),
  'POST /kelola/sk': requireWorkspaceSession(deps, submitSk(deps)),
  'POST /kelola/sk/unggahan': announceSk(deps),
  'GET /daftar/{id}/kelola': openFromReceipt(deps),
  'GET /kelola/aset/{file}': async (event) =>
    assetResponse([uploadScript], event.pathParameters?.file ?? '', event),
});
