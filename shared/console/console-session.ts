import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CSRF_FIELD, CsrfRejectedError, isSameOriginPost } from '../platform/web/csrf.js';
import { type FormObject, readFormBody } from '../platform/web/form-data.js';
import { type PageContext, pageContext } from '../platform/web/page-context.js';
import { htmlResponse } from '../platform/web/response.js';
import type { SignedIn } from './console-layout.js';
import {
  type ConsoleSession,
  currentSession,
  isGenuinePost,
  type SignInDeps,
  sessionCsrfToken,
  signInRedirect,
} from './sign-in.js';

// What every console page does around its own work: the session, the CSRF check, the response.

export type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
export type SessionHandler = (
  event: APIGatewayProxyEventV2,
  session: ConsoleSession,
  page: PageContext,
  signedIn: SignedIn,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Console answers are never stored by any cache: they hold personal data and move with every review. */
export const NO_STORE = 'no-store';

export const withCookies = (
  response: APIGatewayProxyStructuredResultV2,
  cookies: readonly string[],
): APIGatewayProxyStructuredResultV2 =>
  cookies.length === 0 ? response : { ...response, cookies: [...(response.cookies ?? []), ...cookies] };

/**
 * Runs `handler` for a signed-in officer or admin; anyone else goes to sign in and comes back.
 * A post must come from this site (else 403 before anything, session or not) and carry the
 * session's CSRF token (else 403, see `readPost`): either way nothing is written.
 */
export const signedIn =
  (deps: SignInDeps, handler: SessionHandler): Handler =>
  async (event) => {
    const isPost = event.requestContext.http.method === 'POST';
    if (isPost && !isSameOriginPost(event)) throw new CsrfRejectedError('origin');
    const session = await currentSession(deps, event);
    if (session === undefined) return signInRedirect(event);
    const page = pageContext(event);
    const response = await handler(event, session, page, {
      principal: session.principal,
      csrfToken: sessionCsrfToken(deps, session),
    });
    return withCookies(response, [...page.cookies, ...session.cookies]);
  };

/** Reads a console form post and refuses (403) one without this session's token. */
export const readPost = (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
  session: ConsoleSession,
): FormObject => {
  const form = readFormBody(event);
  if (!isGenuinePost(deps, event, session, form[CSRF_FIELD])) throw new CsrfRejectedError('token');
  return form;
};

/** A console page: never stored; its sign-out form may go on to the sign-in service's logout. */
export const html = (
  deps: SignInDeps,
  event: APIGatewayProxyEventV2,
  page: Parameters<typeof htmlResponse>[1],
  status = 200,
) =>
  htmlResponse(event, page, { status, cacheControl: NO_STORE, formActions: [deps.identity.browserOrigin] });

/** A text field of a form, or '' when absent. */
export const stringField = (form: FormObject, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};
