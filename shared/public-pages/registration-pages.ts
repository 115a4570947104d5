import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ForbiddenError, IdempotencyKeyReuseError, ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import { serializeCookie } from '../platform/web/cookies.js';
import { CsrfRejectedError, issueCsrf, requestOrigin, verifyCsrf } from '../platform/web/csrf.js';
import { readFormBody } from '../platform/web/form-data.js';
import { type FormErrors, mapFieldErrors } from '../platform/web/form-errors.js';
import { cookieValue, type Text } from '../platform/web/language.js';
import { type PageContext, pageContext } from '../platform/web/page-context.js';
import { htmlResponse, redirectResponse } from '../platform/web/response.js';
import { isHttps } from '../platform/web/security-headers.js';
import { DuplicateRegistrationError, InvalidTransitionError } from '../registrations/errors.js';
import { getRegistrationForCorrection } from '../registrations/get-registration-for-correction.js';
import { getRegistrationStatus } from '../registrations/get-registration-status.js';
import type { Registration } from '../registrations/registration.js';
import {
  type ResubmitRegistrationDeps,
  resubmitRegistration,
} from '../registrations/resubmit-registration.js';
import { type SubmitRegistrationDeps, submitRegistration } from '../registrations/submit-registration.js';
import { CorrectionClosedPage } from './correction-closed-page.js';
import * as messages from './messages.js';
import { paths } from './public-layout.js';
import { receiptCookieName } from './receipt-cookie.js';
import { ReceiptPage } from './receipt-page.js';
import {
  emptyRegistrationForm,
  type FormAction,
  formAnchors,
  formFromRegistration,
  newIdempotencyKey,
  REGISTRATION_FORM_PARSE,
  type RegistrationFormState,
  readRegistrationForm,
  withExtraRow,
} from './registration-form.js';
import { addedRowFocus, type FormMode, fieldLabel, RegistrationFormPage } from './registration-form-page.js';
import {
  pickerArea,
  type VillageChoices,
  type VillageChoicesCache,
  villageChoices,
} from './village-choices.js';

/** What the registration pages need: the use cases' ports, the region cache and the form secret. */
export interface RegistrationPageDeps extends SubmitRegistrationDeps, ResubmitRegistrationDeps {
  readonly registrations: SubmitRegistrationDeps['registrations'] & ResubmitRegistrationDeps['registrations'];
  readonly villageChoices: VillageChoicesCache;
  /** Signs the CSRF tokens. */
  readonly formSecret: string;
}

/**
 * How the receipt learns the edit token without it ever being in a URL: the POST answers 303 to
 * `/daftar/{id}` (so a reload or a back-and-forth never sends the form again) and sets this
 * cookie, which only that receipt path receives: HttpOnly, SameSite=Strict, 15 minutes. A URL would
 * leak it into history, logs and Referer headers; a cookie stays in the browser that registered.
 * The receipt shows the link while the cookie lives, not only on the first view, because cheap
 * phones drop background tabs and reload them, and the link must survive that.
 */
export const RECEIPT_COOKIE_MAX_AGE_SECONDS = 15 * 60;

/** After opening the correction link, the token waits in this cookie (path `/ubah/{id}`) for a day. */
export const EDIT_COOKIE_MAX_AGE_SECONDS = 24 * 60 * 60;

/** The query parameter of the correction link that carries the edit token. */
export const EDIT_TOKEN_PARAMETER = 'token';

const cookieName = (base: string, https: boolean) => (https ? `__Secure-${base}` : base);
const receiptPath = (id: string) => `${paths.register}/${encodeURIComponent(id)}`;
const correctionPath = (id: string) => `/ubah/${encodeURIComponent(id)}`;

const receiptCookie = (event: APIGatewayProxyEventV2, id: string, editToken: string) =>
  serializeCookie(receiptCookieName(isHttps(event)), editToken, {
    secure: isHttps(event),
    path: receiptPath(id),
    maxAge: RECEIPT_COOKIE_MAX_AGE_SECONDS,
    sameSite: 'Strict',
  });

const editCookie = (event: APIGatewayProxyEventV2, id: string, editToken: string) =>
  serializeCookie(cookieName('edit', isHttps(event)), editToken, {
    secure: isHttps(event),
    path: correctionPath(id),
    maxAge: EDIT_COOKIE_MAX_AGE_SECONDS,
    sameSite: 'Lax',
  });

const pathId = (event: APIGatewayProxyEventV2): string => event.pathParameters?.id ?? '';

/** The village picker for a form: the area asked for, the form's village, or the scope. */
const choicesFor = async (
  deps: RegistrationPageDeps,
  page: PageContext,
  state: RegistrationFormState,
): Promise<VillageChoices> => {
  const ports = { regions: deps.regions, scope: deps.scope, cache: deps.villageChoices };
  const asked = page.query.wilayah ?? (state.villageCode === '' ? undefined : state.villageCode);
  const choices =
    (await villageChoices(ports, pickerArea(deps.scope, asked))) ?? (await villageChoices(ports, deps.scope));
  if (!choices) throw new Error(`The scope ${deps.scope} has no region item: are the regions seeded?`);
  return choices;
};

interface RenderFormOptions {
  readonly mode: FormMode;
  readonly action: string;
  readonly state: RegistrationFormState;
  readonly status?: number;
  readonly errors?: FormErrors | undefined;
  readonly notice?: string | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly focus?: string | undefined;
}

/** A form page: a fresh CSRF token (and its cookie), never stored by any cache. */
const renderForm = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
  page: PageContext,
  options: RenderFormOptions,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const csrf = issueCsrf(event, deps.formSecret);
  const choices = await choicesFor(deps, page, options.state);
  return htmlResponse(
    event,
    RegistrationFormPage({
      page,
      mode: options.mode,
      action: options.action,
      state: options.state,
      errors: options.errors,
      notice: options.notice,
      csrfToken: csrf.token,
      idempotencyKey: options.idempotencyKey,
      choices,
      focus: options.focus,
    }),
    { status: options.status ?? 200, cookies: [...page.cookies, csrf.setCookie], cacheControl: 'no-store' },
  );
};

const errorsOf = (
  page: PageContext,
  state: RegistrationFormState,
  fieldErrors: ValidationError['errors'],
): FormErrors =>
  mapFieldErrors(fieldErrors, {
    anchors: formAnchors(state),
    lang: page.lang,
    label: (field) => fieldLabel(page.lang, field),
  });

/** An error about the form as a whole, shown in the summary only. */
const formLevel = (message: Text | { readonly message: string; readonly messageEn: string }) =>
  'id' in message
    ? { field: '(form)', message: message.id, messageEn: message.en }
    : { field: '(form)', message: message.message, messageEn: message.messageEn };

/** A post either answered already (a stale token, "add a row") or to be submitted. */
type PreparedPost =
  | { readonly response: APIGatewayProxyStructuredResultV2 }
  | {
      readonly body: unknown;
      readonly state: RegistrationFormState;
      readonly idempotencyKey: string | undefined;
    };

/**
 * What both forms do with a post before their use case: read the body (4xx for malformed or
 * oversized input), refuse a post from another site (403), and answer a stale token or an "add a
 * row" by rendering the form again, values kept and nothing written. Undefined when the post is to
 * be submitted.
 */
const preparePost = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
  page: PageContext,
  render: (options: Omit<RenderFormOptions, 'mode' | 'action'>) => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<PreparedPost> => {
  const { body, state, controls } = readRegistrationForm(readFormBody(event, REGISTRATION_FORM_PARSE));
  try {
    verifyCsrf(event, deps.formSecret, controls.csrfToken);
  } catch (error) {
    // Another site's post is refused outright; our own page's stale token gets its form back.
    if (!(error instanceof CsrfRejectedError) || error.reason !== 'token') throw error;
    logger.info('Form post with a stale CSRF token shown again');
    return {
      response: await render({
        state,
        status: 403,
        errors: errorsOf(page, state, [formLevel(error)]),
        idempotencyKey: controls.idempotencyKey ?? newIdempotencyKey(),
      }),
    };
  }
  if (controls.action !== 'submit') {
    const next = withExtraRow(state, controls.action);
    return {
      response: await render({
        state: next,
        notice: next === state ? undefined : messages.form.rowAdded[page.lang],
        focus:
          next === state ? undefined : addedRowFocus(next, controls.action as Exclude<FormAction, 'submit'>),
        idempotencyKey: controls.idempotencyKey ?? newIdempotencyKey(),
      }),
    };
  }
  return { body, state, idempotencyKey: controls.idempotencyKey };
};

/** The errors a use case refused a post with, as the form shows them; undefined for any other error. */
const refusalOf = (error: unknown): { status: number; errors: ValidationError['errors'] } | undefined => {
  if (error instanceof ValidationError) return { status: 400, errors: error.errors };
  if (error instanceof DuplicateRegistrationError) {
    return {
      status: 409,
      errors: [{ field: 'sk.number', message: error.message, messageEn: error.messageEn }],
    };
  }
  return undefined;
};

/** GET /daftar: an empty form with a new idempotency key. */
export const registrationFormPage = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> =>
  renderForm(deps, event, pageContext(event), {
    mode: { kind: 'register' },
    action: paths.register,
    state: emptyRegistrationForm(),
    idempotencyKey: newIdempotencyKey(),
  });

/**
 * POST /daftar: registers through `submitRegistration` (the API's use case and schema) and answers
 * 303 to the receipt; a double tap or a resend carries the same idempotency key and gets the same
 * receipt. An invalid post renders the form again with every value kept and each error beside its
 * field.
 */
export const submitRegistrationForm = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const page = pageContext(event);
  const render = (options: Omit<RenderFormOptions, 'mode' | 'action'>) =>
    renderForm(deps, event, page, { ...options, mode: { kind: 'register' }, action: paths.register });
  const prepared = await preparePost(deps, event, page, render);
  if ('response' in prepared) return prepared.response;
  const { body, state, idempotencyKey } = prepared;
  try {
    const { registration, replayed } = await submitRegistration(deps, { body, idempotencyKey });
    logger.info(replayed ? 'Registration form replayed' : 'Registration form created', {
      registrationId: registration.id,
      villageCode: registration.villageCode,
    });
    return redirectResponse(event, receiptPath(registration.id), {
      cookies: [...page.cookies, receiptCookie(event, registration.id, registration.editToken)],
    });
  } catch (error) {
    if (error instanceof IdempotencyKeyReuseError) {
      return render({
        state,
        status: 422,
        errors: errorsOf(page, state, [formLevel(messages.form.keyReused)]),
        idempotencyKey: newIdempotencyKey(),
      });
    }
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return render({
      state,
      status: refusal.status,
      errors: errorsOf(page, state, refusal.errors),
      idempotencyKey: idempotencyKey ?? newIdempotencyKey(),
    });
  }
};

/**
 * GET /daftar/{id}: the receipt. Shows the correction link while the receipt cookie of the
 * browser that registered holds a token that matches this registration; a cookie planted by
 * anyone else matches nothing and shows nothing.
 */
export const receiptPage = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const page = pageContext(event);
  const id = pathId(event);
  const token = cookieValue(event.cookies, receiptCookieName(isHttps(event)));
  let correctionUrl: string | undefined;
  const registration = await getRegistrationStatus(deps, id);
  if (token !== undefined) {
    try {
      await getRegistrationForCorrection(deps, { id, editToken: token });
      correctionUrl = `${requestOrigin(event)}${correctionPath(id)}?${EDIT_TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
    }
  }
  return htmlResponse(event, ReceiptPage({ page, registration, correctionUrl }), {
    cookies: page.cookies,
    cacheControl: 'no-store',
    referrerPolicy: 'no-referrer',
  });
};

/** The registration the edit cookie (or, once, the link's token) authorises; 404 / 403 otherwise. */
const authorisedRegistration = (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
  editToken: string | undefined,
): Promise<Registration> => getRegistrationForCorrection(deps, { id: pathId(event), editToken });

const closedPage = (
  event: APIGatewayProxyEventV2,
  page: PageContext,
  registration: Registration,
  status = 200,
) =>
  htmlResponse(event, CorrectionClosedPage({ page, registration }), {
    status,
    cookies: page.cookies,
    cacheControl: 'no-store',
  });

/**
 * GET /ubah/{id}. Opened through the correction link (`?token=`), it checks the token, keeps it in
 * an HttpOnly cookie for this path and answers 303 to the same page without it, so the token does
 * not stay in the address bar, the history or any Referer. Then the correction form, prefilled,
 * for a REJECTED registration; any other status is told there is nothing to correct.
 */
export const correctionFormPage = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const page = pageContext(event);
  const fromLink = page.query[EDIT_TOKEN_PARAMETER];
  if (fromLink !== undefined) {
    const registration = await authorisedRegistration(deps, event, fromLink);
    const rest = new URLSearchParams();
    for (const [name, value] of Object.entries(page.query)) {
      if (name !== EDIT_TOKEN_PARAMETER && name !== 'lang' && value !== undefined) rest.set(name, value);
    }
    const query = rest.toString();
    return redirectResponse(event, `${correctionPath(registration.id)}${query ? `?${query}` : ''}`, {
      cookies: [...page.cookies, editCookie(event, registration.id, fromLink)],
      referrerPolicy: 'no-referrer',
    });
  }
  const registration = await authorisedRegistration(
    deps,
    event,
    cookieValue(event.cookies, cookieName('edit', isHttps(event))),
  );
  if (registration.status !== 'REJECTED') return closedPage(event, page, registration);
  return renderForm(deps, event, page, {
    mode: { kind: 'correct', rejectionReason: registration.rejectionReason },
    action: correctionPath(registration.id),
    state: formFromRegistration(registration),
  });
};

/**
 * POST /ubah/{id}: corrects through `resubmitRegistration` (the same rules as PUT
 * /registrations/{id}) with the token of the edit cookie, then 303 to the status page.
 */
export const submitCorrectionForm = async (
  deps: RegistrationPageDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const page = pageContext(event);
  const editToken = cookieValue(event.cookies, cookieName('edit', isHttps(event)));
  let current: Registration | undefined;
  const render = async (options: Omit<RenderFormOptions, 'mode' | 'action'>) => {
    current ??= await authorisedRegistration(deps, event, editToken);
    return renderForm(deps, event, page, {
      ...options,
      idempotencyKey: undefined,
      mode: { kind: 'correct', rejectionReason: current.rejectionReason },
      action: correctionPath(current.id),
    });
  };
  const prepared = await preparePost(deps, event, page, render);
  if ('response' in prepared) return prepared.response;
  try {
    const registration = await resubmitRegistration(deps, {
      id: pathId(event),
      editToken,
      body: prepared.body,
    });
    logger.info('Registration corrected through the form', {
      registrationId: registration.id,
      villageCode: registration.villageCode,
    });
    return redirectResponse(event, paths.status(registration.id), { cookies: page.cookies });
  } catch (error) {
    if (error instanceof InvalidTransitionError) {
      return closedPage(event, page, await authorisedRegistration(deps, event, editToken), 409);
    }
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return render({
      state: prepared.state,
      status: refusal.status,
      errors: errorsOf(page, prepared.state, refusal.errors),
    });
  }
};
