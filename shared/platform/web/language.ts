/** The languages every page is written in: Indonesian first, English second. */
export const LANGUAGES = ['id', 'en'] as const;

export type Language = (typeof LANGUAGES)[number];

/** One piece of text in both languages. */
export interface Text {
  readonly id: string;
  readonly en: string;
}

/** The cookie that remembers the language a visitor picked. */
export const LANGUAGE_COOKIE = 'lang';

/** A year: the choice outlives the visit without being kept forever. */
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** What a page needs of its request to choose the language. */
export interface LanguageRequest {
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | undefined;
  /** API Gateway v2 passes the request's cookies as `name=value` strings. */
  readonly cookies?: readonly string[] | undefined;
}

export interface LanguageChoice {
  readonly lang: Language;
  /** A `Set-Cookie` value when the request chose a language with `?lang=`; the choice is then remembered. */
  readonly setCookie?: string;
}

const isLanguage = (value: string | undefined): value is Language =>
  value !== undefined && (LANGUAGES as readonly string[]).includes(value);

/** The value of one cookie of the request, if it was sent. */
export const cookieValue = (cookies: readonly string[] | undefined, name: string): string | undefined => {
  for (const cookie of cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
};

/**
 * `?lang=en` (or `id`) wins and is remembered in the `lang` cookie; otherwise the cookie;
 * otherwise Indonesian. The cookie is `Secure` when the page was requested over HTTPS.
 */
export const chooseLanguage = (
  request: LanguageRequest,
  options: { readonly https: boolean },
): LanguageChoice => {
  const asked = request.queryStringParameters?.lang;
  if (isLanguage(asked)) {
    const attributes = ['Path=/', `Max-Age=${COOKIE_MAX_AGE_SECONDS}`, 'SameSite=Lax', 'HttpOnly'];
    if (options.https) attributes.push('Secure');
    return { lang: asked, setCookie: [`${LANGUAGE_COOKIE}=${asked}`, ...attributes].join('; ') };
  }
  const remembered = cookieValue(request.cookies, LANGUAGE_COOKIE);
  return { lang: isLanguage(remembered) ? remembered : 'id' };
};

/** The other language: what the language switch offers. */
export const otherLanguage = (lang: Language): Language => (lang === 'id' ? 'en' : 'id');

/**
 * The link that shows the same page in `lang`: the same path and query, `lang` set. A link,
 * not a script, so the switch works without JavaScript.
 */
export const languageSwitchHref = (
  path: string,
  query: Readonly<Record<string, string | undefined>> | undefined,
  lang: Language,
): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (name !== 'lang' && value !== undefined) params.set(name, value);
  }
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
};
