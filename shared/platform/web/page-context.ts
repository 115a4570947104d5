import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { chooseLanguage, type Language, languageSwitchHref, otherLanguage } from './language.js';
import { isHttps } from './security-headers.js';

/** What every page knows of its request: the language shown and where it is. */
export interface PageContext {
  readonly lang: Language;
  /** The request path, as the browser asked for it. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly https: boolean;
  /** The `lang` cookie to set when the request chose a language with `?lang=`. */
  readonly cookies: readonly string[];
  /** The same page in the other language. */
  readonly switchHref: string;
}

/** The page context of an API Gateway v2 request. */
export const pageContext = (event: APIGatewayProxyEventV2): PageContext => {
  const https = isHttps(event);
  const choice = chooseLanguage(event, { https });
  const query = event.queryStringParameters ?? {};
  const path = event.rawPath || '/';
  return {
    lang: choice.lang,
    path,
    query,
    https,
    cookies: choice.setCookie ? [choice.setCookie] : [],
    switchHref: languageSwitchHref(path, query, otherLanguage(choice.lang)),
  };
};
